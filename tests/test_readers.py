"""Readers: HTML grid/prose extraction and text decoding, on small invented pages."""

from __future__ import annotations

import codecs

import pytest

from gongkai.mapper.readers import ReadError, base, read_bytes
from gongkai.mapper.readers.html import read_html
from gongkai.mapper.readers.text import decode, read_text


def html_text(body: str, head: str = "<title>某局年度报告</title>", enc: str = "utf-8") -> str:
    """The HTML reader's text for a page with ``head`` and ``body``."""
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return read_html(page.encode(enc)).text


def table_block(text: str, first: str) -> list[str]:
    """The lines of the table that starts with the line ``first`` (up to a blank line or the end)."""
    lines = [*text.split("\n"), ""]
    start = lines.index(first)
    assert lines[start - 1] == "", "a table is preceded by a blank line"
    return lines[start:lines.index("", start)]


# A T3-shaped grid: a rowspan/colspan corner, a spanning header, a rowspan group label
# and colspan labels, with invented wording.
T3_LIKE = """
<table border="1">
  <tr><td rowspan="3" colspan="3">（注：甲加乙等于丙）</td><td colspan="4">来源情况</td></tr>
  <tr><td rowspan="2">个人</td><td colspan="2">单位</td><td rowspan="2">合计</td></tr>
  <tr><td>企业</td><td>其他</td></tr>
  <tr><td colspan="3">一、新收数量</td><td>5</td><td>1</td><td></td><td>6</td></tr>
  <tr><td rowspan="3">二、办理结果</td><td colspan="2">（一）同意</td>
      <td>2</td><td>0</td><td>0</td><td>2</td></tr>
  <tr><td rowspan="2">（二）不同意</td><td>1.理由甲</td><td>1</td><td>1</td><td>0</td><td>2</td></tr>
  <tr><td>2.理由乙</td><td>2</td><td></td><td>&nbsp;</td><td>2</td></tr>
  <tr><td colspan="3">三、结转</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
"""


def test_t3_like_grid_prints_each_spanned_cell_once() -> None:
    text = html_text("<p>前言一段。</p>" + T3_LIKE + "<p>后记一段。</p>")
    assert table_block(text, "（注：甲加乙等于丙） | 来源情况") == [
        "（注：甲加乙等于丙） | 来源情况",
        "个人 | 单位 | 合计",
        "企业 | 其他",
        "一、新收数量 | 5 | 1 |  | 6",
        "二、办理结果 | （一）同意 | 2 | 0 | 0 | 2",
        "（二）不同意 | 1.理由甲 | 1 | 1 | 0 | 2",
        "2.理由乙 | 2 |  |  | 2",
        "三、结转 | 0 | 0 | 0 | 0",
    ]
    assert text.split("\n") == ["某局年度报告", "前言一段。", "", *table_block(text, "（注：甲加乙等于丙） | 来源情况"),
                                "", "后记一段。"]


def test_colspan_three_value_cell_is_one_cell() -> None:
    body = """<table><tr><td>项目</td><td>数量</td><td>单位</td><td>备注</td></tr>
      <tr><td>发文件数</td><td colspan="3">17</td></tr>
      <tr><td>废止件数</td><td colspan=3><p><span>4</span></p></td></tr></table>"""
    lines = table_block(html_text(body), "项目 | 数量 | 单位 | 备注")
    assert lines[1:] == ["发文件数 | 17", "废止件数 | 4"]


def test_empty_cells_are_kept_edge_ones_with_a_border() -> None:
    body = """<table><tr><td>a</td><td></td><td>3</td></tr>
      <tr><td> </td><td><span>&nbsp;</span></td><td></td></tr>
      <tr><td></td><td>b</td><td></td></tr>
      <tr height=0><td width=80></td><td width=40></td><td width=40></td></tr></table>"""
    assert table_block(html_text(body), "a |  | 3") == ["a |  | 3", "|  |  |  |", "|  | b |  |"]


def test_cell_text_collapses_whitespace_and_br_becomes_space() -> None:
    body = """<table><tr><td>  第一行<br>第二行
          续写 </td><td><p>上段</p><p>下段</p></td><td>7</td></tr>
      <tr><td>x</td><td>y</td><td>z</td></tr></table>"""
    lines = table_block(html_text(body), "第一行 第二行续写 | 上段 下段 | 7")
    assert lines == ["第一行 第二行续写 | 上段 下段 | 7", "x | y | z"]


def test_whole_page_layout_table_does_not_hide_the_data_table() -> None:
    body = """<table width="1000"><tr><td>
        <div class="topnav"><a href="/">首页</a><a href="/x">栏目</a></div>
        <table><tr><td class="left-menu">导航条目</td><td>
          <h2>某局报告正文</h2><p>正文第一段。</p>
          <table><tr><td>指标</td><td>数值</td></tr><tr><td>甲</td><td>9</td></tr></table>
          <p>正文第二段。</p>
        </td></tr></table>
      </td></tr></table>"""
    lines = html_text(body).split("\n")
    assert lines == ["某局年度报告", "某局报告正文", "正文第一段。", "", "指标 | 数值", "甲 | 9", "", "正文第二段。"]


def test_nested_table_in_cell_makes_rows_of_its_own() -> None:
    body = """<table><tr><td>外标签</td><td><table><tr><td>内1</td><td>内2</td></tr>
      <tr><td>内3</td><td></td></tr></table></td></tr></table>"""
    assert html_text(body).split("\n") == ["某局年度报告", "外标签", "", "内1 | 内2", "内3 |  |"]


def test_page_chrome_is_dropped_and_title_metadata_kept() -> None:
    head = """<meta charset="utf-8"><title> 某区 2023 年报告_门户网站 </title>
      <style>.x{color:red}</style><script>var s = "<p>脚本文字</p>";</script>"""
    body = """<header><div class="logo">门户标志</div></header>
      <nav><ul><li>首页</li><li>机构</li></ul></nav>
      <div id="breadcrumb">当前位置：首页 &gt; 公开</div>
      <div class="main-menu">菜单项</div>
      <noscript>请启用脚本</noscript><template><p>模板内容</p></template>
      <!-- 注释文字 -->
      <form><input type="hidden" name="t" value="隐藏值"><select><option>选项</option></select>
      <div class="article"><h1>报告标题</h1>
        <div class="info">发布机构：某区政府办　发布日期：2024-01-15</div>
        <p style="display:none">隐藏段落</p>
        <p>正文<script>document.write('x')</script>开始。</p>
      </div></form>
      <div id="footer">版权所有 联系我们</div><footer>页脚文字</footer>"""
    assert html_text(body, head).split("\n") == [
        "某区 2023 年报告_门户网站",
        "报告标题",
        "发布机构：某区政府办 发布日期：2024-01-15",
        "正文开始。",
    ]


def test_article_header_is_kept_and_chrome_named_wrapper_is_not_dropped() -> None:
    body = """<div id="nav-wrapper"><article><header><h1>年报标题</h1><p>发布日期：2024-02-01</p></header>
      <p>第一段内容。</p><div class="footnote">注：数据为虚构。</div><footer>本文来源：某局</footer>
      </article></div>"""
    assert html_text(body).split("\n") == ["某局年度报告", "年报标题", "发布日期：2024-02-01", "第一段内容。",
                                           "注：数据为虚构。", "本文来源：某局"]


def test_blocks_one_per_line_and_no_space_inside_chinese() -> None:
    body = """<div>第一段前半
        后半<span>接续</span><b>加粗</b></div><p>甲<br>乙<br/><br>丙</p>
      <h3>小标题</h3><ul><li>条目一</li><li> 条目二 </li></ul><p>2023 年 <a href="#">链接</a> 完</p>"""
    assert html_text(body).split("\n") == [
        "某局年度报告", "第一段前半后半接续加粗", "甲", "乙", "丙", "小标题", "条目一", "条目二", "2023 年 链接 完",
    ]


def test_gbk_page_with_meta_charset() -> None:
    body = "<p>本机关年度公开情况</p><table><tr><td>申请</td><td>12</td></tr><tr><td>答复</td><td>11</td></tr></table>"
    page = f'<html><head><meta charset="gbk"><title>某县报告</title></head><body>{body}</body></html>'
    data = page.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_html(data).text.split("\n") == ["某县报告", "本机关年度公开情况", "", "申请 | 12", "答复 | 11"]


def test_gb2312_http_equiv_and_xml_declaration() -> None:
    page = ('<?xml version="1.0" encoding="gb2312"?><html><head>'
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
            "<body><p>依申请公开工作</p></body></html>")
    assert read_html(page.encode("gb2312")).text == "依申请公开工作"


def test_utf8_page_mislabelled_as_gbk_is_read_as_utf8() -> None:
    page = '<html><head><meta charset="gbk"></head><body><p>政府信息公开</p></body></html>'
    assert read_html(page.encode("utf-8")).text == "政府信息公开"


def test_big5_declared_page() -> None:
    page = '<html><head><meta charset="big5"></head><body><p>政府資訊公開報告</p></body></html>'
    assert read_html(page.encode("big5")).text == "政府資訊公開報告"


def test_read_bytes_sniffs_html() -> None:
    doc = read_bytes("<div><p>主动公开</p></div>".encode(), "page.shtml")
    assert doc.media_type == "text/html"
    assert doc.text == "主动公开"


def big_page(tables: int = 7) -> str:
    """A page of ~150 KB: script, menus, prose and many Word-style tables."""
    cell = "<td style='border:solid 1pt;padding:0 5pt'><p class=MsoNormal><span style='font-size:10pt'>{}</span></p></td>"
    parts = ["<script>" + "var q = 1;" * 500 + "</script>", "<div class='nav'>" + "<a>栏目</a>" * 300 + "</div>"]
    for t in range(tables):
        parts.append(f"<p>第{t}节说明文字，内容为虚构。</p><table>")
        for r in range(25):
            parts.append("<tr>" + cell.format(f"行{r}") + "".join(cell.format(r * c) for c in range(7)) + "</tr>")
        parts.append("</table>")
    return "<html><head><title>大页面</title></head><body>" + "".join(parts) + "</body></html>"


def test_big_page_reads_every_row() -> None:
    page = big_page()
    assert len(page.encode()) > 100_000
    lines = read_html(page.encode()).text.split("\n")
    assert lines[0] == "大页面"
    rows = [line for line in lines if line.startswith("行")]
    assert len(rows) == 7 * 25
    assert rows[-1] == "行24 | 0 | 24 | 48 | 72 | 96 | 120 | 144"
    assert lines.count("") == 2 * 7 - 1  # around each table; none trails the text
    assert "栏目" not in "".join(lines)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 9)) * 200, "binary"),
        (b"plain words with no markup at all", "not HTML"),
        (b"<html><head><script>render()</script></head><body><div id='app'></div></body></html>", "no visible text"),
    ],
)
def test_html_garbage_raises_read_error(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_html(data)


# --- text reader ---------------------------------------------------------------------


def test_text_utf8_with_bom() -> None:
    assert read_text(codecs.BOM_UTF8 + "一、总体情况\n".encode()).text == "一、总体情况\n"


def test_text_gb18030_bytes() -> None:
    data = "二、主动公开情况 𠀀\n".encode("gb18030")
    assert decode(data) == "二、主动公开情况 𠀀\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_text_utf16_with_bom(encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    assert decode(bom + "三、依申请公开".encode(encoding)) == "三、依申请公开"


def test_text_binary_nul_raises() -> None:
    with pytest.raises(ReadError, match="NUL"):
        read_text(b"abc\x00def" * 10)


def test_text_stray_byte_in_utf8_is_not_read_as_gb18030() -> None:
    good = "本年度新收申请数量及办理结果说明。" * 20
    data = good.encode() + b"\xff" + good.encode()
    text = decode(data)
    assert text == good + "\ufffd" + good


def test_text_declared_charset_is_ignored_for_valid_utf8() -> None:
    assert decode("信息公开".encode(), declared="gbk") == "信息公开"


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_read_bytes_empty_raises(data: bytes) -> None:
    with pytest.raises(ReadError, match="empty"):
        read_bytes(data)


def test_read_bytes_oversize_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(data: bytes) -> base.Document:
        raise AssertionError("reader called for an oversize input")

    monkeypatch.setitem(base._READERS, "text/html", must_not_run)
    monkeypatch.setitem(base._READERS, "text/plain", must_not_run)
    with pytest.raises(ReadError, match="over the 1 MB limit"):
        read_bytes(b"<html>" + b"x" * (2 * 1048576), "big.html", max_bytes=1048576)
