"""DOCX reader: paragraphs and real tables (merged cells once, at their origin)."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.mapper.readers import ReadError, read_bytes, sniff
from gongkai.mapper.readers.docx import MEDIA_TYPE, read_docx

docx = pytest.importorskip("docx")


def _build() -> bytes:
    """A report-like docx: heading, a T3-style table with merged cells, a closing line."""
    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=5, cols=4)
    t.cell(0, 0).merge(t.cell(1, 1))          # 2×2 header block
    t.cell(0, 0).text = "说明"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "申请人情况"
    t.cell(1, 2).text = "自然人"
    t.cell(1, 3).text = "总计"
    t.cell(2, 0).merge(t.cell(2, 1)).text = "一、本年新收政府信息公开申请数量"
    t.cell(2, 2).text = "21"
    t.cell(2, 3).text = "21"
    group = t.cell(3, 0).merge(t.cell(4, 0))  # vertical group label over two rows
    group.text = "三、本年度"
    group.add_paragraph("办理结果")           # wrapped onto a second paragraph
    t.cell(3, 1).text = "（一）予以 公开"
    t.cell(3, 2).text = "4"
    t.cell(3, 3).text = ""                    # empty cell stays empty
    t.cell(4, 1).text = "（二）部分公开"
    t.cell(4, 2).text = "0"
    t.cell(4, 3).text = "0"
    d.add_paragraph("四、结束")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_table_rows_merged_cells_once() -> None:
    data = _build()
    assert sniff(data, "r.docx") == MEDIA_TYPE
    doc = read_bytes(data, "r.docx")
    assert doc.media_type == MEDIA_TYPE
    assert [ln[2:-2] if ln.startswith("| ") else ln for ln in doc.text.splitlines()] == [
        "三、收到和处理政府信息公开申请情况",
        "说明 | 申请人情况",
        "自然人 | 总计",
        "一、本年新收政府信息公开申请数量 | 21 | 21",
        "三、本年度办理结果 | （一）予以公开 | 4 | ",
        "（二）部分公开 | 0 | 0",
        "四、结束",
    ]


def test_docx_corrupt_and_foreign_zip() -> None:
    data = _build()
    with pytest.raises(ReadError, match="corrupt DOCX"):
        read_docx(data[: len(data) // 2])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReadError, match="not a Word"):
        read_bytes(buf.getvalue(), "book.xlsx")


def test_legacy_doc_names_the_conversion() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(ReadError, match="libreoffice --headless --convert-to docx"):
        read_bytes(ole, "report.doc")
