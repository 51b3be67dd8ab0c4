"""PDF reader: ruled grids from real reports, synthetic edge cases, bounded failures."""

from __future__ import annotations

import hashlib
import re
import time
import zlib
from pathlib import Path

import pytest

from gongkai.mapper.readers import Document, ReadError, read_bytes, sniff
from gongkai.mapper.readers import pdf as pdfreader
from gongkai.mapper.readers.pdf import NoTextLayer, read_pdf

# ---------------------------------------------------------------- minimal PDF writer

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FONTS = (
    b"<< /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
    b"/F2 << /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 "
    b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -120 1000 880] "
    b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> >>] >> >>"
)
_IMAGE = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>"


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_pdf(contents: list[bytes], *, image: bool = False, encrypt: str | None = None,
             user_ok: bool = True) -> bytes:
    """A small valid PDF, one page per content stream (A4, fonts F1/F2, image Im1).

    ``encrypt`` adds an RC4-40 Standard security handler whose user password is empty
    (readable) when ``user_ok``, else a handler no empty password opens.
    """
    n = len(contents)
    objs: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    kids = " ".join(f"{3 + 2 * k} 0 R" for k in range(n)).encode()
    objs[2] = b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>"
    streams: dict[int, bytes] = {}
    img = 3 + 2 * n
    res = b"<< /Font " + _FONTS + (b" /XObject << /Im1 " + str(img).encode() + b" 0 R >>" if image else b"") + b" >>"
    for k, content in enumerate(contents):
        page, cs = 3 + 2 * k, 4 + 2 * k
        objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + res
                      + b" /Contents " + str(cs).encode() + b" 0 R >>")
        streams[cs] = content
    if image:
        streams[img] = b"\x00\xff\xff\x00"
    file_id = hashlib.md5(b"gongkai").digest()
    key = b""
    trailer_extra = b""
    if encrypt is not None:
        owner = hashlib.md5(encrypt.encode()).digest() * 2
        p = (-4).to_bytes(4, "little", signed=True)
        key = hashlib.md5(_PAD + owner + p + file_id).digest()[:5]
        user = _rc4(key, _PAD) if user_ok else hashlib.sha256(b"x").digest()
        enc = 4 + 2 * n if image else 3 + 2 * n
        objs[enc] = (b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <"
                     + user.hex().encode() + b"> /P -4 >>")
        trailer_extra = b" /Encrypt " + str(enc).encode() + b" 0 R"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted({*objs, *streams}):
        offsets[num] = len(out)
        if num in streams:
            data = streams[num]
            if key:
                data = _rc4(hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0").digest()[:10], data)
            head = _IMAGE if num == img and image else b"<< /Length " + str(len(data)).encode() + b" >>"
            body = head + b"\nstream\n" + data + b"\nendstream"
        else:
            body = objs[num]
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    size = max(offsets) + 1
    assert sorted(offsets) == list(range(1, size))
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for num in range(1, size):
        out += f"{offsets[num]:010d} 00000 n \n".encode()
    out += (b"trailer\n<< /Size " + str(size).encode() + b" /Root 1 0 R /ID [<" + file_id.hex().encode()
            + b"><" + file_id.hex().encode() + b">]" + trailer_extra + b" >>\nstartxref\n"
            + str(xref).encode() + b"\n%%EOF\n")
    return bytes(out)


def text(x: float, y: float, s: str, size: float = 10) -> bytes:
    """Draw ``s`` at (x, y) (bottom-left origin): ASCII in Helvetica, else STSong via UCS-2."""
    if s.isascii():
        return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n".encode()
    return f"BT /F2 {size} Tf {x} {y} Td <{s.encode('utf-16-be').hex()}> Tj ET\n".encode()


def hline(y: float, x0: float, x1: float) -> bytes:
    return f"{x0} {y} m {x1} {y} l S\n".encode()


def vline(x: float, y0: float, y1: float) -> bytes:
    return f"{x} {y0} m {x} {y1} l S\n".encode()


def unframe(line: str) -> str:
    """A table row without its edge pipes (``| a | b |`` → ``a | b``)."""
    return line[2:-2] if line.startswith("| ") and line.endswith(" |") else line


def lines_of(doc: Document) -> list[str]:
    return [unframe(ln) for ln in doc.text.splitlines()]


def row(doc: Document, label: str) -> list[str]:
    """Cells of the first table row whose first cell folds to ``label``."""
    for line in lines_of(doc):
        cells = line.split(" | ")
        if len(cells) > 1 and re.sub(r"\s", "", cells[0]) == label:
            return cells
    raise AssertionError(f"no row {label!r} in:\n{doc.text}")


# ------------------------------------------------------------------- real reports

ZEROS = ["0"] * 7
T3_LABEL = "一、本年新收政府信息公开申请数量"


def _dev(corpus: Path, name: str) -> Document:
    path = corpus / "dev-pdf" / name
    if not path.is_file():
        pytest.skip(f"{path} not in the corpus")
    doc = read_bytes(path.read_bytes(), name)
    assert doc.media_type == "application/pdf"
    return doc


def _no_page_furniture(doc: Document) -> None:
    assert not [ln for ln in lines_of(doc) if re.fullmatch(r"[-\s]*\d+[-\s]*", ln)]


def _t3_block(doc: Document) -> list[list[str]]:
    """Rows from F1 to 四、结转下年度继续办理, split into cells."""
    lines = lines_of(doc)
    start = next(i for i, ln in enumerate(lines) if ln.startswith(T3_LABEL))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("四、结转下年度继续办理"))
    return [ln.split(" | ") for ln in lines[start:end + 1]]


def test_hongze_2023(corpus: Path) -> None:
    doc = _dev(corpus, "hongze-district-2023.pdf")
    _no_page_furniture(doc)
    # T2: the split over pages 2→3 keeps rows in order, values under their columns
    assert row(doc, "行政规范性文件") == ["行政规范性文件", "0", "5", "5"]
    assert row(doc, "行政许可")[1:] == ["550"]
    assert row(doc, "行政处罚")[1:] == ["4119"]
    assert row(doc, "行政事业性收费")[1:] == ["7730.28"]
    # T3: 2019-style (六) single row; 23 data rows; vertical group label joined once
    assert row(doc, T3_LABEL)[1:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert row(doc, "三、本年度办理结果") == ["三、本年度办理结果", "（一）予以公开", *ZEROS]
    assert row(doc, "（三）不予公开")[1:] == ["1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"]
    assert row(doc, "2.其他法律行政止公开")[1:] == ZEROS  # two characters missing in the source
    assert row(doc, "（四）无法提供")[1:] == ["1.本机关不掌握相关政府信息", "10", *["0"] * 5, "10"]
    # page break inside the merged cells: page-4 rows carry no spanned copies
    assert row(doc, "3.补正后申请内容仍不明确")[1:] == ZEROS
    assert row(doc, "（七）总计")[1:] == ["21", "0", "0", "0", "0", "0", "21"]
    block = _t3_block(doc)
    assert len(block) == 23 + 0 and all(len(r) >= 8 for r in block)
    # T4: printed 总计 (0) contradicts its parts (10 + 1): read as printed
    t4 = next(ln for ln in lines_of(doc) if ln.startswith("10 | 1 |"))
    assert t4.split(" | ") == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]


def test_hongze_2024(corpus: Path) -> None:
    doc = _dev(corpus, "hongze-district-2024.pdf")
    _no_page_furniture(doc)
    assert row(doc, "行政规范性文件")[1:] == ["3", "0", "8"]
    assert row(doc, "行政许可")[1:] == ["9487"]
    assert row(doc, "行政强制")[1:] == ["84"]
    assert row(doc, T3_LABEL)[1:] == ["95", "0", "0", "0", "0", "0", "95"]
    assert row(doc, "三、本年度办理结果")[1:] == ["（一）予以公开", "50", "0", "0", "0", "0", "0", "50"]
    assert row(doc, "3.危及“三安全一稳定”")[1:] == ["1", "0", "0", "0", "0", "0", "1"]
    assert row(doc, "2.没有现成信息需要另行制作")[1:] == ["1", "0", "0", "0", "0", "0", "1"]
    # (六)/(七) carry a drawn empty cell before their values: kept empty
    assert row(doc, "（七）总计")[1:] == ["", "95", "0", "0", "0", "0", "0", "95"]
    assert row(doc, "四、结转下年度继续办理")[1:] == ZEROS
    assert "行政复议 |  | 行政诉讼" in lines_of(doc)
    t4 = next(ln for ln in lines_of(doc) if ln.startswith("1 | 1 |"))
    assert t4.split(" | ") == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]


def test_huaian_2024(corpus: Path) -> None:
    doc = _dev(corpus, "huaian-city-2024.pdf")
    _no_page_furniture(doc)
    assert row(doc, "规章")[1:] == ["1", "0", "11"]
    assert row(doc, "行政规范性文件")[1:] == ["8", "26", "66"]
    assert row(doc, "行政处罚")[1:] == ["3985758"]
    assert row(doc, "行政事业性收费")[1:] == ["96171.6"]
    assert row(doc, T3_LABEL)[1:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert row(doc, "二、上年结转政府信息公开申请数量")[1:] == ["34", "0", "0", "0", "0", "0", "34"]
    assert row(doc, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")[1:] == [
        "447", "7", "0", "0", "0", "0", "454"]
    assert row(doc, "8.属于行政查询事项")[1:] == ["105", "0", "0", "0", "0", "0", "105"]
    # "（四）无" on page 4 + "法提供" on page 5: one merged cell, emitted once
    assert row(doc, "（四）无法提供")[1:] == ["1.本机关不掌握相关政府信息", "746", "12", "0", "0", "10", "1", "769"]
    assert row(doc, "2.没有现成信息需要另行制作")[1:] == ["11", "0", "0", "0", "0", "0", "11"]
    assert row(doc, "（六）其他处理")[2:] == ["67", "3", "0", "0", "1", "0", "71"]
    assert row(doc, "3、其他")[1:] == ["108", "2", "0", "0", "0", "0", "110"]
    assert row(doc, "（七）总计")[1:] == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert row(doc, "四、结转下年度继续办理")[1:] == ["103", "0", "0", "0", "0", "0", "103"]
    assert len(_t3_block(doc)) == 25
    t4 = next(ln for ln in lines_of(doc) if ln.startswith("72 |"))
    assert t4.split(" | ") == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]


def test_cell_boxes(corpus: Path) -> None:
    doc = _dev(corpus, "hongze-district-2023.pdf")
    line = next(ln for ln in lines_of(doc) if ln.startswith(T3_LABEL))
    start = doc.text.index(line) + line.index(" | 21 | ") + 3
    box = doc.box_at(start, start + 2)
    assert box is not None and box.page == 3
    assert 300 < box.x0 < box.x1 < 350 and 470 < box.top < box.bottom < 510
    label = doc.box_at(doc.text.index(line), doc.text.index(line) + len(T3_LABEL))
    assert label is not None and label.page == 3 and label.x1 < box.x0 + 1
    assert [b[0] for b in doc.boxes] == sorted(b[0] for b in doc.boxes)


# ------------------------------------------------------------------ synthetic PDFs


def _two_page_table(repeat_header: bool = False) -> bytes:
    """A T3-like table split over two pages; its group column is open at the break,
    or (``repeat_header``) the header row is repeated and every edge is drawn."""
    xs = (50, 90, 200, 260, 320)
    p1 = [hline(300, 50, 320), hline(270, 50, 320), hline(240, 50, 320), hline(210, 90, 320),
          hline(180, 90, 320), hline(150, 90, 320), vline(50, 150, 300), vline(90, 150, 240)]
    p1 += [vline(x, 150, 300) for x in xs[2:]]
    p1 += [text(55, 280, "项目"), text(210, 280, "甲"), text(270, 280, "乙"),
           text(55, 250, "一、新收"), text(210, 250, "5"), text(270, 250, "7")]
    p1 += [text(65, 228 - 14 * k, ch) for k, ch in enumerate("三、办理")]
    p1 += [text(95, 220, "（一）公开"), text(210, 220, "1"), text(270, 220, "2"),
           text(95, 190, "（二）部分"), text(210, 190, "0"),
           text(95, 160, "（三）不予"), text(210, 160, "3"), text(270, 160, "4"), text(290, 30, "- 1 -")]
    p2 = [hline(750, 90, 320), hline(720, 50, 320), hline(690, 50, 320), hline(780, 90, 320),
          vline(50, 690, 780), vline(90, 720, 780)] + [vline(x, 690, 780) for x in xs[2:]]
    if repeat_header:
        p2 += [hline(810, 50, 320), hline(780, 50, 90), vline(50, 780, 810)]
        p2 += [vline(x, 780, 810) for x in xs[2:]]
        p2 += [text(55, 790, "项目"), text(210, 790, "甲"), text(270, 790, "乙")]
    p2 += [text(65, 765, "结"), text(65, 745, "果"),
           text(95, 760, "（四）无法"), text(210, 760, "6"), text(270, 760, "6"),
           text(95, 730, "（七）总计"), text(210, 730, "10"), text(270, 730, "12"),
           text(55, 700, "四、结转"), text(210, 700, "0"), text(270, 700, "0"),
           text(55, 650, "五、问题"), text(55, 620, "规章"), text(210, 620, "0"), text(270, 620, "5"),
           text(290, 30, "- 2 -")]
    return make_pdf([b"".join(p1), b"".join(p2)])


@pytest.mark.parametrize("repeat_header", [False, True])
def test_synthetic_grid_over_page_break(repeat_header: bool) -> None:
    doc = read_pdf(_two_page_table(repeat_header))
    assert lines_of(doc) == [
        "项目 | 甲 | 乙",
        "一、新收 | 5 | 7",
        "三、办理结果 | （一）公开 | 1 | 2",
        "（二）部分 | 0 | ",
        "（三）不予 | 3 | 4",
        "（四）无法 | 6 | 6",
        "（七）总计 | 10 | 12",
        "四、结转 | 0 | 0",
        "五、问题",
        "规章 | 0 | 5",  # no ruling lines: positional columns
    ]
    group = doc.text.index("三、办理结果")
    box = doc.box_at(group, group + 6)
    assert box is not None and box.page == 1 and box.x0 == pytest.approx(50, abs=1)


def test_sniffed_and_registered() -> None:
    data = make_pdf([text(72, 700, "Hello PDF")])
    assert sniff(data) == "application/pdf"
    assert read_bytes(data, "x.pdf").text == "Hello PDF\n"


@pytest.mark.parametrize("stamped", [False, True])
def test_scanned_pdf_is_flagged_for_ocr(stamped: bool) -> None:
    scan = b"q 400 0 0 600 90 120 cm /Im1 Do Q\n"
    pages = [scan + (text(290, 30, f"- {k} -") if stamped else b"") for k in (1, 2)]
    with pytest.raises(NoTextLayer) as info:
        read_bytes(make_pdf(pages, image=True), "scan.pdf")
    assert str(info.value) == "no text layer (scanned)"
    assert isinstance(info.value, ReadError)
    assert info.value.pages == 2 and info.value.image_pages == [1, 2]


def test_encrypted_pdf() -> None:
    page = text(72, 700, "Encrypted but open")
    assert read_pdf(make_pdf([page], encrypt="owner")).text == "Encrypted but open\n"
    start = time.monotonic()
    with pytest.raises(ReadError, match="encrypted PDF: it needs a password"):
        read_pdf(make_pdf([page], encrypt="owner", user_ok=False))
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_corrupt_pdf_fails_cleanly(cut: float) -> None:
    data = _two_page_table()
    start = time.monotonic()
    try:
        doc = read_pdf(data[: int(len(data) * cut)])
    except ReadError as exc:
        assert str(exc)
    else:
        assert isinstance(doc, Document)
    assert time.monotonic() - start < 10


def test_garbage_pdf() -> None:
    with pytest.raises(ReadError, match="corrupt PDF"):
        read_bytes(b"%PDF-1.7\n" + zlib.compress(b"x" * 5000), "bad.pdf")


def test_200_pages_bounded_and_too_many_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [text(72, 810, "Running header 2024") + text(72, 600, f"Page body {k}") + hline(500, 72, 500)
             + text(290, 30, f"- {k} -")
             for k in range(1, 201)]
    start = time.monotonic()
    doc = read_pdf(make_pdf(pages))
    assert time.monotonic() - start < 30
    assert lines_of(doc) == [f"Page body {k}" for k in range(1, 201)]
    monkeypatch.setattr(pdfreader, "MAX_PAGES", 150)
    start = time.monotonic()
    with pytest.raises(ReadError, match="more than 150 pages"):
        read_pdf(make_pdf(pages))
    assert time.monotonic() - start < 5


def test_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfreader, "TIME_BUDGET", 0.0)
    with pytest.raises(ReadError, match="took over"):
        read_pdf(make_pdf([text(72, 700, "a"), text(72, 700, "b")]))
