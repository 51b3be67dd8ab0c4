"""Round trip through files: generate → DOCX/PDF bytes → ``parse_bytes`` → the same cells.

DOCX comes from python-docx (Word tables with merged cells), PDF from reportlab (ruled
tables, CJK text in the non-embedded CID font STSong-Light, tables broken over pages).
For every edition × format over several seeds the parser reads back every printed cell
with its value, unit and blank flag (a blank cell is an empty cell, as in ``html``),
plus agency, year and edition; seeded errors are exactly the findings.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.generator import CELL_FIELDS, EDITIONS, Sample, generate
from gongkai.generator.model import BINARY_LAYOUTS
from gongkai.generator.office import generate_binary, place, render_binary
from gongkai.mapper.parse import parse_bytes
from gongkai.model import Report

pytest.importorskip("docx")
pytest.importorskip("reportlab")

SETTINGS = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf"}


def parsed(data: bytes, name: str) -> Report:
    result = parse_bytes(data, name)
    assert isinstance(result, Report), getattr(result, "error", result)
    return result


def wanted(sample: Sample) -> set[tuple]:
    return {tuple(getattr(c, f) for f in CELL_FIELDS) for c in sample.cells}


def got(report: Report) -> set[tuple]:
    return {(c.form, c.table, c.row, c.column, c.value, c.unit, c.blank) for c in report.cells}


def same_report(sample: Sample, report: Report) -> None:
    want, have = wanted(sample), got(report)
    assert have == want, f"missing {sorted(want - have)[:5]} extra {sorted(have - want)[:5]} {report.warnings[:3]}"
    assert (report.agency, report.year, report.edition) == (sample.agency, sample.year, sample.edition)


@pytest.mark.parametrize("kind", BINARY_LAYOUTS)
@pytest.mark.parametrize("edition", EDITIONS)
@SETTINGS
@given(seed=st.integers(min_value=0, max_value=100_000))
def test_generate_render_parse_same_cells(edition: str, kind: str, seed: int) -> None:
    sample, data = generate_binary(edition, kind, seed)
    assert sample.name.endswith(f".{kind}") and sample.layout == kind
    report = parsed(data, f"x.{kind}")
    assert report.source.media_type == MEDIA[kind]
    same_report(sample, report)
    assert report.findings == [] or all(f.severity == "warning" for f in report.findings)


@pytest.mark.parametrize("kind", BINARY_LAYOUTS)
@pytest.mark.parametrize("edition", ("E1", "E2", "E3"))
@settings(SETTINGS, max_examples=3)
@given(seed=st.integers(min_value=0, max_value=100_000))
def test_seeded_errors_are_exactly_the_findings(edition: str, kind: str, seed: int) -> None:
    sample, data = generate_binary(edition, kind, seed, errors=True)
    report = parsed(data, f"x.{kind}")
    assert sample.errors
    same_report(sample, report)
    assert {f.rule for f in report.findings} == set(sample.errors)


@pytest.mark.parametrize("kind", BINARY_LAYOUTS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_html_sample_rendered_to_a_file_reads_as_the_html(edition: str, kind: str) -> None:
    """The generator's HTML report, printed as a file, parses to the HTML's cells."""
    sample = generate(edition, "html", 11)
    html = parsed(sample.text.encode("utf-8"), sample.name)
    report = parsed(render_binary(sample, kind), f"x.{kind}")
    same_report(sample, report)
    assert got(report) == got(html)


def test_binary_output_is_deterministic_and_validated() -> None:
    for kind in BINARY_LAYOUTS:
        assert generate_binary("E2", kind, 5)[1] == generate_binary("E2", kind, 5)[1], kind
    with zipfile.ZipFile(io.BytesIO(generate_binary("E2", "docx", 5)[1])) as zf:  # no clock in the bytes
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    with pytest.raises(ValueError, match="unknown binary layout"):
        generate_binary("E2", "odt", 1)
    with pytest.raises(ValueError, match="not generated with the default options"):
        render_binary(generate("E2", "html", 1, blanks=False, variants=False), "pdf")


def test_pdf_tables_cross_pages_and_cells_carry_boxes() -> None:
    """The E1 table and E3 T3 break over a page; every table cell has its page box."""
    for edition in ("E1", "E3"):
        sample, data = generate_binary(edition, "pdf", 3)
        report = parsed(data, "x.pdf")
        same_report(sample, report)
        assert all(c.page is not None for c in report.cells)
        assert len({c.page.page for c in report.cells if c.page}) >= 2


def test_grids_are_rectangular() -> None:
    """Every grid fills its rows × columns exactly once (Word and PDF draw every slot)."""
    from gongkai.generator.generate import build
    from gongkai.generator.grid import Grid

    for edition in ("E1", "E2", "E3"):
        for seed in range(5):
            for part in build(edition, "pdf", seed).doc.parts:
                if isinstance(part, Grid):
                    nrows, ncols, cells = place(part)
                    area = sum(p.cell.rowspan * p.cell.colspan for p in cells)
                    assert area == nrows * ncols, (edition, seed, part.key)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.xfail(strict=False, reason=(
    "LibreOffice lets a table row break across pages (python-docx rows allow it, as Word's do): "
    "the PDF reader joins merged cells split by a page break but not a whole row split by one, "
    "so the split row reads as two rows and its cells are lost"))
def test_libreoffice_pdf_of_generated_docx(tmp_path: Path) -> None:
    """Optional: the DOCX converted by LibreOffice headless (not needed by the suite)."""
    sample, data = generate_binary("E3", "docx", 1)
    (tmp_path / "r.docx").write_bytes(data)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "r.docx")], check=True, capture_output=True, timeout=120)
    same_report(sample, parsed((tmp_path / "r.pdf").read_bytes(), "r.pdf"))
