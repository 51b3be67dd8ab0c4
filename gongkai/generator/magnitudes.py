"""How big leaf figures are: mostly zeros and small counts, now and then a large one.

Keyed by the forms' table/row/column *codes* (never by printed labels). A sample's
``size`` scales everything: most agencies are small.
"""

from __future__ import annotations

import random
from decimal import Decimal
from functools import lru_cache

from gongkai.forms import Edition, edition

from .figures import CellKey, LeafSampler
from .model import Number

#: (typical maximum of a non-zero count for a small agency, probability of 0) per table
_TABLE = {
    ("E1", "proactive"): (400, 0.15), ("E1", "response"): (15, 0.35), ("E1", "requests"): (4, 0.6),
    ("E1", "review"): (1, 0.85), ("E1", "litigation"): (1, 0.9), ("E1", "complaints"): (2, 0.8),
    ("E1", "staffing"): (3, 0.1), ("E1", "training"): (4, 0.25), ("E1", "fees"): (1, 0.9),
    ("proactive",): (20, 0.45), ("requests",): (3, 0.75), ("review",): (1, 0.85),
}
#: multipliers of the typical maximum (and a replacement zero probability) by row code
_ROW = {
    "1.1a": (0.05, 0.4), "1.1b": (0.05, 0.4), "1.2.1": (0.1, 0.6), "1.2.3": (0.4, 0.5),
    "2.2.1a": (0.3, 0.5), "2.2.2a": (0.3, 0.6), "3.3.4a": (1, 0.95), "3.3.4b": (1, 0.95),
    "9.3": (25, 0.25), "8.1": (0.4, 0.2), "8.2": (0.7, 0.3), "8.3.2": (1.5, 0.2),
    "O1": (3, 0.35), "O2": (1, 0.6), "O4.1": (1.5, 0.55), "O3.6": (1, 0.9), "O3.1": (1, 0.97),
    "F2": (0.7, 0.7), "F4": (0.7, 0.7),
    "rules": (0.1, 0.9), "normative": (0.4, 0.4), "licensing": (8, 0.3), "penalty": (6, 0.35),
    "coercion": (1, 0.6), "fees": (0.3, 0.7), "other-services": (2, 0.6), "procurement": (2, 0.5),
}
_CENT = Decimal("0.01")
_COLUMN = {
    "NP": (1.0, None), "LP-COM": (0.5, 0.85), "LP-RES": (0.3, 0.97), "LP-NGO": (0.3, 0.97),
    "LP-LAW": (0.3, 0.93), "LP-OTH": (0.4, 0.9),
    "public-total": (15, 0.3), "prev-items": (3, None), "decisions": (5, None), "repealed": (0.3, 0.7),
    "in-force": (10, 0.3),
}


def size(rng: random.Random) -> float:
    """An agency size: small (most), medium or large."""
    return rng.choices((1.0, 6.0, 40.0), weights=(70, 25, 5))[0]


@lru_cache(maxsize=8)
def _params(edition_id: str) -> dict[CellKey, tuple[str, float, float]]:
    """Per cell: kind (``count``/``money``/``signed``), typical maximum, probability of 0."""
    ed = edition(edition_id)
    out: dict[CellKey, tuple[str, float, float]] = {}
    for t in ed.tables:
        for b in t.blocks:
            for r in b.rows:
                for c in b.columns:
                    key = (t.key, r.code, c.code)
                    if c.money or c.unit == "万元" or r.unit == "万元":
                        out[key] = ("money", 5000, 0.55)
                    elif c.signed:
                        out[key] = ("signed", 10, 0.5)
                    else:
                        top, zero = _TABLE.get((ed.id, t.key)) or _TABLE.get((t.key,), (5, 0.5))
                        for factor, z in (_ROW.get(r.code, (1, None)), _COLUMN.get(c.code, (1, None))):
                            top *= factor
                            zero = zero if z is None else z
                        out[key] = ("count", top, zero)
    return out


def sampler(ed: Edition, rng: random.Random, scale: float) -> LeafSampler:
    """A function drawing the figure of one leaf cell."""
    params = _params(ed.id)
    rand, randint = rng.random, rng.randint

    def draw(key: CellKey) -> Number:
        kind, top, zero = params[key]
        if rand() < zero:
            return Decimal(0) if kind == "money" else 0
        if kind == "money":
            return (Decimal(randint(1, int(top * scale))) / 100).quantize(_CENT)
        if kind == "signed":
            return randint(-int(top * scale), int(2 * top * scale))
        value = randint(1, max(1, round(top * scale)))
        if rand() < 0.01:
            value *= randint(10, 60)
        return value

    return draw
