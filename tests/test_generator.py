"""The synthetic report generator: determinism, identities, layouts, errors, CLI."""

from __future__ import annotations

import itertools
import json
import time
from decimal import Decimal

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.cli import main
from gongkai.forms import edition
from gongkai.generator import CELL_FIELDS, EDITIONS, LAYOUTS, ExpectedCell, Sample, generate, generate_many

TABLE_EDITIONS = ("E1", "E2", "E3")
COMBOS = list(itertools.product(EDITIONS, LAYOUTS))


def broken(sample: Sample) -> set[str]:
    """Ids of the edition's identities that fail on the sample's expected cells (blank = 0).

    Written from ``gongkai.forms`` alone (not the generator's solver): a line is checked
    only when all its cells are printed.
    """
    ed = edition(sample.edition)
    values: dict[tuple[str, str, str], object] = {}
    for c in sample.cells:
        table = ed.table(c.table)
        row = {r.canonical: r.code for r in table.rows}[c.row]
        col = {k.canonical: k.code for k in table.columns}[c.column]
        values[(c.table, row, col)] = 0 if c.blank else c.value
    out: set[str] = set()
    for ident in ed.identities:
        t = ed.table(ident.table)
        if ident.axis == "column":
            lines = [([(r, col) for r in ident.left], [(r, col) for r in ident.right])
                     for col in (ident.lines or [c.code for c in t.columns])]
        else:
            lines = [([(row, c) for c in ident.left], [(row, c) for c in ident.right])
                     for row in (ident.lines or [r.code for r in t.rows])]
        for left, right in lines:
            if not all((t.key, r, c) in values for r, c in left + right):
                continue
            lhs = sum(values[(t.key, r, c)] for r, c in left)
            rhs = sum(values[(t.key, r, c)] for r, c in right)
            if not (lhs == rhs if ident.relation == "=" else lhs <= rhs):
                out.add(ident.id)
    return out


@pytest.mark.parametrize(("ed", "layout"), COMBOS)
def test_every_edition_and_layout_renders(ed: str, layout: str) -> None:
    s = generate(ed, layout, 3)
    assert s.edition == ed and s.layout == layout
    assert s.name == f"{ed}-{layout}-0003.{'html' if layout == 'html' else 'txt'}"
    assert f"{s.agency}{s.year}年政府信息公开工作年度报告" in s.text
    assert s.cells and s.errors == ()
    assert s.published.year == s.year + 1
    lo, hi = {"E1": (2014, 2018), "E2": (2019, 2020), "E3": (2021, 2025), "prose": (2008, 2025)}[ed]
    assert lo <= s.year <= hi
    for c in s.cells:
        assert isinstance(c, ExpectedCell)
        assert (c.value is None) == c.blank
        assert c.value is None or isinstance(c.value, int | Decimal)


@pytest.mark.parametrize(("ed", "layout"), COMBOS)
def test_deterministic(ed: str, layout: str) -> None:
    a, b = generate(ed, layout, 11, errors=ed != "prose"), generate(ed, layout, 11, errors=ed != "prose")
    assert a == b
    assert generate(ed, layout, 12).text != a.text


def test_generate_many_deterministic_and_cycles_all_combos() -> None:
    first = [(s.name, s.text) for s in generate_many(40, 5, errors_rate=0.3)]
    again = [(s.name, s.text) for s in generate_many(40, 5, errors_rate=0.3)]
    assert first == again
    assert {n.rsplit("-", 1)[0] for n, _ in first} == {f"{e}-{layout}" for e, layout in COMBOS}
    assert len({n for n, _ in first}) == 40


@pytest.mark.parametrize("ed", TABLE_EDITIONS)
def test_same_cells_in_every_layout(ed: str) -> None:
    """Figures depend on (edition, seed) only: every layout prints the same cells."""
    cells = {layout: [c.comparable() for c in generate(ed, layout, 21).cells] for layout in LAYOUTS}
    assert all(v == cells["html"] for v in cells.values())


@pytest.mark.parametrize("ed", TABLE_EDITIONS)
def test_identities_hold_without_errors(ed: str) -> None:
    for seed in range(60):
        s = generate(ed, LAYOUTS[seed % len(LAYOUTS)], seed)
        assert broken(s) == set(), (s.name, broken(s))


@settings(max_examples=60, deadline=None)
@given(ed=st.sampled_from(TABLE_EDITIONS), layout=st.sampled_from(LAYOUTS), seed=st.integers(0, 2**40),
       errors=st.booleans())
def test_identities_property(ed: str, layout: str, seed: int, errors: bool) -> None:
    s = generate(ed, layout, seed, errors=errors)
    assert set(s.errors) == broken(s)
    assert bool(s.errors) == errors
    signed = {c.canonical for t in edition(ed).tables for c in t.columns if c.signed}
    assert all(c.blank or c.value >= 0 or c.column in signed for c in s.cells)


@pytest.mark.parametrize("ed", TABLE_EDITIONS)
def test_errors_break_exactly_the_listed_identities(ed: str) -> None:
    hard = {i.id for i in edition(ed).identities if i.severity == "violation"}
    for seed in range(60):
        s = generate(ed, LAYOUTS[seed % len(LAYOUTS)], seed, errors=True)
        assert s.errors, s.name
        assert set(s.errors) == broken(s), s.name
        assert set(s.errors) & hard
        assert len(s.errors) <= 3


@pytest.mark.parametrize("ed", TABLE_EDITIONS)
def test_cells_name_the_forms(ed: str) -> None:
    form = edition(ed)
    s = generate(ed, "pipes", 8)
    seen = set()
    for c in s.cells:
        table = form.table(c.table)
        assert c.form == ed and c.source == "table"
        assert c.row in {r.canonical for r in table.rows}
        assert c.column in {k.canonical for k in table.columns}
        seen.add(c.key)
    assert len(seen) == len(s.cells), "each cell printed once"
    if ed != "E1":
        assert sum(c.table == "review" for c in s.cells) == 15
        rows = {c.row for c in s.cells if c.table == "requests"}
        value_rows = {r.canonical for r in form.table("requests").blocks[0].value_rows}
        assert value_rows <= rows
        assert len(value_rows) == (23 if ed == "E2" else 25)


def _token(c: ExpectedCell) -> str:
    if isinstance(c.value, Decimal):
        return str(int(c.value)) if c.value == c.value.to_integral_value() else f"{c.value:.2f}"
    return str(c.value)


@pytest.mark.parametrize(("ed", "layout"), list(itertools.product(TABLE_EDITIONS, LAYOUTS)))
def test_values_printed_in_order(ed: str, layout: str) -> None:
    for seed in range(5):
        s = generate(ed, layout, seed)
        at = 0
        for c in s.cells:
            if c.blank:
                continue
            found = s.text.find(_token(c), at)
            assert found >= 0, (s.name, c)
            at = found + 1


@pytest.mark.parametrize("ed", EDITIONS)
def test_html_is_well_formed(ed: str) -> None:
    for seed in range(10):
        s = generate(ed, "html", seed)
        root = lxml.etree.fromstring(s.text.encode("utf-8"))
        assert root.tag == "html"
        tables = root.findall(".//table")
        assert len(tables) == {"E1": 1, "E2": 3, "E3": 3, "prose": 0}[ed]
        assert root.find(".//script") is not None and root.find(".//ul") is not None


def test_html_spans_follow_the_form() -> None:
    root = lxml.etree.fromstring(generate("E3", "html", 2, variants=False).text.encode())
    t2, t3, t4 = root.findall(".//table")
    assert any(td.get("colspan") == "3" and td.xpath("string()") == "本年处理决定数量" for td in t2.iter("td"))
    outcome = [td for td in t3.iter("td") if td.xpath("string()") == "三、本年度办理结果"]
    assert outcome and int(outcome[0].get("rowspan")) >= 22
    assert [td.get("colspan") for td in t4.find(".//tr").iter("td")] == ["5", "10"]


def test_blank_cells_visible_per_layout() -> None:
    for seed in range(40):
        cells_layout = generate("E2", "cells", seed)
        if any(c.blank for c in cells_layout.cells):
            break
    else:
        pytest.fail("no blanks in 40 samples")
    assert "\n—\n" in cells_layout.text
    assert "—" in generate("E2", "spaces", seed).text
    assert " |  | " in generate("E2", "pipes", seed).text or "|  |" in generate("E2", "pipes", seed).text
    assert not any(c.blank for c in generate("E2", "cells", seed, blanks=False).cells)


def test_realistic_figures() -> None:
    samples = [generate(ed, "pipes", seed) for seed in range(40) for ed in ("E2", "E3")]
    t3 = [c.value for s in samples for c in s.cells if c.table == "requests" and not c.blank]
    assert sum(v == 0 for v in t3) / len(t3) > 0.5
    signed = [c.value for s in samples for c in s.cells if c.column == "本年增/减" and not c.blank]
    assert any(v < 0 for v in signed) and any(v > 0 for v in signed)
    assert any("+" in s.text for s in samples if s.edition == "E2")
    fees = [c for s in samples for c in s.cells if c.form == "E3" and c.table == "proactive" and c.unit == "万元"]
    assert fees and any(isinstance(c.value, Decimal) and c.value != int(c.value) for c in fees)
    units = {c.unit for s in samples for c in s.cells if c.column == "采购总金额"}
    assert units & {"万元", "元"}


def test_prose_cells_map_to_the_form_of_their_year() -> None:
    for seed in range(30):
        s = generate("prose", "cells", seed)
        assert all(c.source == "prose" for c in s.cells)
        received = [c for c in s.cells if c.table == "requests" and c.row in ("收到申请数", "本年新收政府信息公开申请数量")]
        assert len(received) == 1
        (r,) = received
        if s.year <= 2018:
            assert (r.form, r.column) == ("E1", "统计数")
        else:
            assert r.form == ("E2" if s.year <= 2020 else "E3") and r.column == "总计"
        assert f"共收到政府信息公开申请{r.value}件" in s.text
        for c in s.cells:
            if c.table == "proactive":
                assert (c.form, c.row, c.column, c.unit) == ("E1", "主动公开政府信息数", "统计数", "条")
                assert f"本年度共主动公开政府信息{c.value}条" in s.text


def test_expected_cells_compare_with_the_model_cell() -> None:
    from gongkai.model import Cell, Span

    c = generate("E3", "tabs", 1).cells[0]
    parsed = Cell(c.form, c.table, c.row, c.column, c.value, c.unit, c.blank, c.printed_row, Span(0, 1))
    assert tuple(getattr(parsed, f) for f in CELL_FIELDS) == c.comparable()
    json.dumps(generate("E3", "tabs", 1).to_json(), ensure_ascii=False)


def test_speed_sanity() -> None:
    start = time.perf_counter()
    n = sum(1 for _ in generate_many(1000, 0, errors_rate=0.1))
    elapsed = time.perf_counter() - start
    assert n == 1000
    print(f"generated 1000 samples in {elapsed:.2f}s ({n / elapsed:.0f}/s)")


def test_cli_stdout_and_out_dir(tmp_path, capsys) -> None:
    assert main(["sample", "--edition", "E2", "--layout", "pipes", "--seed", "7"]) == 0
    assert capsys.readouterr().out == generate("E2", "pipes", 7).text
    out = tmp_path / "samples"
    assert main(["sample", "--edition", "all", "--layout", "all", "--count", "25", "--seed", "3",
                 "--errors", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in (out / "expected.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 25 and len(list(out.iterdir())) == 26
    for row in rows:
        assert (out / row["name"]).is_file()
        assert row["cells"] and {"form", "table", "row", "column", "value", "unit", "blank"} <= set(row["cells"][0])
        assert bool(row["errors"]) == (row["edition"] != "prose")
