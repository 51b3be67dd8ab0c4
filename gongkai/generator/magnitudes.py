"""How big leaf figures are: mostly zeros and small counts, now and then a large one.

Keyed by the forms' table/row/column *codes* (never by printed labels). A sample's
``size`` scales everything: most agencies are small.
"""

from __future__ import annotations

import random
from decimal import Decimal

from gongkai.forms import Edition

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
_COLUMN = {
    "NP": (1.0, None), "LP-COM": (0.5, 0.85), "LP-RES": (0.3, 0.97), "LP-NGO": (0.3, 0.97),
    "LP-LAW": (0.3, 0.93), "LP-OTH": (0.4, 0.9),
    "public-total": (15, 0.3), "prev-items": (3, None), "decisions": (5, None), "repealed": (0.3, 0.7),
    "in-force": (10, 0.3),
}


def size(rng: random.Random) -> float:
    """An agency size: small (most), medium or large."""
    return rng.choices((1.0, 6.0, 40.0), weights=(70, 25, 5))[0]


def sampler(ed: Edition, rng: random.Random, scale: float) -> LeafSampler:
    """A function drawing the figure of one leaf cell."""
    money = {
        (t.key, r.code, c.code)
        for t in ed.tables for b in t.blocks for r in b.rows for c in b.columns
        if c.money or c.unit == "万元" or r.unit == "万元"
    }
    signed = {(t.key, c.code) for t in ed.tables for b in t.blocks for c in b.columns if c.signed}

    def draw(key: CellKey) -> Number:
        table, row, column = key
        if key in money:
            if rng.random() < 0.55:
                return Decimal(0)
            return (Decimal(rng.randint(1, int(5000 * scale))) / 100).quantize(Decimal("0.01"))
        if (table, column) in signed:
            if rng.random() < 0.5:
                return 0
            return rng.randint(-int(10 * scale), int(20 * scale))
        top, zero = _TABLE.get((ed.id, table)) or _TABLE.get((table,), (5, 0.5))
        for factor, z in (_ROW.get(row, (1, None)), _COLUMN.get(column, (1, None))):
            top *= factor
            zero = zero if z is None else z
        if rng.random() < zero:
            return 0
        value = rng.randint(1, max(1, round(top * scale)))
        if rng.random() < 0.01:
            value *= rng.randint(10, 60)
        return value

    return draw
