"""Table reader edge cases on small synthetic documents."""

from __future__ import annotations

from decimal import Decimal

from gongkai.forms import EDITIONS
from gongkai.mapper.checks import check
from gongkai.mapper.normalize import normalise
from gongkai.mapper.tables import read_tables
from gongkai.mapper.tokens import classify, tokenize

HEAD = "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def run(body: str, edition: str = "E2"):
    text = normalise(HEAD + body)
    result = read_tables(tokenize(text), text, EDITIONS[edition])
    cells = {(c.row, c.column): c for c in result.cells if c.table == "requests"}
    return text, cells, result.warnings


def row_values(cells: dict, row: str) -> list:
    return [cells[(row, c)].value if (row, c) in cells else "missing" for c in COLS]


def test_single_line_grid_row_keeps_blank_positions() -> None:
    _, cells, _ = run("（一）予以公开 | 1 |  | 2 | 0 | 0 | 0 | 3\n")
    assert row_values(cells, "予以公开") == [1, None, 2, 0, 0, 0, 3]
    assert cells[("予以公开", "商业企业")].blank


def test_dropped_blank_in_one_cell_per_line_is_not_guessed() -> None:
    body = "（一）予以公开\n1\n2\n0\n0\n0\n3\n（二）部分公开\n0\n0\n0\n0\n0\n0\n0\n"
    _, cells, warnings = run(body)
    assert not any(k[0] == "予以公开" for k in cells)
    assert any("予以公开" in w and "6 cells" in w for w in warnings)
    assert row_values(cells, "部分公开") == [0] * 7


def test_padding_pipes_on_other_lines_do_not_count_as_cells() -> None:
    _, cells, warnings = run("一、本年新收政府信息公开申请数量 |\n4 | |||||||\n")
    assert cells == {}
    assert any("1 cells" in w for w in warnings)


def test_label_wrapped_over_two_lines() -> None:
    body = "（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）\n" + "\n".join("1 0 0 0 0 0 1".split()) + "\n"
    _, cells, _ = run(body)
    assert row_values(cells, "部分公开") == [1, 0, 0, 0, 0, 0, 1]


def test_label_with_dropped_characters_still_matches() -> None:
    body = "（三）不予公开\n1.属于国家秘密 0 0 0 0 0 0 0\n2.其他法律行政止公开 5 0 0 0 0 0 5\n3.危及“三安全一稳定” 0 0 0 0 0 0 0\n"
    _, cells, _ = run(body)
    assert row_values(cells, "其他法律行政法规禁止公开") == [5, 0, 0, 0, 0, 0, 5]
    assert cells[("其他法律行政法规禁止公开", "总计")].printed_row == "2.其他法律行政止公开"


def test_space_aligned_rows_and_group_on_same_line() -> None:
    body = "（三）不予公开    1.属于国家秘密    2    0    0    0    0    0    2\n"
    _, cells, _ = run(body)
    assert row_values(cells, "属于国家秘密") == [2, 0, 0, 0, 0, 0, 2]


def test_traditional_script_labels() -> None:
    body = ("說明：本報告數據來自各單位統計，請據實填報，數據覆蓋範圍為本機關。\n"
            "（一）予以公開 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n（二）部分公開 | 1 | 0 | 0 | 0 | 0 | 0 | 1\n")
    _, cells, _ = run(body)
    assert row_values(cells, "予以公开") == [3, 0, 0, 0, 0, 0, 3]
    assert cells[("予以公开", "总计")].printed_row == "(一)予以公开"  # normalised text: simplified


def test_columns_in_a_different_order_are_refused() -> None:
    body = ("申请人情况\n自然人 | 科研机构 | 商业企业 | 社会公益组织 | 法律服务机构 | 其他 | 总计\n"
            "（一）予以公开 | 1 | 2 | 0 | 0 | 0 | 0 | 3\n")
    _, cells, warnings = run(body)
    assert cells == {}
    assert any("not in the form's order" in w for w in warnings)


def test_negative_value_in_count_column_is_refused() -> None:
    _, cells, warnings = run("（一）予以公开 | 1 | -2 | 0 | 0 | 0 | 0 | 3\n")
    assert ("予以公开", "商业企业") not in cells
    assert ("予以公开", "自然人") in cells
    assert any("negative" in w for w in warnings)


def test_full_width_digits_and_explicit_blank_markers() -> None:
    _, cells, _ = run("（一）予以公开\n１２\n—\n/\n无\n-\n0\n１２\n")
    assert row_values(cells, "予以公开") == [12, None, None, None, None, 0, 12]


def test_printed_subtotal_is_read_and_checked() -> None:
    body = ("（三）不予公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n"
            + "".join(f"{i}.{label} | {v} | 0 | 0 | 0 | 0 | 0 | {v}\n" for i, (label, v) in enumerate(
                [("属于国家秘密", 1), ("其他法律行政法规禁止公开", 0), ("危及“三安全一稳定”", 0),
                 ("保护第三方合法权益", 1), ("属于三类内部事务信息", 0), ("属于四类过程性信息", 0),
                 ("属于行政执法案卷", 0), ("属于行政查询事项", 0)], start=1)))
    text, cells, _ = run(body)
    assert row_values(cells, "不予公开") == [3, 0, 0, 0, 0, 0, 3]
    result = read_tables(tokenize(text), text, EDITIONS["E2"])
    rules = {f.rule for f in check(result.cells, EDITIONS["E2"])}
    assert "O3-sum" in rules  # 3 printed, 2 in its parts


def test_header_total_is_not_taken_for_the_total_row() -> None:
    body = ("申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n"
            "一、本年新收政府信息公开申请数量\n2\n0\n0\n0\n0\n0\n2\n")
    _, cells, _ = run(body)
    assert row_values(cells, "本年新收政府信息公开申请数量") == [2, 0, 0, 0, 0, 0, 2]
    assert not any(k[0] == "总计" for k in cells)


def test_review_table_fifteen_values_row_major() -> None:
    body = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼\n"
            "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉\n"
            "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n"
            "1 | 0 | 0 | 1 | 2 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0\n")
    text = normalise(body)
    result = read_tables(tokenize(text), text, EDITIONS["E3"])
    got = {(c.row, c.column): c.value for c in result.cells if c.table == "review"}
    assert got[("行政复议", "总计")] == 2
    assert got[("未经复议直接起诉", "结果纠正")] == 1
    assert len(got) == 15
    assert check(result.cells, EDITIONS["E3"]) == []


def test_number_classification() -> None:
    assert classify("+28")[:3] == ("num", 28, None)
    assert classify("-251")[:2] == ("num", -251)
    assert classify("1571.55万元")[:3] == ("num", Decimal("1571.55"), "万元")
    assert classify("1,234")[:2] == ("num", 1234)
    assert classify("-")[0] == "blank"
    assert classify("1.")[0] == "text"  # an enumerator, not a value
    assert classify("11.54%")[0] == "text"
    kind, value, _, _, length = classify("2727(含热线)")
    assert (kind, value, length) == ("num", 2727, 4)


def test_body_headings_named_like_table_blocks_do_not_capture_them() -> None:
    from gongkai.generator import generate

    sample = generate("E1", "pipes", 4)
    body = ("一、主动公开情况\n本机关全年主动公开信息若干条，内容涵盖机构职能与政策文件。\n"
            "二、回应解读情况\n本机关积极回应社会关切，及时发布政策解读材料。\n"
            "三、依申请公开情况\n本机关依法办理政府信息公开申请，均按期答复。\n")
    cut = sample.text.index("统计指标") if "统计指标" in sample.text else 0
    text = normalise(sample.text[:cut] + body + sample.text[cut:])
    result = read_tables(tokenize(text), text, EDITIONS["E1"])
    got = {(c.table, c.row, c.column): c.value for c in result.cells}
    want = {(c.table, c.row, c.column): c.value for c in sample.cells}
    assert got == want


def test_printed_labels_are_kept_as_printed_in_a_traditional_report() -> None:
    from gongkai.mapper.parse import parse_bytes

    doc = ("臨江縣交通運輸局2020年政府信息公開工作年度報告\n一、總體情況\n本機關依據條例編製本報告，數據統計期限為本年度。\n"
           + HEAD.replace("收到和处理", "收到和處理")
           + "（一）予以公開 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n")
    report = parse_bytes(doc.encode("utf-8"), "trad.txt")
    cell = report.cell("requests", "予以公开", "总计")
    assert cell is not None and cell.value == 3
    assert cell.printed_row == "（一）予以公開"  # as printed; the row is canonical
