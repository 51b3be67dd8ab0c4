"""Which edition of the form a report uses, from the labels it prints (spec §0)."""

from __future__ import annotations

from ..forms import E1, E2, E3
from .normalize import compact as squeeze
from .normalize import fold

_E0_MARKERS = ("免予公开范围", "免于公开范围", "非《规定》所指政府信息", "否决公开答复")
_T3_MARKERS = ("本列数据的勾稽关系", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量")


def _hits(compact: str, markers: tuple[str, ...]) -> int:
    return sum(1 for m in markers if fold(m) in compact)


def detect_edition(text: str, year: int | None) -> tuple[str, list[str]]:
    """The edition id (E0, E1, E2, E3 or prose) and warnings about the choice."""
    compact = squeeze(text)
    warnings: list[str] = []
    e3, e2 = _hits(compact, E3.markers), _hits(compact, E2.markers)
    if e3 or e2:
        edition = "E3" if e3 >= e2 else "E2"
    elif _hits(compact, _T3_MARKERS):
        if year is not None and year >= 2021:
            edition = "E3"
        elif year is not None and year >= 2019:
            edition = "E2"
        else:
            edition = "E3"
            warnings.append("edition: only the applications table is printed and the year is unknown; assumed E3")
    elif _hits(compact, E1.markers) >= 3 or ("统计指标" in compact and _hits(compact, E1.markers) >= 1):
        edition = "E1"
    elif _hits(compact, _E0_MARKERS):
        edition = "E0"
        warnings.append("edition E0 (local pre-2014 form): its tables are not read yet")
    else:
        edition = "prose"
    if year is not None and edition in ("E1", "E2", "E3"):
        lo, hi = {"E1": E1.years, "E2": E2.years, "E3": E3.years}[edition]
        if not lo <= year <= hi:
            warnings.append(f"edition {edition} form printed for reporting year {year} (form in force {lo}–{hi})")
    return edition, warnings
