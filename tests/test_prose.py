"""Figures stated in sentences (``gongkai.mapper.prose``): real prose reports and invented sentences."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.forms import E1, E2, E3
from gongkai.mapper.normalize import normalise
from gongkai.mapper.prose import RULES, extract_prose
from gongkai.model import Cell

from .conftest import seed_path

NEGATIONS = {"未", "没有", "无", "不", "不存在", "未存在"}

# canonical labels used below, checked against the form objects in test_labels_are_canonical
PROACTIVE = ("E1", "proactive", "主动公开政府信息数", "统计数")
E1_RECEIVED = ("E1", "requests", "收到申请数", "统计数")
E3_NEW = ("E3", "requests", "本年新收政府信息公开申请数量", "总计")
E2_NEW = ("E2", "requests", "本年新收政府信息公开申请数量", "总计")
E3_REVIEW = ("E3", "review", "行政复议", "总计")
E3_SUIT_DIRECT = ("E3", "review", "未经复议直接起诉", "总计")
E3_SUIT_AFTER = ("E3", "review", "复议后起诉", "总计")
E3_NO_CASES = ((*E3_REVIEW, 0), (*E3_SUIT_DIRECT, 0), (*E3_SUIT_AFTER, 0))

#: document → (reporting year, expected cells as (form, table, row, column, value))
EXPECTED: dict[str, tuple[int, set[tuple]]] = {
    "seed-002": (2018, {
        (*E1_RECEIVED, 9),
        ("E1", "requests", "同意公开答复数", "统计数", 3),
        ("E1", "requests", "不属于本行政机关公开", "统计数", 1),
    }),
    "106": (2009, {
        (*PROACTIVE, 35),
        ("E1", "staffing", "兼职人员数", "统计数", 1),
        (*E1_RECEIVED, 0),
    }),
    "108": (2021, set()),
    "109": (2017, {
        (*E1_RECEIVED, 1),
        ("E1", "fees", "依申请公开信息收取的费用", "统计数", 0),
        ("E1", "review", "行政复议数量", "统计数", 1),
    }),
    "116": (2021, {(*PROACTIVE, 392), (*E3_NEW, 0)}),
    "117": (2023, {(*PROACTIVE, 36), (*E3_NEW, 0)}),
    "118": (2024, {
        (*PROACTIVE, 89),
        (*E3_NEW, 0),
        ("E3", "requests", "总计", "总计", 0),
        *E3_NO_CASES,
    }),
    "119": (2023, {
        (*E3_NEW, 1),
        ("E3", "proactive", "行政规范性文件", "本年制发件数", 1),
        ("E3", "proactive", "行政规范性文件", "现行有效件数", 1),
    }),
    "120": (2018, {
        (*PROACTIVE, 963),
        ("E1", "proactive", "制发规范性文件总数", "统计数", 7),
        (*E1_RECEIVED, 4),
        ("E1", "litigation", "行政诉讼数量", "统计数", 0),
        ("E1", "fees", "依申请公开信息收取的费用", "统计数", 0),
    }),
    "121": (2016, {(*PROACTIVE, 18), ("E1", "staffing", "兼职人员数", "统计数", 2)}),
    "122": (2023, {(*PROACTIVE, 90), (*E3_NEW, 1), *E3_NO_CASES}),
    "123": (2023, {(*PROACTIVE, 146)}),
    # 522 and 266 items "主动公开" in two senses: no proactive cell, a warning instead
    "124": (2021, {(*E3_NEW, 1), ("E3", "proactive", "行政规范性文件", "本年制发件数", 1)}),
    "125": (2022, {
        (*PROACTIVE, 410),
        (*E3_NEW, 0),
        ("E3", "requests", "上年结转政府信息公开申请数量", "总计", 0),
    }),
    "126": (2020, {(*E2_NEW, 2), ("E2", "requests", "本年新收政府信息公开申请数量", "自然人", 2)}),
}


def _path(corpus: Path, doc: str) -> Path:
    return seed_path(corpus, 2) if doc == "seed-002" else corpus / "dev" / f"{doc}.txt"


def _tuples(cells: list[Cell]) -> set[tuple]:
    return {(c.form, c.table, c.row, c.column, c.value) for c in cells}


def _check_spans(text: str, cells: list[Cell]) -> None:
    for c in cells:
        printed = text[c.span.start:c.span.end]
        if c.value == 0 and printed in NEGATIONS:
            continue
        assert printed == str(c.value), (c, printed)


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_real_prose_reports(corpus: Path, doc: str) -> None:
    year, expected = EXPECTED[doc]
    text = normalise(_path(corpus, doc).read_text("utf-8"))
    cells, warnings = extract_prose(text, year)
    assert _tuples(cells) == expected
    assert len(cells) == len(expected)  # nothing emitted twice
    _check_spans(text, cells)
    for c in cells:
        assert c.source == "prose" and c.blank is False and c.unit
        assert c.printed_row
    if doc == "124":
        assert any("conflicting" in w and "522" in w and "266" in w for w in warnings)
    else:
        assert not [w for w in warnings if "conflicting" in w]


def test_printed_row_and_span_of_seed_002(corpus: Path) -> None:
    text = normalise(seed_path(corpus, 2).read_text("utf-8"))
    cells, _ = extract_prose(text, 2018)
    received = next(c for c in cells if c.row == "收到申请数")
    assert received.printed_row == "受理政府信息公开申请"
    assert text[received.span.start:received.span.end] == "9"
    assert received.unit == "件"


def test_natural_persons_column_is_labelled(corpus: Path) -> None:
    text = normalise(_path(corpus, "126").read_text("utf-8"))
    cells, _ = extract_prose(text, 2020)
    np_cell = next(c for c in cells if c.column == "自然人")
    assert np_cell.printed_column and "自然人" in np_cell.printed_column


def test_labels_are_canonical() -> None:
    """Every label this test file spells out is a canonical label of its form."""
    forms = {"E1": E1, "E2": E2, "E3": E3}
    for _year, expected in EXPECTED.values():
        for form, table, row, column, _value in expected:
            tab = forms[form].table(table)
            assert row in {r.canonical for r in tab.rows}, (form, table, row)
            assert column in {c.canonical for c in tab.columns}, (form, table, column)


def test_rule_targets_come_from_the_forms() -> None:
    forms = {"E1": E1, "E2": E2, "E3": E3}
    for compiled in RULES:
        for era, targets in compiled.rule.targets.items():
            for t in targets:
                assert era in forms
                tab = forms[t.form].table(t.table)
                assert t.row in {r.canonical for r in tab.rows}
                assert t.column in {c.canonical for c in tab.columns}


# ---------------------------------------------------------------- invented sentences
def _one(text: str, year: int) -> dict[tuple[str, str, str], Cell]:
    cells, _ = extract_prose(text, year)
    return {(c.table, c.row, c.column): c for c in cells}


def test_chinese_numerals() -> None:
    text = "本年度我委共受理政府信息公开申请十二件，同意公开两件。全年主动公开政府信息一百零五条。配备三名兼职工作人员。"
    got = _one(text, 2016)
    assert got["requests", "收到申请数", "统计数"].value == 12
    assert got["requests", "同意公开答复数", "统计数"].value == 2
    assert got["proactive", "主动公开政府信息数", "统计数"].value == 105
    assert got["staffing", "兼职人员数", "统计数"].value == 3
    c = got["proactive", "主动公开政府信息数", "统计数"]
    assert text[c.span.start:c.span.end] == "一百零五"


@pytest.mark.parametrize("sentence", [
    "今年主动公开政府信息近5000条。",
    "今年主动公开政府信息180余条。",
    "今年主动公开政府信息约300条。",
    "今年主动公开政府信息2万余条。",
    "今年主动公开政府信息500条以上。",
    "今年主动公开政府信息3000多条。",
])
def test_approximate_numbers_are_rejected(sentence: str) -> None:
    cells, warnings = extract_prose(sentence, 2017)
    assert cells == []
    assert any("approximate" in w for w in warnings)


def test_conflicting_numbers_are_rejected() -> None:
    text = "门户网站主动公开信息700条。信息公开专栏主动公开信息310条。受理政府信息公开申请3件。"
    cells, warnings = extract_prose(text, 2022)
    assert _tuples(cells) == {(*E3_NEW, 3)}
    assert any("conflicting" in w and "700" in w and "310" in w for w in warnings)


def test_same_figure_twice_is_emitted_once() -> None:
    text = "全年共收到政府信息公开申请6件。如上所述，本机关收到政府信息公开申请6件，均已答复。"
    cells, warnings = extract_prose(text, 2021)
    assert _tuples(cells) == {(*E3_NEW, 6)}
    assert cells[0].span.start == text.index("6")
    assert warnings == []


def test_negative_and_positive_for_one_cell_conflict() -> None:
    cells, warnings = extract_prose("本年度未收到政府信息公开申请。全年受理政府信息公开申请2件。", 2022)
    assert cells == [] and warnings


def test_negative_statements_are_zero() -> None:
    text = "本年度没有收到政府信息公开申请，无上年结转政府信息公开申请，未发生政府信息公开行政复议和行政诉讼案件。"
    got = _one(text, 2022)
    assert got["requests", "本年新收政府信息公开申请数量", "总计"].value == 0
    assert got["requests", "上年结转政府信息公开申请数量", "总计"].value == 0
    for row in ("行政复议", "未经复议直接起诉", "复议后起诉"):
        assert got["review", row, "总计"].value == 0
    span = got["requests", "本年新收政府信息公开申请数量", "总计"].span
    assert text[span.start:span.end] == "没有"


def test_not_figures() -> None:
    text = (
        "办理网民留言523条，推送信息352篇，办结率达98%。咨询电话0571-1234567。"
        "今年以来于2022年3月5日召开会议。网站总访问量达120000人次。"
    )
    assert extract_prose(text, 2022) == ([], [])


def test_breakdowns_and_history_are_not_totals() -> None:
    text = "其中通过网络受理政府信息公开申请3件。历年共计收到政府信息公开申请40件。"
    assert extract_prose(text, 2017)[0] == []


def test_money_sentence_is_not_a_case_count() -> None:
    text = "未产生与诉讼（行政复议、行政申诉）有关的费用支出。"
    assert extract_prose(normalise(text), 2016)[0] == []


def test_thousands_separator() -> None:
    got = _one(normalise("全年主动公开政府信息12，345条。"), 2016)
    assert got["proactive", "主动公开政府信息数", "统计数"].value == 12345


def test_fees_in_yuan_become_wan_yuan() -> None:
    got = _one("本年度依申请公开收取费用500元。", 2015)
    cell = got["fees", "依申请公开信息收取的费用", "统计数"]
    assert cell.value == Decimal("0.05") and cell.unit == "万元"
    got = _one("本年度未向申请人收费。", 2015)
    assert got["fees", "依申请公开信息收取的费用", "统计数"].value == 0


def test_fees_have_no_cell_after_2018() -> None:
    assert extract_prose("本年度未向申请人收费。", 2022) == ([], [])


def test_normative_documents_by_form() -> None:
    text = "本年制发规范性文件4件，现行有效规范性文件20件。"
    e3 = _one(text, 2021)
    assert e3["proactive", "行政规范性文件", "本年制发件数"].value == 4
    assert e3["proactive", "行政规范性文件", "现行有效件数"].value == 20
    e2 = _one(text, 2019)
    assert set(e2) == {("proactive", "规范性文件", "本年新制作数量")}
    e1 = _one(text, 2017)
    assert set(e1) == {("proactive", "制发规范性文件总数", "统计数")}


def test_licensing_only_when_decisions() -> None:
    got = _one("全年作出行政许可决定37件，行政许可事项共120项。", 2022)
    assert set(got) == {("proactive", "行政许可", "本年处理决定数量")}
    assert got["proactive", "行政许可", "本年处理决定数量"].value == 37


def test_natural_persons_synthetic() -> None:
    got = _one("本年度共收到政府信息公开申请5件，申请人均为自然人。", 2022)
    assert got["requests", "本年新收政府信息公开申请数量", "自然人"].value == 5
    assert got["requests", "本年新收政府信息公开申请数量", "总计"].value == 5


def test_earlier_years_use_e1() -> None:
    got = _one("本年度主动公开政府信息88条。", 2008)
    assert got["proactive", "主动公开政府信息数", "统计数"].form == "E1"


def test_unknown_year_maps_nothing() -> None:
    cells, warnings = extract_prose("本年度主动公开政府信息88条。", None)
    assert cells == [] and warnings


def test_fees_need_a_disclosure_context() -> None:
    assert extract_prose("本年度收取费用500元。", 2015)[0] == []
    assert extract_prose("全年减免收费3次。", 2015)[0] == []
    got = _one("对政府信息公开申请不收取任何费用。", 2015)
    assert got["fees", "依申请公开信息收取的费用", "统计数"].value == 0
