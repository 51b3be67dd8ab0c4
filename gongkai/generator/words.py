"""Invented agencies, dates and filler prose (no figures, no table labels)."""

from __future__ import annotations

import datetime
import random

PLACES = (
    "临江市", "青川县", "南溪区", "云岭县", "东湖区", "白沙县", "清河区", "龙泉市", "安平县", "梅山区",
    "长宁县", "兴安市", "西陵区", "平湖县", "丰城市", "桐溪县", "北塘区", "江屿市", "石门县", "凤台区",
)
DEPARTMENTS = (
    "人民政府", "人民政府办公室", "交通运输局", "自然资源和规划局", "生态环境局", "市场监督管理局", "教育局",
    "卫生健康委员会", "住房和城乡建设局", "民政局", "财政局", "司法局", "农业农村局", "应急管理局",
    "文化广电旅游局", "人力资源和社会保障局", "水利局", "发展和改革委员会", "统计局", "医疗保障局",
)
NUMERALS = "一二三四五六七八九十"


_FIRST = "临青南云东白清龙安梅桐凤平江河山湖川宁新永兴长福嘉丰德庆泰和华阳明光景春秋星金玉石竹松柏桂兰瑞祥康乐昌盛茂"
_SECOND = "江川溪岭湖山河源泉阳平安宁丰和城州原林田台口桥塘湾"
_LEVEL = "县市区"


def agency(rng: random.Random) -> str:
    """A plausible invented agency name, e.g. ``临江市交通运输局`` (~100,000 possible)."""
    if rng.random() < 0.2:
        place = rng.choice(PLACES)
    else:
        place = rng.choice(_FIRST) + rng.choice(_SECOND) + rng.choice(_LEVEL)
    return place + rng.choice(DEPARTMENTS)


def we(name: str) -> str:
    """How the agency calls itself in its report."""
    for suffix, pronoun in (("委员会", "我委"), ("办公室", "我办"), ("局", "我局")):
        if name.endswith(suffix):
            return pronoun
    return "我" + name[name.index("人民政府") - 1] if "人民政府" in name else "本机关"


def published(rng: random.Random, year: int, early: bool) -> datetime.date:
    """A publication date in the following year (January for post-2019 departments)."""
    month = rng.choice((1, 1, 1, 2, 3)) if early else rng.choice((1, 2, 3, 3, 3))
    return datetime.date(year + 1, month, rng.randint(5, 28))


def date_line(rng: random.Random, day: datetime.date) -> str:
    y, m, d = day.year, day.month, day.day
    return rng.choice((
        f"发布日期：{day.isoformat()}",
        f"（{y}年{m}月{d}日）",
        f"发布时间：{y}-{m:02d}-{d:02d} {rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}",
        f"{y}年{m:02d}月{d:02d}日",
    ))


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


_OPENERS = (
    "{year}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，持续提升政务公开质量。",
    "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "{year}年，{we}在上级主管部门的指导下，围绕中心工作，扎实推进政务公开标准化规范化建设，进一步增强工作透明度。",
)
_BODY = (
    "{we}调整充实了政务公开工作领导小组，明确分管领导和具体经办人员，形成主要领导负总责、分管领导具体抓的工作格局。",
    "严格落实公文公开属性源头认定制度，对拟公开信息实行三级审核，确保发布内容准确规范。",
    "及时更新政府信息公开指南和目录，方便公众查询和获取所需信息。",
    "围绕群众关心关注的热点问题，通过门户网站、政务新媒体等渠道及时发布权威信息。",
    "规范依申请公开受理、审查、答复等环节，严格按照法定时限和程序办理，切实保障群众知情权。",
    "加强政府信息公开专栏日常维护，定期开展栏目内容自查，及时整改发现的问题。",
    "将政务公开工作纳入年度目标考核内容，组织业务培训，提升工作人员业务能力。",
    "推进政策解读与政策文件同步组织、同步审签、同步部署，采用图文、视频等多种形式开展解读。",
    "健全政务新媒体管理制度，落实信息发布审核流程，做好网民留言办理和回复工作。",
    "加强档案和信息资源管理，对已公开信息进行分类整理，提高信息检索效率。",
)
_PROBLEMS = (
    "{we}政府信息公开工作虽取得一定成效，但仍存在信息更新不够及时、政策解读形式较为单一等问题。",
    "下一步，{we}将进一步完善工作机制，加强业务培训，丰富公开形式，不断提升政务公开工作水平。",
    "部分栏目内容更新频率不高，公开信息的深度和广度有待拓展，基层人员业务能力需进一步提升。",
)
_OTHER = (
    "{we}本年度无其他需要报告的事项。",
    "本年度未收取信息处理费。",
    "{we}按照上级要求做好政务公开工作年度考核相关工作，无其他需要报告的事项。",
)


def sentences(rng: random.Random, pool: tuple[str, ...], k: int, **names: object) -> str:
    return "".join(s.format(**names) for s in rng.sample(pool, k))


def opener(rng: random.Random, **names: object) -> str:
    return rng.choice(_OPENERS).format(**names)


def body(rng: random.Random, k: int = 2, **names: object) -> str:
    return sentences(rng, _BODY, k, **names)


def problems(rng: random.Random, **names: object) -> str:
    return sentences(rng, _PROBLEMS, rng.randint(1, 2), **names)


def other(rng: random.Random, **names: object) -> str:
    return rng.choice(_OTHER).format(**names)
