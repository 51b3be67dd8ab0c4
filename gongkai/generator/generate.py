"""``generate``/``generate_many``: deterministic synthetic reports with expected cells.

Figures, agency, dates, blanks and deliberate errors come from a stream seeded by
``(edition, seed)`` only, so the same seed gives the same cells in every layout; the
layout's own stream decides label variations and whitespace.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from gongkai.forms import edition as form

from . import document, html, magnitudes, prose, text, words
from .figures import CellKey, perturb, plan, solve
from .grid import Fill
from .labels import LabelStyle
from .model import BINARY_LAYOUTS, EDITIONS, LAYOUTS, ExpectedCell, Number, Sample

YEARS = {"E1": (2014, 2018), "E2": (2019, 2020), "E3": (2021, 2025), "prose": (2008, 2025)}


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, ("gongkai-generator", *parts))))


def _printed(edition_id: str, rng: random.Random) -> frozenset[CellKey]:
    """Which cells the document prints: subtotal groups and local rows only sometimes."""
    return _printed_cells(edition_id, rng.random() < 0.15, rng.random() < 0.1)


@lru_cache(maxsize=32)
def _printed_cells(edition_id: str, subtotals: bool, local: bool) -> frozenset[CellKey]:
    ed = form(edition_id)
    out: set[CellKey] = set()
    for table in ed.tables:
        for block in table.blocks:
            for row in block.readable_rows:
                if (row.group and not subtotals) or (row.local and not local):
                    continue
                out.update((table.key, row.code, c.code) for c in block.columns)
    return frozenset(out)


def _blanks(cells: tuple[CellKey, ...], values: dict[CellKey, Number], printed: frozenset[CellKey],
            rng: random.Random) -> set[CellKey]:
    """Zero cells printed blank (blank counts as 0, so identities still hold)."""
    if rng.random() < 0.5:
        return set()
    rate = rng.choice((0.2, 0.6, 1.0))
    return {k for k in cells if k in printed and values[k] == 0 and rng.random() < rate}


class Built(NamedTuple):
    """A generated report before it is printed in a layout."""

    doc: document.Doc
    cells: tuple[ExpectedCell, ...]
    errors: tuple[str, ...]
    agency: str
    year: int
    published: datetime.date
    look: random.Random


def build(edition: str, layout: str, seed: int, *, errors: bool = False, blanks: bool = True,
          variants: bool = True) -> Built:
    """The layout-neutral document of ``generate(edition, layout, seed, ...)`` and its cells.

    ``layout`` may also be one of :data:`BINARY_LAYOUTS` (see :mod:`.office`); ``look`` is
    the layout's stream, positioned where printing the document starts.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; known: {EDITIONS}")
    if layout not in LAYOUTS and layout not in BINARY_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {LAYOUTS + BINARY_LAYOUTS}")
    rng = _rng(edition, seed)
    look = _rng(edition, layout, seed)
    who = _rng(edition, layout, seed, "who")  # each layout of a seed is another agency's report
    agency = words.agency(who)
    year = who.randint(*YEARS[edition])
    day = words.published(who, year, early=year >= 2019)
    broken: tuple[str, ...] = ()
    if edition == "prose":
        doc, cells = prose.build(agency, year, day, rng)
    else:
        p = plan(edition)
        values = solve(p, magnitudes.sampler(p.edition, rng, magnitudes.size(rng)), rng)
        printed = _printed(edition, rng)
        blank = _blanks(p.cells, values, printed, rng) if blanks else set()
        if errors:
            values, broken = perturb(p, values, printed, _rng(edition, seed, "errors"))
            blank = {k for k in blank if values[k] == 0}
        fill = Fill(edition, values, printed, blank, LabelStyle.choose(look, variants),
                    money=rng.choice(("万元", "万元", "元", "bare")), plus_sign=rng.random() < 0.7)
        make = document.statistics if edition == "E1" else document.modern
        doc = make(p.edition, fill, agency, year, day, rng)
        cells = [c for part in doc.parts if isinstance(part, document.Grid) for c in part.expected]
    return Built(doc, tuple(cells), broken, agency, year, day, look)


def generate(edition: str, layout: str, seed: int, *, errors: bool = False, blanks: bool = True,
             variants: bool = True) -> Sample:
    """One synthetic report of ``edition`` rendered in ``layout``.

    ``errors``: break 1–2 hard identities by changing one printed total (listed in
    ``Sample.errors``). ``blanks``: print some zero cells blank. ``variants``: vary
    label rendering (brackets, enumerators, the forms' aliases).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {LAYOUTS}")
    b = build(edition, layout, seed, errors=errors, blanks=blanks, variants=variants)
    body = html.render(b.doc, b.look) if layout == "html" else text.render(b.doc, layout, b.look)
    suffix = "html" if layout == "html" else "txt"
    return Sample(f"{edition}-{layout}-{seed:04d}.{suffix}", body, edition, layout, b.agency, b.year,
                  b.published, b.cells, b.errors, seed)


def generate_many(count: int, seed: int, editions: Sequence[str] = EDITIONS, layouts: Sequence[str] = LAYOUTS,
                  errors_rate: float = 0.0) -> Iterator[Sample]:
    """``count`` samples cycling through every edition × layout.

    The i-th sample is ``generate(edition, layout, seed + i // n)`` for the
    ``i % n``-th of the ``n`` combinations (a later seed where that agency already has a
    report for that year, so every sample is a distinct report); it carries errors with
    probability ``errors_rate`` (drawn from ``seed``).
    """
    combos = list(itertools.product(editions, layouts))
    coin = _rng("many", seed)
    seen: set[tuple[str, int]] = set()
    for i in range(count):
        edition, layout = combos[i % len(combos)]
        with_errors = errors_rate > 0 and coin.random() < errors_rate and edition != "prose"
        s = seed + i // len(combos)
        sample = generate(edition, layout, s, errors=with_errors)
        while (sample.agency, sample.year) in seen:  # one report per agency and year
            s += 1_000_003
            sample = generate(edition, layout, s, errors=with_errors)
        seen.add((sample.agency, sample.year))
        yield sample
