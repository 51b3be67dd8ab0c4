"""Round trip: generate a report with known figures → parse it → the same cells.

For every edition × layout, over many seeds: every cell the document prints comes back
with the same value, unit and blank flag; agency, year and edition come back; and the
identities the generator broke on purpose are exactly the findings.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.generator import CELL_FIELDS, EDITIONS, LAYOUTS, generate
from gongkai.mapper.parse import parse_bytes
from gongkai.model import Report

SETTINGS = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def parsed(sample) -> Report:
    result = parse_bytes(sample.text.encode("utf-8"), sample.name)
    assert isinstance(result, Report), getattr(result, "error", result)
    return result


def cells_of(report: Report) -> set[tuple]:
    return {(c.form, c.table, c.row, c.column, c.value, c.unit, c.blank) for c in report.cells}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("edition", EDITIONS)
@SETTINGS
@given(seed=st.integers(min_value=0, max_value=100_000))
def test_generate_parse_same_cells(edition: str, layout: str, seed: int) -> None:
    sample = generate(edition, layout, seed)
    report = parsed(sample)
    want = {tuple(getattr(c, f) for f in CELL_FIELDS) for c in sample.cells}
    got = cells_of(report)
    assert got == want, f"missing {sorted(want - got)[:5]} extra {sorted(got - want)[:5]} {report.warnings[:3]}"
    assert (report.agency, report.year, report.edition) == (sample.agency, sample.year, sample.edition)
    assert report.findings == [] or all(f.severity == "warning" for f in report.findings)


@pytest.mark.parametrize("edition", ("E1", "E2", "E3"))
@SETTINGS
@given(seed=st.integers(min_value=0, max_value=100_000), layout=st.sampled_from(LAYOUTS))
def test_seeded_errors_are_exactly_the_findings(edition: str, seed: int, layout: str) -> None:
    sample = generate(edition, layout, seed, errors=True)
    report = parsed(sample)
    assert sample.errors, "the generator promised to break an identity"
    assert {f.rule for f in report.findings} == set(sample.errors)


@pytest.mark.parametrize("edition", ("E1", "E2", "E3"))
def test_spans_point_at_the_printed_value(edition: str) -> None:
    for layout in LAYOUTS:
        sample = generate(edition, layout, 3)
        report = parsed(sample)
        for cell in report.cells:
            printed = report.text[cell.span.start:cell.span.end]
            if cell.blank:
                assert printed.strip() in ("", "—", "-", "/", "无"), (layout, cell)
            else:
                digits = printed.replace(",", "").lstrip("+")
                assert digits.startswith(str(cell.value).split(".")[0].lstrip("+")) or (
                    cell.value == 0 and digits.startswith("0")), (layout, cell, printed)
