"""Figures stated in sentences, for reports printed without tables (edition ``prose``).

The knowledge lives in one declarative table, :data:`RULES_SPEC` (compiled once into
:data:`RULES`): each rule names a concept,
the cells it maps to under each form (E1, E2, E3, looked up from :mod:`gongkai.forms`),
and the regexes that state it. One engine, :func:`extract_prose`, runs them all.

Only unambiguous statements become cells. Approximate numbers (``近5000条``, ``180余条``,
``约…``, ``…以上``) are rejected with a warning; two different values claiming one cell
are both dropped with a warning; the same value stated twice is emitted once. A negative
statement (``未收到政府信息公开申请``) is the figure 0, spanning the negation word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from gongkai.forms import EDITIONS, form_for_year
from gongkai.model import Cell, Number, Span

# ---------------------------------------------------------------- regex fragments
#: a number, with the approximation markers around it captured so they can be refused
_N = (
    r"(?P<pre>将近|接近|大约|超过|近|约|逾|达近)?\s*"
    r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+)\s*"
    r"(?P<approx>[万千百]余|余|多|来|万|千)?\s*"
)
#: words that may stand between a label and its number
_LINK = r"(?:\s|共计?|合计|总计|累计|计|达到?|为|了|总数|数量)*"
#: words that may follow the unit and make it approximate
_POST = r"(?P<post>以上|左右|之多)?"
#: the noun phrase of an application for disclosure
_APP = (
    r"(?:(?:政府信息)?依申请公开(?:政府)?(?:信息)?(?:的)?(?:申请|件|来信)?"
    r"|政府信息公开(?:的)?申请|申请公开(?:政府)?信息(?:的申请)?|信息公开申请|公开申请)"
)
#: a negation that states "none"; not 未经/无法/尚未/未来/未按/无正当
_NEG = r"(?P<neg>(?<!尚)未(?!经|来|按|结|审)|没有|(?<!并)无(?!法|正当|需|须)|不存在|未存在)"
#: free text inside one clause (no number, no clause boundary, no bracket)
_GAP = r"[^,，。;；:：!?！？\n\d()（）]{0,24}?"
#: what may not follow a negated label: the sentence is about money, not cases
_NOT_MONEY = r"(?![^,，。;；\n]{0,12}(?:费用|经费|支出))"


def _after(label: str, units: str, lead: str = "") -> str:
    """``label`` then the number then one of ``units``."""
    return rf"{lead}(?P<label>{label}){_LINK}{_N}(?P<unit>{units}){_POST}"


def _before(units: str, label: str) -> str:
    """The number, one of ``units`` (名/位 …), then ``label``."""
    return rf"{_N}(?P<unit>{units})(?P<label>{label})"


def _negated(label: str, gap: str = _GAP) -> str:
    """A negation, then ``label`` within the same clause: the figure 0."""
    return rf"{_NEG}{gap}(?P<label>{label}){_NOT_MONEY}"


# ---------------------------------------------------------------- targets
@dataclass(frozen=True)
class Target:
    """A canonical cell: form, table and the canonical row and column labels."""

    form: str
    table: str
    row: str
    column: str


def _t(form: str, table: str, row_code: str, column_code: str) -> Target:
    """The target of (form, table, row code, column code), labels from the form objects."""
    tab = EDITIONS[form].table(table)
    return Target(form, table, tab.row(row_code).canonical, tab.column(column_code).canonical)


def _e1(table: str, row_code: str) -> Target:
    return _t("E1", table, row_code, "value")


def _modern(table: str, row_code: str, column_code: str) -> dict[str, tuple[Target, ...]]:
    """The same row/column in E2 and E3."""
    return {e: (_t(e, table, row_code, column_code),) for e in ("E2", "E3")}


def _t3(row_code: str, *columns: str) -> dict[str, tuple[Target, ...]]:
    return {e: tuple(_t(e, "requests", row_code, c) for c in columns) for e in ("E2", "E3")}


# ---------------------------------------------------------------- the rule table
@dataclass(frozen=True)
class Rule:
    """One concept stated in prose.

    ``targets`` maps the form in force (E1/E2/E3) to the cells the figure fills; a form
    missing from it has no such cell and the rule is skipped. ``needles``: literal
    strings one of which must occur for the regexes to be tried at all. ``veto``: words
    that, earlier in the same clause, make a match something else (a breakdown, a
    cumulative count); ``require``: words the clause must contain for the match to be
    about this concept at all. Rules earlier in :data:`RULES` claim a printed number first.
    """

    concept: str
    unit: str
    targets: dict[str, tuple[Target, ...]]
    patterns: tuple[str, ...]
    needles: tuple[str, ...]
    veto: str | None = r"历年|去年|上一?年度?|以来累计"
    require: str | None = None


_TOTAL_VETO = r"其中|包括|历年|去年|上一?年度?|以来累计"

_PROACTIVE = (_e1("proactive", "1.1"),)
RULES_SPEC: tuple[Rule, ...] = (
    Rule(
        "proactive-items", "条",
        {"E1": _PROACTIVE, "E2": _PROACTIVE, "E3": _PROACTIVE},
        (
            _after(r"主动(?:公开|发布)(?:了)?(?:的)?(?:各类|各项)?(?:政府|政务)?信息(?:总数)?", "条|件"),
            _after(r"主动公开总数", "条|件"),
            _after(r"(?:发布|公开)(?:了)?(?:各类|各项)?(?:政府|政务)?信息", "条|件", lead=r"(?:共计?|累计|全年)"),
        ),
        ("公开",), veto=_TOTAL_VETO,
    ),
    Rule(
        "applications-natural-persons", "件",
        {"E1": (_e1("requests", "3.1"),), **_t3("F1", "TOTAL", "NP")},
        (_after(rf"(?:收到|接到|受理|接收)(?:了)?(?:各类)?{_APP}", "件|条|个|份|宗|起")
         + r"[^。;；\n]{0,30}?(?P<column>申请人(?:均|全部|都)(?:为|是|系)自然人)",),
        ("自然人",), veto=_TOTAL_VETO,
    ),
    Rule(
        "applications", "件",
        {"E1": (_e1("requests", "3.1"),), **_t3("F1", "TOTAL")},
        (
            _after(rf"(?:收到|接到|受理|接收)(?:了)?(?:各类)?{_APP}", "件|条|个|份|宗|起"),
            _negated(rf"(?:收到|接到|受理|接收)?(?:过|到)?(?:任何)?{_APP}", gap=r"(?:发生|出现)?"),
        ),
        ("申请",), veto=_TOTAL_VETO,
    ),
    Rule(
        "applications-carried-over", "件",
        _t3("F2", "TOTAL"),
        (
            _after(r"上年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?", "件|条|个"),
            _negated(r"上年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?", gap=""),
        ),
        ("结转",), veto=None,
    ),
    Rule(
        "replies-total", "件",
        {"E1": (_e1("requests", "3.3"),), **_t3("O7", "TOTAL")},
        (_after(r"(?:对申请的)?答复总数", "件|条|个"),),
        ("答复总数",),
    ),
    Rule(
        "granted", "件",
        {"E1": (_e1("requests", "3.3.2"),), **_t3("O1", "TOTAL")},
        (_after(r"(?<![不部])(?:同意|予以)公开(?:的)?(?:申请|答复)?", "件|条|个"),),
        ("同意公开", "予以公开"),
    ),
    Rule(
        "partially-granted", "件",
        {"E1": (_e1("requests", "3.3.3"),), **_t3("O2", "TOTAL")},
        (_after(r"(?:同意)?部分公开(?:的)?(?:申请|答复)?", "件|条|个"),),
        ("部分公开",),
    ),
    Rule(
        "refused", "件",
        {"E1": (_e1("requests", "3.3.4"),), **_t3("O3", "TOTAL")},
        (_after(r"不(?:同意|予以?)公开(?:的)?(?:申请|答复)?", "件|条|个"),),
        ("不同意公开", "不予公开", "不予以公开"),
    ),
    Rule(
        # E1 only: in E2/E3 this and "information does not exist" add up to O4.1
        "not-this-agency", "件",
        {"E1": (_e1("requests", "3.3.5"),)},
        (_after(r"(?:依法)?不属于(?:本|我)(?:行政机关|机关|局|单位|部门|委|办|厅)?(?:公开|职责|职能)?(?:范围)?(?:的)?(?:公开)?(?:申请)?",
                "件|条|个"),),
        ("不属于",),
    ),
    Rule(
        "information-does-not-exist", "件",
        {"E1": (_e1("requests", "3.3.6"),)},
        (_after(r"(?:申请(?:的)?)?信息不存在(?:的)?(?:申请)?", "件|条|个"),),
        ("不存在",),
    ),
    Rule(
        "not-held", "件",
        _t3("O4.1", "TOTAL"),
        (_after(r"本机关不掌握(?:相关)?(?:政府)?信息(?:的)?(?:申请)?", "件|条|个"),),
        ("不掌握",),
    ),
    Rule(
        "normative-issued", "件",
        {"E1": (_e1("proactive", "1.1b"),),
         "E2": (_t("E2", "proactive", "normative", "made"),),
         "E3": (_t("E3", "proactive", "normative", "issued"),)},
        (_after(r"制(?:定|发)(?:并(?:发布|印发|公开))?(?:了)?(?:行政)?规范性文件", "件|个|份"),),
        ("规范性文件",),
    ),
    Rule(
        "normative-in-force", "件",
        {"E3": (_t("E3", "proactive", "normative", "in-force"),)},
        (
            _after(r"现行有效(?:的)?(?:行政)?规范性文件", "件|个|份"),
            _after(r"(?:行政)?规范性文件现行有效", "件|个|份"),
        ),
        ("现行有效",),
    ),
    Rule(
        "licensing-decisions", "件",
        {"E2": (_t("E2", "proactive", "licensing", "decisions"),),
         "E3": (_t("E3", "proactive", "licensing", "decisions"),)},
        (_after(r"(?:作出|办结)(?:了)?行政许可(?:决定)?", "件|个|宗"),
         _after(r"行政许可决定", "件|个|宗")),
        ("行政许可",),
    ),
    Rule(
        "reconsiderations", "件",
        {"E1": (_e1("review", "4"),), **_modern("review", "review", "total")},
        (
            _after(r"行政复议(?:案件?|申请)?", "件|起|宗|次"),
            _negated(r"行政复议"),
        ),
        ("行政复议",),
    ),
    Rule(
        # in E2/E3 only "none" is unambiguous: a positive count cannot be split by route
        "lawsuits", "件",
        {"E1": (_e1("litigation", "5"),),
         **{e: (_t(e, "review", "direct-suit", "total"), _t(e, "review", "suit-after-review", "total"))
            for e in ("E2", "E3")}},
        (
            _after(r"行政诉讼(?:案件?)?", "件|起|宗|次"),
            _negated(r"行政诉讼"),
        ),
        ("行政诉讼",),
    ),
    Rule(
        "fees", "万元",
        {"E1": (_e1("fees", "7"),)},
        (
            _after(r"收取(?:的)?(?:各类|任何)?(?:费用|信息处理费|检索费|复制费)|收费(?:金额|总额)?", "万元|元"),
            _negated(r"收费|收取(?:任何)?(?:费用|信息处理费)"),
            r"(?P<neg>(?<!减)不|(?<!减)免)(?P<label>收取(?:任何)?费用|收费)",
        ),
        ("收费", "收取"), require=r"信息公开|申请|减免",
    ),
    Rule(
        "part-time-staff", "人",
        {"E1": (_e1("staffing", "8.3.2"),)},
        (_before("名|位|个", r"兼职(?:工作)?人员"), _after(r"兼职(?:工作)?人员", "名|人|位")),
        ("兼职",),
    ),
    Rule(
        "full-time-staff", "人",
        {"E1": (_e1("staffing", "8.3.1"),)},
        (_before("名|位|个", r"专职(?:工作)?人员"), _after(r"专职(?:工作)?人员", "名|人|位")),
        ("专职",),
    ),
)


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    regexes: tuple[re.Pattern[str], ...]
    veto: re.Pattern[str] | None
    require: re.Pattern[str] | None


def _opt(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


RULES: tuple[_Compiled, ...] = tuple(
    _Compiled(r, tuple(re.compile(p) for p in r.patterns), _opt(r.veto), _opt(r.require)) for r in RULES_SPEC
)

_CLAUSE_END = re.compile(r"[,，。;；:：!?！？\n]")
_CLAUSE_BACK = 40


# ---------------------------------------------------------------- numbers
def _number(raw: str, unit: str, rule_unit: str) -> Number | None:
    """The value of a printed number (arabic or Chinese), converted to the rule's unit."""
    if raw[0].isdigit():
        raw = raw.replace(",", "")
        value: Number = Decimal(raw) if "." in raw else int(raw)
    else:
        try:
            value = int(cn2an.cn2an(raw, "normal"))
        except (ValueError, KeyError, TypeError):
            return None
    if rule_unit == "万元":
        money = Decimal(value)
        if unit == "元":
            money /= 10000
        return int(money) if money == money.to_integral_value() else money.normalize()
    if isinstance(value, Decimal):
        return None  # a fractional count is no count
    return value


def _clause_prefix(text: str, start: int) -> str:
    """Text of the current clause before ``start`` (at most 40 characters)."""
    lo = max(0, start - _CLAUSE_BACK)
    head = text[lo:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
    return head[cut:]


# ---------------------------------------------------------------- engine
@dataclass
class _Candidate:
    value: Number
    cell: Cell


def extract_prose(text: str, year: int | None) -> tuple[list[Cell], list[str]]:
    """Cells for the figures that ``text`` states unambiguously in sentences, and warnings.

    Figures map onto the form in force in ``year`` (see :func:`gongkai.forms.form_for_year`);
    without a year nothing is mapped.
    """
    if year is None:
        return [], ["prose: reporting year unknown; figures in sentences not mapped"]
    form = form_for_year(year).id
    warnings: list[str] = []
    claimed: dict[tuple[int, int], str] = {}
    found: dict[Target, list[_Candidate]] = {}

    for compiled in RULES:
        rule = compiled.rule
        targets = rule.targets.get(form)
        if not targets or not any(n in text for n in rule.needles):
            continue
        for regex in compiled.regexes:
            for m in regex.finditer(text):
                _take(text, m, compiled, targets, claimed, found, warnings.append)

    cells: list[Cell] = []
    for target, candidates in found.items():
        values = list(dict.fromkeys(c.value for c in candidates))
        if len(values) == 1:
            cells.append(min(candidates, key=lambda c: c.cell.span.start).cell)
            continue
        where = ", ".join(f"{c.value} at {c.cell.span.start}" for c in candidates)
        warnings.append(
            f"prose: conflicting figures for {target.form} {target.table}/{target.row}/{target.column} "
            f"({where}); none kept"
        )
    cells.sort(key=lambda c: (c.span.start, c.table, c.row, c.column))
    return cells, warnings


def _take(
    text: str,
    m: re.Match[str],
    compiled: _Compiled,
    targets: tuple[Target, ...],
    claimed: dict[tuple[int, int], str],
    found: dict[Target, list[_Candidate]],
    warn: Callable[[str], None],
) -> None:
    """Record the candidate cells of one match, unless vetoed, approximate or claimed."""
    rule = compiled.rule
    groups = m.groupdict()
    label = groups.get("label") or ""
    prefix = _clause_prefix(text, m.start())
    if compiled.veto is not None and compiled.veto.search(prefix + text[m.start():m.start("label")]):
        return
    if compiled.require is not None and not compiled.require.search(prefix + m.group(0)):
        return
    if groups.get("neg"):
        value: Number | None = 0
        span = Span(*m.span("neg"))
    else:
        raw = groups["num"]
        span = Span(*m.span("num"))
        if groups.get("pre") or groups.get("approx") or groups.get("post"):
            warn(f"prose: approximate figure for {rule.concept} not used: {m.group(0).strip()!r} at {span.start}")
            return
        value = _number(raw, groups.get("unit") or "", rule.unit)
        if value is None:
            warn(f"prose: unreadable number for {rule.concept}: {raw!r} at {span.start}")
            return
        key = (span.start, span.end)
        owner = claimed.setdefault(key, rule.concept)
        if owner != rule.concept:
            return
    column_phrase = groups.get("column")
    for target in targets:
        cell = Cell(
            form=target.form,
            table=target.table,
            row=target.row,
            column=target.column,
            value=value,
            unit=rule.unit,
            blank=False,
            printed_row=label,
            span=span,
            printed_column=column_phrase if column_phrase and column_phrase.endswith(target.column) else None,
            source="prose",
        )
        found.setdefault(target, []).append(_Candidate(value, cell))
