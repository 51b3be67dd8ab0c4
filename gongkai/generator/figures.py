"""A small generic solver: random leaf cells, totals derived from the identities.

Every identity of an edition is expanded into concrete *lines* (one per column or
row it applies to). Each ``=`` line defines one cell as the sum of others (the
single left cell of a total line, otherwise the first cell not yet defined); the
remaining cells are leaves drawn at random. Lines that end up implied but do not hold
by linearity (``<=`` lines, E1-10) are repaired by raising a leaf under the smaller
side until every line holds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass
from functools import lru_cache

from gongkai.forms import Edition, Identity, edition

from .model import Number

CellKey = tuple[str, str, str]  # (table key, row code, column code)
Values = dict[CellKey, Number]
LeafSampler = Callable[[CellKey], Number]


@dataclass(frozen=True)
class Line:
    """One concrete instance of an identity: sum(left) <relation> sum(right)."""

    identity: Identity
    left: tuple[CellKey, ...]
    right: tuple[CellKey, ...]

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return self.left + self.right

    def holds(self, values: Mapping[CellKey, Number | None]) -> bool:
        lhs = sum((values[c] or 0 for c in self.left), 0)
        rhs = sum((values[c] or 0 for c in self.right), 0)
        return lhs == rhs if self.identity.relation == "=" else lhs <= rhs


@dataclass(frozen=True)
class Rule:
    """A derived cell: sum(plus) - sum(minus)."""

    plus: tuple[CellKey, ...]
    minus: tuple[CellKey, ...]


@dataclass(frozen=True)
class Plan:
    """Everything about an edition's figures that does not depend on the seed."""

    edition: Edition
    cells: tuple[CellKey, ...]
    leaves: tuple[CellKey, ...]
    rules: dict[CellKey, Rule]
    order: tuple[CellKey, ...]
    lines: tuple[Line, ...]
    signed: frozenset[CellKey]
    checks: tuple[Line, ...]  # lines not guaranteed by a rule: checked after each derivation


def table_cells(ed: Edition) -> list[CellKey]:
    """Every cell of a readable row (value rows and subtotal groups), local rows included."""
    out: list[CellKey] = []
    for table in ed.tables:
        for block in table.blocks:
            codes = tuple(c.code for c in block.columns)
            for row in block.readable_rows:
                out.extend((table.key, row.code, col) for col in (row.columns or codes))
    return out


def expand(identity: Identity, ed: Edition, cells: set[CellKey]) -> list[Line]:
    """The lines of ``identity`` whose cells all exist on the form."""
    table = ed.table(identity.table)
    t = table.key
    if identity.axis == "column":
        pairs = [
            (tuple((t, r, c) for r in identity.left), tuple((t, r, c) for r in identity.right))
            for c in (identity.lines or tuple(col.code for col in table.columns))
        ]
    else:
        rows = identity.lines or tuple(r.code for b in table.blocks for r in b.readable_rows)
        pairs = [
            (tuple((t, r, c) for c in identity.left), tuple((t, r, c) for c in identity.right))
            for r in rows
        ]
    return [Line(identity, lt, rt) for lt, rt in pairs if all(k in cells for k in lt + rt)]


#: realism-only constraints (spec §6.4 E1-8 "each channel ≤ 一(一)"; E3 stock ≥ this year's
#: issues): the solver keeps them, :func:`violations` never reports them
REALISM: dict[str, tuple[Identity, ...]] = {
    "E1": tuple(Identity(f"gen-1.2.{i}", "proactive", "column", (f"1.2.{i}",), ("1.1",), "<=", "warning")
                for i in range(1, 6)),
    "E3": (Identity("gen-in-force", "proactive", "row", ("issued",), ("in-force",), "<=", "warning"),),
}


@lru_cache(maxsize=8)
def plan(edition_id: str) -> Plan:
    """The solver plan of an edition (cached)."""
    ed = edition(edition_id)
    cells = table_cells(ed)
    cellset = set(cells)
    lines = [line for ident in ed.identities for line in expand(ident, ed, cellset)]
    rules: dict[CellKey, Rule] = {}
    defining: set[int] = set()
    totals = [ln for ln in lines if ln.identity.relation == "=" and len(ln.left) == 1]
    others = [ln for ln in lines if ln.identity.relation == "=" and len(ln.left) > 1]
    for line in totals:
        (target,) = line.left
        if target not in rules:
            rules[target] = Rule(line.right, ())
            defining.add(id(line))
    for line in others:
        for side, other in ((line.left, line.right), (line.right, line.left)):
            free = [c for c in side if c not in rules]
            if free:
                target = free[0]
                rules[target] = Rule(other, tuple(c for c in side if c != target))
                defining.add(id(line))
                break
    order = _topological(rules)
    signed = frozenset(
        (t.key, r.code, c.code)
        for t in ed.tables for b in t.blocks for c in b.columns if c.signed for r in b.rows
    )
    leaves = tuple(c for c in cells if c not in rules)
    checks = tuple(ln for ln in lines if id(ln) not in defining)
    checks += tuple(ln for ident in REALISM.get(edition_id, ()) for ln in expand(ident, ed, cellset))
    return Plan(ed, tuple(cells), leaves, rules, order, tuple(lines), signed, checks)


def _topological(rules: Mapping[CellKey, Rule]) -> tuple[CellKey, ...]:
    order: list[CellKey] = []
    state: dict[CellKey, int] = {}

    def visit(cell: CellKey) -> None:
        mark = state.get(cell)
        if mark == 2:
            return
        if mark == 1:
            raise ValueError(f"cyclic identities at {cell}")
        state[cell] = 1
        rule = rules[cell]
        for dep in rule.plus + rule.minus:
            if dep in rules:
                visit(dep)
        state[cell] = 2
        order.append(cell)

    for cell in rules:
        visit(cell)
    return tuple(order)


def derive(p: Plan, values: Values) -> None:
    """Recompute every derived cell from the leaves, in place."""
    get = values.__getitem__
    for cell in p.order:
        rule = p.rules[cell]
        total = sum(map(get, rule.plus))
        values[cell] = total - sum(map(get, rule.minus)) if rule.minus else total


def _leaf_under(p: Plan, cell: CellKey, rng: random.Random) -> CellKey:
    """A leaf whose increase raises ``cell`` by the same amount."""
    while cell in p.rules:
        cell = rng.choice(p.rules[cell].plus)
    return cell


def solve(p: Plan, sample: LeafSampler, rng: random.Random, rounds: int = 50) -> Values:
    """Figures satisfying every line of the plan: leaves from ``sample``, totals derived."""
    values: Values = {leaf: sample(leaf) for leaf in p.leaves}
    for _ in range(rounds):
        derive(p, values)
        fixes: list[tuple[tuple[CellKey, ...], Number]] = []
        for cell in p.order:
            if values[cell] < 0 and cell not in p.signed:
                fixes.append((p.rules[cell].plus, -values[cell]))
        if not fixes:
            get = values.__getitem__
            for line in p.checks:
                lhs = sum(map(get, line.left))
                rhs = sum(map(get, line.right))
                if lhs > rhs:
                    fixes.append((line.right, lhs - rhs))
                elif lhs < rhs and line.identity.relation == "=":
                    fixes.append((line.left, rhs - lhs))
        if not fixes:
            return values
        for side, amount in fixes:
            leaf = _leaf_under(p, rng.choice(side), rng)
            values[leaf] += amount
    raise RuntimeError(f"{p.edition.id}: figures did not converge")


def violations(p: Plan, values: Mapping[CellKey, Number | None], printed: Iterable[CellKey] | None = None,
               hard_only: bool = False) -> set[str]:
    """Ids of identities with a failing line among the printed cells (blank = 0)."""
    shown = set(values if printed is None else printed)
    out: set[str] = set()
    for line in p.lines:
        if hard_only and line.identity.severity != "violation":
            continue
        if line.identity.id in out or not all(c in shown for c in line.cells):
            continue
        if not line.holds(values):
            out.add(line.identity.id)
    return out


def perturb(p: Plan, values: Values, printed: Set[CellKey], rng: random.Random,
            attempts: int = 40) -> tuple[Values, tuple[str, ...]]:
    """Change one printed total so that 1–2 hard identities (and nothing unlisted) break.

    Returns the new figures and the ids of every identity that now fails.
    """
    hard_cells = {c for ln in p.lines if ln.identity.severity == "violation" for c in ln.cells}
    candidates = sorted(c for c in p.rules if c in printed and c in hard_cells)
    if not candidates:
        return values, ()
    best: tuple[Values, set[str]] | None = None
    for _ in range(attempts):
        cell = rng.choice(candidates)
        delta = rng.choice((1, 1, 2, 3, 5, 10, 20, 100))
        if rng.random() < 0.4 and values[cell] >= delta:
            delta = -delta
        changed = dict(values)
        changed[cell] = values[cell] + delta
        broken = violations(p, changed, printed)
        hard = violations(p, changed, printed, hard_only=True)
        if 1 <= len(hard) <= 2 and len(broken) <= 2:
            return changed, tuple(sorted(broken))
        if hard and best is None:
            best = (changed, broken)
    if best is None:
        return values, ()
    return best[0], tuple(sorted(best[1]))
