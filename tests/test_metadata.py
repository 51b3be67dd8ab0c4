"""Front-matter extraction: agency, reporting year, publication date, title.

The real-corpus tests read ``/work/shared/corpus`` through the ``corpus`` fixture (they
skip when it is absent). The synthetic texts below are invented (宁川县 and its
offices do not exist) and kept to short lines.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.mapper.metadata import Metadata, extract_metadata
from gongkai.mapper.normalize import normalise

from .conftest import seed_path

# seed number → (agency, year, published as printed)
SEEDS = {
    0: ("湖南省交通运输厅", 2017, date(2018, 3, 26)),  # 公开日期 field (signature says 3月14日)
    1: ("耒阳市", 2017, date(2017, 3, 15)),  # date line under the title
    2: ("汕尾市交通运输局", 2018, None),
    3: ("庐山市交通运输局", 2020, None),
    4: ("湘潭县交通运输局", 2020, None),
}

# dev file → publication date as printed (every other dev file prints none)
DEV_PUBLISHED = {
    "102.txt": date(2021, 1, 27),  # 发布日期 field
    "108.txt": date(2021, 1, 25),  # date line under the title
    "114.txt": date(2020, 1, 15),  # 发布时间 field
    "123.txt": date(2024, 1, 26),  # 公开日期 field
}
DEV_FILES = [f"{n}.txt" for n in range(101, 127)]


def meta(text: str) -> Metadata:
    return extract_metadata(normalise(text))


def lines(*parts: str) -> str:
    return "\n".join(parts)


# --------------------------------------------------------------------------- real corpus


@pytest.mark.parametrize("number", sorted(SEEDS))
def test_seed(corpus, number):
    agency, year, published = SEEDS[number]
    m = meta(seed_path(corpus, number).read_text("utf-8"))
    assert (m.agency, m.year, m.published) == (agency, year, published)


@pytest.mark.parametrize("name", DEV_FILES)
def test_dev(corpus, manifest, name):
    row = manifest[name]
    m = meta((corpus / "dev" / name).read_text("utf-8"))
    assert m.agency == (row["agency"] or None)
    assert m.year == row["year"]
    assert m.published == DEV_PUBLISHED.get(name)


@pytest.mark.parametrize("name", ["108.txt", "seed1"])
def test_early_publication_is_warned(corpus, name):
    path = seed_path(corpus, 1) if name == "seed1" else corpus / "dev" / name
    m = meta(path.read_text("utf-8"))
    assert any("precedes the end of reporting year" in w for w in m.warnings)


@pytest.mark.parametrize("name", ["104.txt", "105.txt", "106.txt", "109.txt"])
def test_self_reference_only_is_warned(corpus, name):
    m = meta((corpus / "dev" / name).read_text("utf-8"))
    assert m.agency is None
    assert any(w.startswith("agency:") for w in m.warnings)


def test_dev_titles(corpus):
    m = meta((corpus / "dev" / "113.txt").read_text("utf-8"))  # agency line above the title line
    assert m.title is not None and m.title.startswith("故城县教育局2020年")
    m = meta((corpus / "dev" / "114.txt").read_text("utf-8"))
    assert any("puroview.com" in w for w in m.warnings)


def test_long_text_keeps_the_front_matter(corpus):
    # speed is measured in bench/parse.py, not asserted here; a report repeated to 20 KB
    # still yields the front matter of its first copy
    text = normalise(seed_path(corpus, 0).read_text("utf-8"))
    m = extract_metadata((text * 4)[:20000])
    assert (m.agency, m.year) == ("湖南省交通运输厅", 2017)


# --------------------------------------------------------------------------- synthetic texts


def test_traditional_input():
    text = lines(
        "寧川縣農業農村局2021年政府信息公開工作年度報告",
        "發佈日期：2022-01-20",
        "根據《條例》規定，本報告由本局辦公室編製。",
        "統計期限自2021年1月1日起至2021年12月31日止。",
        "一、總體情況",
        "2021年，我局認真貫徹落實條例，公開信息35條。",
    )
    m = meta(text)
    assert (m.agency, m.year, m.published) == ("宁川县农业农村局", 2021, date(2022, 1, 20))
    assert m.title == "宁川县农业农村局2021年政府信息公开工作年度报告"


def test_title_split_agency_line_above():
    text = lines("首页 > 信息公开 > 年报", "", "宁川县农业农村局", "", "2021年度政府信息公开工作年度报告", "正文。")
    m = meta(text)
    assert (m.agency, m.year) == ("宁川县农业农村局", 2021)
    assert m.title == "宁川县农业农村局2021年度政府信息公开工作年度报告"


def test_title_wrapped_mid_phrase():
    m = meta(lines("宁川县统计局2020年政府信息公开", "工作年度报告", "一、总体情况", "我局公开信息。"))
    assert (m.agency, m.year) == ("宁川县统计局", 2020)


def test_title_split_generic_second_line():
    m = meta(lines("宁川县", "人民政府2020年政府信息公开工作年度报告", "正文。"))
    assert m.agency == "宁川县人民政府"


def test_site_header_above_full_title_is_not_joined():
    m = meta(lines("宁川县人民政府门户网站", "宁川县统计局2020年政府信息公开工作年度报告"))
    assert m.agency == "宁川县统计局"


def test_year_less_text():
    m = meta(lines("宁川县农业农村局政府信息公开工作年度报告", "一、总体情况", "我局认真落实条例,公开信息12条。"))
    assert m.agency == "宁川县农业农村局"
    assert m.year is None
    assert "year: not found" in m.warnings


def test_spam_domain_prefix():
    text = lines("abcxyz.com青石镇2020年政府信息公开工作年度报告", "发布时间:2021-01-15", "地址:abcxyz.com青石镇府前路8号")
    m = meta(text)
    assert (m.agency, m.year, m.published) == ("青石镇", 2020, date(2021, 1, 15))
    assert any("abcxyz.com" in w for w in m.warnings)


def test_title_forms():
    forms = {
        "宁川县统计局政府信息公开2021年度报告": 2021,
        "2022年宁川县统计局政府信息公开工作年度报告": 2022,
        "宁川县统计局2020年度政府信息公开工作报告": 2020,
        "宁川县统计局2018年政务公开工作总结": 2018,
        "关于宁川县统计局2019年政府信息公开工作年度报告": 2019,
        "宁川县统计局政府信息公开工作年度报告(2019年度)": 2019,
    }
    for title, year in forms.items():
        m = meta(lines(title, "正文。"))
        assert (m.agency, m.year) == ("宁川县统计局", year), title


def test_title_in_sentence():
    text = lines("根据《条例》要求,现编制形成", "《宁川县统计局2021年政府信息公开工作年度报告》。", "我局公开信息。")
    assert meta(text).agency == "宁川县统计局"
    text = "根据《条例》要求,现向社会公布宁川县青石镇人民政府2023年政府信息公开工作年度报告。"
    assert (meta(text).agency, meta(text).year) == ("宁川县青石镇人民政府", 2023)


def test_notice_titles_are_not_report_titles():
    text = lines(
        "按照《宁川县人民政府办公室关于编制2021年",
        "政府信息公开工作年度报告的通知》要求,编制本报告。",
        "2021年,我局公开信息。",
    )
    m = meta(text)
    assert m.agency is None
    assert m.year == 2021


def test_compiled_by_office_names_the_parent():
    text = lines("本报告由青石镇人民政府党政办公室编制。", "统计期限为2020年1月1日至2020年12月31日。")
    assert (meta(text).agency, meta(text).year) == ("青石镇人民政府", 2020)


def test_office_title_keeps_office():
    m = meta(lines("宁川县人民政府办公室", "2020年政府信息公开工作年度报告", "正文。"))
    assert m.agency == "宁川县人民政府办公室"


def test_self_references_are_not_names():
    m = meta(lines("一、总体情况", "本报告由本单位编制。", "2019年,我局主动公开信息。"))
    assert m.agency is None
    assert any("本单位" in w for w in m.warnings)
    assert m.year == 2019


def test_opening_sentence_subject():
    m = meta(lines("一、总体情况", "2022年,我局认真落实条例。", "2022年,宁川县文化和旅游局公开信息。"))
    assert (m.agency, m.year) == ("宁川县文化和旅游局", 2022)


def test_field_abbreviation_completed_from_text():
    text = lines("发布单位: | 青石镇 | 公开日期: | 2024-01-22 |", "本报告由宁川县青石镇人民政府编制。")
    m = meta(text)
    assert m.agency == "宁川县青石镇人民政府"
    assert m.published == date(2024, 1, 22)


def test_bare_level_name_completed_from_contact():
    text = lines("本报告由区统计局编制。", "如有疑问,请与宁川区统计局办公室联系。", "统计期限自2023年1月1日至2023年12月31日。")
    assert meta(text).agency == "宁川区统计局"


def test_title_beats_field_and_warns_on_conflict():
    m = meta(lines("宁川县统计局2021年政府信息公开工作年度报告", "发布机构:宁川县水利局"))
    assert m.agency == "宁川县统计局"
    assert any("conflicts" in w for w in m.warnings)


def test_signature_block():
    text = lines("一、总体情况", "2021年,我局主动公开信息。", "二、其他", "无。", "", "宁川县农业农村局", "二〇二二年一月十八日", "")
    m = meta(text)
    assert (m.agency, m.year, m.published) == ("宁川县农业农村局", 2021, date(2022, 1, 18))


def test_date_line_under_title_is_published_not_year():
    m = meta(lines("宁川县统计局政府信息公开2021年度报告", "(2021年1月25日)", "正文。"))
    assert (m.year, m.published) == (2021, date(2021, 1, 25))
    assert "published 2021-01-25 precedes the end of reporting year 2021" in m.warnings


def test_date_line_is_not_the_year():
    m = meta(lines("(2021年1月25日)", "一、总体情况", "2020年,我局公开信息。"))
    assert m.year == 2020


def test_statistics_period_variants():
    assert meta("统计期限自20231月1日起至202312月31日止。我镇公开信息。").year == 2023
    assert meta("统计期限自 2022年 1 月 1 日起至2022年 12 月 31 日止。").year == 2022
    assert meta("本报告所列数据自2019年1月1日起,至2019年12月31日止。").year == 2019


def test_year_fallbacks():
    assert meta("一、总体情况\n2016年度,全县公开信息。").year == 2016
    assert meta("现结合实际,汇报我镇2023年政府信息公开工作。").year == 2023
    m = meta("一、总体情况\n2018年以来,我局公开信息。")
    assert m.year is None


def test_title_year_beats_period_with_warning():
    m = meta(lines("宁川县水利局2021年政府信息公开工作年度报告", "统计期限自2020年1月1日起至2020年12月31日止。"))
    assert m.year == 2021
    assert any("statistics period says 2020" in w for w in m.warnings)


def test_empty_text():
    m = meta("")
    assert (m.agency, m.year, m.published, m.title) == (None, None, None, None)
    assert m.warnings
