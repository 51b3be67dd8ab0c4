"""``gongkai parse`` as a user runs it: JSONL shape, bad inputs, exit codes."""

from __future__ import annotations

import json
import os
import time
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.generator import generate
from gongkai.mapper.parse import parse_path

from .conftest import seed_path


def run(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["parse", *args])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def test_jsonl_object_per_report(tmp_path: Path, capsys) -> None:
    sample = generate("E3", "pipes", 5)
    path = tmp_path / sample.name
    path.write_text(sample.text, "utf-8")
    code, objs = run(capsys, str(path))
    assert code == 0 and len(objs) == 1
    obj = objs[0]
    assert set(obj) >= {"source", "agency", "year", "published", "edition", "cells", "findings", "warnings"}
    assert obj["source"]["path"] == str(path) and len(obj["source"]["sha256"]) == 64
    assert (obj["agency"], obj["year"], obj["edition"]) == (sample.agency, sample.year, "E3")
    cell = obj["cells"][0]
    assert set(cell) >= {"table", "row", "column", "value", "unit", "blank", "printed_row", "span"}
    start, end = cell["span"]
    assert 0 <= start <= end


def test_bad_inputs_give_error_objects_and_the_run_continues(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text(generate("E2", "tabs", 1).text, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "garbage.txt").write_text("lorem ipsum dolor sit amet\n" * 200, "utf-8")
    (tmp_path / "noise.html").write_bytes(os.urandom(50_000))
    big = tmp_path / "big.txt"
    big.write_bytes(("二〇二〇年政府信息公开工作年度报告 " * 400_000).encode())  # > 10 MB
    t0 = time.perf_counter()
    code, objs = run(capsys, str(tmp_path))
    elapsed = time.perf_counter() - t0
    by_name = {Path(o["source"]["path"]).name: o for o in objs}
    assert code == 0  # not every input failed
    assert "error" not in by_name["good.txt"]
    for name in ("empty.txt", "binary.txt", "garbage.txt", "noise.html", "big.txt"):
        assert by_name[name]["error"], name
    assert "MB limit" in by_name["big.txt"]["error"]
    assert "empty" in by_name["empty.txt"]["error"]
    assert elapsed < 20  # bounded, and no traceback escaped


def test_exit_code_nonzero_only_when_every_input_failed(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    code, objs = run(capsys, str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert len(objs) == 2 and all("error" in o for o in objs)


def test_table_format_is_readable(corpus: Path, capsys) -> None:
    assert main(["parse", "--format", "table", str(seed_path(corpus, 1))]) == 0
    out = capsys.readouterr().out
    assert "耒阳市" in out and "FINDING E1-3" in out and "同意公开答复数 / 统计数: 7" in out


def test_pdf_through_the_parser(corpus: Path) -> None:
    pdf = corpus / "dev-pdf" / "hongze-district-2023.pdf"
    if not pdf.exists():
        pytest.skip("dev PDFs not in the corpus")
    report = parse_path(pdf)
    assert report.edition == "E3" and report.year == 2023
    # the row label printed with characters missing is still read
    cell = report.cell("requests", "其他法律行政法规禁止公开", "总计")
    assert cell is not None and cell.value == 0 and "行政止公开" in cell.printed_row
    assert report.value("requests", "本年新收政府信息公开申请数量", "总计") == 21
    # printed 总计 0 against parts 10 + 1 is a finding, not a fix
    h5 = [f for f in report.findings if f.rule == "H5" and f.left[0].row == "行政复议"]
    assert len(h5) == 1 and h5[0].printed == 0 and h5[0].expected == 11
    assert report.value("review", "行政复议", "总计") == 0
    assert cell.page is not None and cell.page.page >= 1


def test_text_format_is_what_spans_index(tmp_path: Path, capsys) -> None:
    sample = generate("E2", "html", 9)
    path = tmp_path / sample.name
    path.write_text(sample.text, "utf-8")
    _, (obj,) = run(capsys, str(path))
    assert main(["parse", "--format", "text", str(path)]) == 0
    text = capsys.readouterr().out
    checked = 0
    for cell in obj["cells"]:
        start, end = cell["span"]
        if cell["blank"]:
            continue
        printed = text[start:end].strip().rstrip("万元件条次篇个人项").replace(",", "").lstrip("+")
        assert Decimal(printed) == Decimal(str(cell["value"])), (cell, text[start:end])
        checked += 1
    assert checked > 50
