"""Form knowledge: editions, tables, rows, columns and identities, declared once.

>>> edition("E3").table("requests").row("O2").canonical
'部分公开'
"""

from __future__ import annotations

from .modern import E2, E3
from .spec import Block, Column, Edition, Identity, Row, Table, canonical_label
from .statistics import E1

EDITIONS: dict[str, Edition] = {e.id: e for e in (E1, E2, E3)}

#: Report editions the model knows; ``E0`` (local pre-2014 forms) and ``prose`` have no
#: national table of their own.
EDITION_IDS = ("E0", "E1", "E2", "E3", "prose")


def edition(edition_id: str) -> Edition:
    """The form of ``edition_id`` (E1, E2 or E3)."""
    try:
        return EDITIONS[edition_id]
    except KeyError:
        raise KeyError(f"no national form for edition {edition_id!r}; known: {sorted(EDITIONS)}") from None


def form_for_year(year: int) -> Edition:
    """The national form in force for a reporting year (E1 before 2019)."""
    if year >= 2021:
        return E3
    if year >= 2019:
        return E2
    return E1


__all__ = [
    "Block", "Column", "EDITIONS", "EDITION_IDS", "Edition", "Identity", "Row", "Table",
    "canonical_label", "edition", "form_for_year", "E1", "E2", "E3",
]
