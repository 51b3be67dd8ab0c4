"""The 2019 (E2) and 2021 (E3) national report formats (spec §2, §3, §6.1–6.3)."""

from __future__ import annotations

from .spec import Block, Column, Edition, Identity, Row, Table

# ---------------------------------------------------------------- T3 applications
APPLICANTS = (
    Column("NP", "自然人", "natural person"),
    Column("LP-COM", "商业企业", "commercial enterprise"),
    Column("LP-RES", "科研机构", "research institution"),
    Column("LP-NGO", "社会公益组织", "public-interest organisation"),
    Column("LP-LAW", "法律服务机构", "legal-service institution"),
    Column("LP-OTH", "其他", "other organisation", aliases=("其它",)),
    Column("TOTAL", "总计", "total", aliases=("合计",)),
)
APPLICANT_CODES = tuple(c.code for c in APPLICANTS[:-1])

_T3_HEAD = (
    Row("F1", "一、本年新收政府信息公开申请数量", "new applications received this year"),
    Row("F2", "二、上年结转政府信息公开申请数量", "applications carried over from last year"),
    Row("O", "三、本年度办理结果", "outcomes this year", group=True),
    Row("O1", "（一）予以公开", "disclosed", parent="O"),
    Row("O2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially disclosed", parent="O"),
    Row("O3", "（三）不予公开", "not disclosed", group=True, subtotal=True, parent="O"),
    Row("O3.1", "1.属于国家秘密", "state secret", parent="O3"),
    Row("O3.2", "2.其他法律行政法规禁止公开", "forbidden by other laws or administrative regulations", parent="O3"),
    Row("O3.3", "3.危及“三安全一稳定”", "endangers security or stability", parent="O3"),
    Row("O3.4", "4.保护第三方合法权益", "protects third-party rights", parent="O3"),
    Row("O3.5", "5.属于三类内部事务信息", "internal-affairs information", parent="O3"),
    Row("O3.6", "6.属于四类过程性信息", "process information", parent="O3"),
    Row("O3.7", "7.属于行政执法案卷", "administrative enforcement case file", parent="O3"),
    Row("O3.8", "8.属于行政查询事项", "matter under a statutory query procedure", parent="O3"),
    Row("O4", "（四）无法提供", "cannot provide", group=True, subtotal=True, parent="O"),
    Row("O4.1", "1.本机关不掌握相关政府信息", "agency does not hold the information", parent="O4"),
    Row("O4.2", "2.没有现成信息需要另行制作", "would have to be newly created", parent="O4"),
    Row("O4.3", "3.补正后申请内容仍不明确", "still unclear after correction", parent="O4"),
    Row("O5", "（五）不予处理", "not processed", group=True, subtotal=True, parent="O"),
    Row("O5.1", "1.信访举报投诉类申请", "petition, report or complaint", aliases=("信访投诉举报类申请",), parent="O5"),
    Row("O5.2", "2.重复申请", "repeat request", parent="O5"),
    Row("O5.3", "3.要求提供公开出版物", "asks for published material", parent="O5"),
    Row("O5.4", "4.无正当理由大量反复申请", "mass or repeated requests without good reason", parent="O5"),
    Row("O5.5", "5.要求行政机关确认或重新出具已获取信息", "asks to confirm or re-issue information already obtained", parent="O5"),
)
_T3_TAIL = (
    Row("O7", "（七）总计", "total outcomes", aliases=("合计",), parent="O"),
    Row("F4", "四、结转下年度继续办理", "carried forward to next year"),
)
T3_E2_ROWS = _T3_HEAD + (Row("O6", "（六）其他处理", "other handling", parent="O"),) + _T3_TAIL
T3_E3_ROWS = _T3_HEAD + (
    Row("O6", "（六）其他处理", "other handling", group=True, subtotal=True, parent="O"),
    Row(
        "O6.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "applicant did not supply corrections in time",
        parent="O6",
    ),
    Row(
        "O6.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "applicant did not pay the processing fee in time",
        parent="O6",
    ),
    Row("O6.3", "3.其他", "other", aliases=("其它",), parent="O6"),
) + _T3_TAIL

_T3_ANCHORS = ("本列数据的勾稽关系为", "申请人情况", "本年新收政府信息公开申请数量")


def _t3(rows: tuple[Row, ...]) -> Table:
    return Table(
        "requests",
        "收到和处理政府信息公开申请情况",
        "Applications received and handled",
        (Block("requests", _T3_ANCHORS, rows, APPLICANTS),),
    )


# ---------------------------------------------------------------- T4 review/litigation
RESULTS = (
    Column("upheld", "结果维持", "upheld", aliases=("结果维护",)),
    Column("corrected", "结果纠正", "corrected"),
    Column("other", "其他结果", "other result", aliases=("其它结果",)),
    Column("pending", "尚未审结", "pending"),
    Column("total", "总计", "total", aliases=("合计",)),
)
PROCEEDINGS = (
    Row("review", "行政复议", "administrative reconsideration"),
    Row("direct-suit", "未经复议直接起诉", "lawsuit without prior reconsideration"),
    Row("suit-after-review", "复议后起诉", "lawsuit after reconsideration"),
)
T4 = Table(
    "review",
    "政府信息公开行政复议、行政诉讼情况",
    "Administrative reconsideration and litigation",
    (Block("review", ("行政复议",), PROCEEDINGS, RESULTS, flat=True),),
)

# ---------------------------------------------------------------- T2 proactive disclosure
_ITEM1 = ("第二十条第（一）项",)
_ITEM5 = ("第二十条第（五）项",)
_ITEM6 = ("第二十条第（六）项",)
_ITEM8 = ("第二十条第（八）项",)
_ITEM9 = ("第二十条第（九）项",)

_E2_STOCK = (
    Column("prev-items", "上一年项目数量", "items last year"),
    Column("change", "本年增/减", "net change this year", signed=True),
    Column("decisions", "处理决定数量", "decisions this year"),
)
T2_E2 = Table(
    "proactive",
    "主动公开政府信息情况",
    "Proactive disclosure",
    (
        Block(
            "item-1",
            _ITEM1,
            (
                Row("rules", "规章", "rules"),
                Row("normative", "规范性文件", "normative documents"),
                Row("other-docs", "其他主动公开文件", "other proactively disclosed documents", local=True),
            ),
            (
                Column("made", "本年新制作数量", "newly made this year"),
                Column("published", "本年新公开数量", "newly published this year"),
                Column("public-total", "对外公开总数量", "total publicly available"),
            ),
        ),
        Block(
            "item-5",
            _ITEM5,
            (
                Row("licensing", "行政许可", "administrative licensing"),
                Row("other-services", "其他对外管理服务事项", "other external management and service matters"),
            ),
            _E2_STOCK,
        ),
        Block(
            "item-6",
            _ITEM6,
            (Row("penalty", "行政处罚", "administrative penalty"), Row("coercion", "行政强制", "administrative coercion")),
            _E2_STOCK,
        ),
        Block("item-8", _ITEM8, (Row("fees", "行政事业性收费", "administrative fees"),), _E2_STOCK[:2]),
        Block(
            "item-9",
            _ITEM9,
            (Row("procurement", "政府集中采购", "centralised government procurement"),),
            (
                Column("procurement-items", "采购项目数量", "procurement projects"),
                Column("procurement-amount", "采购总金额", "total procurement amount", money=True),
            ),
        ),
    ),
)

_E3_DECISIONS = (Column("decisions", "本年处理决定数量", "decisions this year"),)
T2_E3 = Table(
    "proactive",
    "主动公开政府信息情况",
    "Proactive disclosure",
    (
        Block(
            "item-1",
            _ITEM1,
            (
                Row("rules", "规章", "rules"),
                Row("normative", "行政规范性文件", "administrative normative documents", aliases=("规范性文件",)),
            ),
            (
                Column("issued", "本年制发件数", "issued this year"),
                Column("repealed", "本年废止件数", "repealed this year"),
                Column("in-force", "现行有效件数", "currently in force"),
            ),
        ),
        Block("item-5", _ITEM5, (Row("licensing", "行政许可", "administrative licensing"),), _E3_DECISIONS),
        Block(
            "item-6",
            _ITEM6,
            (Row("penalty", "行政处罚", "administrative penalty"), Row("coercion", "行政强制", "administrative coercion")),
            _E3_DECISIONS,
        ),
        Block(
            "item-8",
            _ITEM8,
            (Row("fees", "行政事业性收费", "administrative fees"),),
            (Column("fee-amount", "本年收费金额（单位：万元）", "fees collected this year", unit="万元", money=True),),
        ),
    ),
)


# ---------------------------------------------------------------- identities (spec §6)
def _t3_identities(outcomes: tuple[str, ...]) -> tuple[Identity, ...]:
    subtotals = (
        Identity("O3-sum", "requests", "column", ("O3",), tuple(f"O3.{i}" for i in range(1, 9)),
                 description="（三）不予公开 subtotal, where printed, equals its 8 reasons"),
        Identity("O4-sum", "requests", "column", ("O4",), ("O4.1", "O4.2", "O4.3"),
                 description="（四）无法提供 subtotal, where printed, equals its 3 reasons"),
        Identity("O5-sum", "requests", "column", ("O5",), tuple(f"O5.{i}" for i in range(1, 6)),
                 description="（五）不予处理 subtotal, where printed, equals its 5 reasons"),
    )
    return (
        Identity("H1", "requests", "column", ("F1", "F2"), ("O7", "F4"),
                 description="勾稽关系: new + carried over = total outcomes + carried forward"),
        Identity("H2", "requests", "row", ("TOTAL",), APPLICANT_CODES,
                 description="总计 column = sum of the six applicant columns"),
        Identity("H3", "requests", "column", ("O7",), outcomes,
                 description="（七）总计 = sum of all outcome rows"),
    ) + subtotals


_OUTCOMES_COMMON = ("O1", "O2", *(f"O3.{i}" for i in range(1, 9)), "O4.1", "O4.2", "O4.3",
                    *(f"O5.{i}" for i in range(1, 6)))
H5 = Identity("H5", "review", "row", ("total",), ("upheld", "corrected", "other", "pending"),
              description="each proceeding's 总计 = 维持 + 纠正 + 其他 + 尚未审结")

E2_IDENTITIES = _t3_identities(_OUTCOMES_COMMON + ("O6",)) + (
    H5,
    Identity("T2-public", "proactive", "row", ("published",), ("public-total",), relation="<=",
             severity="warning", lines=("rules", "normative"),
             description="本年新公开数量 ≤ 对外公开总数量"),
)
E3_IDENTITIES = _t3_identities(_OUTCOMES_COMMON + ("O6.1", "O6.2", "O6.3")) + (
    Identity("O6-sum", "requests", "column", ("O6",), ("O6.1", "O6.2", "O6.3"),
             description="（六）其他处理 subtotal, where printed, equals its 3 parts"),
    H5,
)

E2 = Edition(
    "E2",
    "中华人民共和国政府信息公开工作年度报告格式（试行）",
    "2019 annual report format (trial)",
    (2019, 2020),
    (T2_E2, _t3(T3_E2_ROWS), T4),
    E2_IDENTITIES,
    markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "第二十条第（九）项", "采购项目数量"),
)
E3 = Edition(
    "E3",
    "中华人民共和国政府信息公开工作年度报告格式（2021）",
    "2021 annual report format",
    (2021, 9999),
    (T2_E3, _t3(T3_E3_ROWS), T4),
    E3_IDENTITIES,
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
             "逾期不补正", "逾期未按收费通知要求缴纳费用"),
)
