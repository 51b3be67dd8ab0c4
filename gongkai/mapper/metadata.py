"""Front matter of one report: agency, reporting year, publication date and title.

Input is normalised text (see :mod:`gongkai.mapper.normalize`). Every rule is a
precompiled regex; the costly ones start with a literal (``20``, ``由``, ``日``) so
the regex engine can skip ahead, which keeps a 20 KB report well under a millisecond.

Agency, in order of trust: a title (a title line, an agency line above an agency-less
title line, a title quoted in 《…》 or announced in a sentence), the 发布机构/发布单位
field, the signature block (agency line above a date line), then self-references in
the opening sentences. An abbreviated name from the lower tiers is completed from a
longer printed form of the same name (``区交通运输局`` → ``长乐区交通运输局``).
Self-references (我局, 本单位) are never names.

Year: title, statistics period, ``YYYY年度``, ``YYYY年…信息公开``, then a sentence
that opens with ``YYYY年`` (not a date). Published: a date field, a date line under
the title, then the signature date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_CJK = "\u4e00-\u9fff"
#: administrative levels that open or close a place name
_LEVEL = "省市县区州盟旗"
#: characters an agency name is made of
_NAME_CH = rf"[{_CJK}()·]"
#: how the name of an organisation ends
_ORG = (
    "人民政府|政府|管理委员会|委员会|管委会|办公厅|办公室|办事处|街道|分局|局|厅|委|办|中心|"
    "院|署|队|站|所|乡|镇|公司|集团"
)
#: an office that compiles the report on behalf of its parent body
_OFFICE = "党政综合办公室|党政办公室|综合办公室|党政办|办公室"
_HEAD_CHARS = 8000  # titles and announcements
_OPENING_CHARS = 3000  # self-references
_HEAD_LINES = 150
_YEAR_RANGE = range(2000, 2050)
_SELF_START = "我本该此其"
_STOP_START = "在对按根为是了从经由向于以把将被据就全各共和及与并"
_SENTENCE_END = "\n。;!?|"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "O": 0, "0": 0}


def _core(year_group: str | None) -> str:
    """The report phrase of a title: ``政府信息公开工作年度报告`` and its variants."""
    year = rf"(?P<{year_group}>20\d\d)" if year_group else r"20\d\d"
    return (
        r"(?:政务公开(?:和|与|及)?)?(?:政府信息|政务信息|政务|信息)公开(?:工作)?"
        rf"(?:\s*{year}\s*年\s*度?)?(?:年度)?(?:工作)?(?:报告|总结|年报)"
    )


# titles
_TITLE = re.compile(
    rf"(?P<pre>.{{0,50}}?){_core('cy')}(?:\s*\((?:(?P<py>20\d\d)\s*年\s*度?|[^()]{{0,12}})\))?\s*"
)
_PRE = re.compile(r"\s*(?:(?P<y1>20\d\d)\s*年\s*度?\s*)?(?P<x>.*?)\s*(?:(?P<y2>20\d\d)\s*年\s*度?\s*)?")
_BOOK = re.compile(r"《([^《》\n]{4,80})》")
_CUE = re.compile(rf"(?:现|特|兹|向社会)(?:向社会)?(?:公布|发布|公开)了?(?P<t>[^\s,;:。、《》“”\"()]{{0,50}}?{_core(None)})")
_TAIL_NAME = re.compile(rf"{_NAME_CH}+$")
_NAME_ONLY = re.compile(rf"{_NAME_CH}+")
_ENDS_LIKE_AGENCY = re.compile(rf"(?:{_ORG}|[{_LEVEL}])$")
_GENERIC = re.compile(rf"(?:{_ORG})+")
_FRAGMENT = re.compile(rf"[{_CJK}()·\d\s]+")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_WS = re.compile(r"\s+")
_CELL_SPLIT = re.compile(r"[|\t]")
_SENTENCE_PUNCT = re.compile(r"[,;:。!?、“”\"]")

# fields, dates
_DATE = (
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<cy>[〇零○O0一二三四五六七八九]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
)
_AGENCY_KEY = re.compile(r"发(?:布机构|布单位|文机关|文单位|布部门)")
_DATE_KEY = re.compile(r"日期|时间")
_DATE_KEY_PREFIXES = ("发布", "公开", "成文", "发文", "印发")
_FIELD_SEP = re.compile(r"[\s|:]*")
_FIELD_VALUE = re.compile(r"[^\s|]{2,40}")
_DATE_AT = re.compile(_DATE)
_DATE_ONLY = re.compile(rf"[\s|]*[(\[]?\s*(?:{_DATE})\s*[)\]]?[\s|]*")
_DAY_EOL = re.compile(r"日[ \t)\]|]*(?:\n|$)")

# self-references in the opening sentences
_NAME = rf"[{_CJK}]{{1,30}}?(?:{_ORG})"
_BY = re.compile(rf"由(?P<n>(?:(?!由)[{_CJK}]){{1,30}}?(?:{_ORG}))(?:{_OFFICE})?(?:编制|按照|根据|依据|依照|牵头)")
_COMPILED = re.compile(r"编制")
_SUBJECT_BEFORE = re.compile(rf"(?:^|[\n,。;:])\s*(?P<n>(?:(?!由)[{_CJK}]){{1,30}}?(?:{_ORG}))(?:{_OFFICE})?$")
_TAKE = re.compile(rf"承担(?P<n>{_NAME})的?(?:政府信息公开|政务公开|信息公开)")
_YEAR_SUBJECT = re.compile(
    rf"20\d\d\s*年\s*度?\s*,?\s*(?P<n>[{_CJK}]{{0,12}}?[{_LEVEL}乡镇][{_CJK}]{{0,14}}?(?:{_ORG}))"
)
_CONTACT = re.compile(rf"(?:与|联系)(?P<n>{_NAME})(?:{_OFFICE})?(?:联系|[(,。])")
_SELF_WORD = re.compile(r"[我本](?:单位|机关|部门|局|厅|委|办|镇|乡|县|市|区|街道|中心|院|所)")

# years
_PERIOD = re.compile(
    r"(?P<a>20\d\d)\s*年?\s*\d{1,2}\s*月\s*\d{1,2}\s*日?\s*起?\s*,?\s*(?:至|到|-|—|~)\s*"
    r"(?:(?P<b>20\d\d)\s*年?)?\s*12\s*月\s*31\s*日"
)
_PERIOD_LABEL = re.compile(r"(?:统计|截[至止])[^。\n\d]{0,8}(?P<y>20\d\d)")
_YEAR_DU = re.compile(r"(?P<y>20\d\d)\s*年度")
_YEAR_PHRASE = re.compile(r"(?P<y>20\d\d)\s*年\s*(?:度\s*)?的?(?:政府信息公开|政务公开|信息公开)")
_YEAR_OPENING = re.compile(r"(?P<y>20\d\d)\s*年(?!\s*\d{1,2}\s*月|\d|以来|起|至|前|以前|底)")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the front matter says about a report."""

    agency: str | None
    year: int | None
    published: date | None
    title: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Title:
    """A title found in the text."""

    text: str
    agency: str | None
    self_ref: str | None
    year: int | None
    unit: int | None  # index of its (last) head unit; None for a title inside a sentence
    dropped: str = ""


@dataclass(frozen=True, slots=True)
class _Name:
    """A cleaned name: an agency, or a self-reference such as 我局."""

    name: str | None
    self_ref: str | None
    dropped: str = ""


# --------------------------------------------------------------------------- names


def _clean_name(raw: str) -> _Name | None:
    """The agency name at the end of ``raw``, dropping leading junk such as a domain or a label."""
    s = _WS.sub("", raw)
    m = _TAIL_NAME.search(s)
    if not m:
        return None
    dropped = s[: m.start()]
    if _HAS_CJK.search(dropped) and not dropped.endswith((">", "»", ":", "/")):
        return None  # a sentence, not a title (a breadcrumb or a label may stand before one)
    name = m.group().lstrip("(").removeprefix("关于")
    for tail in ("关于", "年度", "年", "的"):
        name = name.removesuffix(tail)
    if name.endswith(")") and "(" not in name:
        name = name[:-1]
    if len(name) < 2 or "关于" in name:
        return None
    if name[0] in _SELF_START:
        return _Name(None, name, dropped)
    return _Name(name, None, dropped)


def _valid_name(name: str, minimum: int = 2) -> bool:
    """Whether an in-sentence capture looks like an organisation's name."""
    return (
        minimum <= len(name) <= 30
        and name[0] not in _STOP_START
        and name[0] not in _SELF_START
        and "的" not in name
    )


def _abbreviated(name: str) -> bool:
    """A name that starts with a bare level (``区水利局``, ``市财政局``)."""
    return name[0] in _LEVEL


def _agency_line(line: str) -> str | None:
    """``line`` if it is nothing but an agency's name (as above a title or a date)."""
    s = _WS.sub("", line)
    if not _valid_name(s) or not _NAME_ONLY.fullmatch(s) or not _ENDS_LIKE_AGENCY.search(s):
        return None
    return s


def _compatible(a: str, b: str) -> bool:
    return a in b or b in a


def _expand(name: str, pool: list[str]) -> str:
    """The longest printed form of an abbreviated ``name`` (``X`` → ``某县X``, ``某县X人民政府``)."""
    best = name
    for longer in pool:
        if len(longer) <= len(best):
            continue
        for core in (name, name + "人民政府"):
            if longer.endswith(core) and len(longer) > len(core):
                prefix = longer[: -len(core)]
                if prefix[-1] in _LEVEL or name[0] in _LEVEL:
                    best = longer
    return best


# --------------------------------------------------------------------------- titles


def _head_units(text: str) -> tuple[list[str], list[int]]:
    """Non-empty cells of the first lines (lines split at ``|`` and tabs), and where each line ends."""
    units: list[str] = []
    ends: list[int] = []
    pos = 0
    for line in text[:_HEAD_CHARS].split("\n", _HEAD_LINES)[:_HEAD_LINES]:
        pos += len(line) + 1
        for cell in _CELL_SPLIT.split(line):
            cell = cell.strip()
            if cell:
                units.append(cell)
                ends.append(pos)
    return units, ends


def _parse_title(s: str, unit: int | None) -> _Title | None:
    """``s`` read as a whole title, or None."""
    if len(s) > 80 or "公开" not in s:
        return None
    m = _TITLE.fullmatch(s)
    if not m:
        return None
    pre = _PRE.fullmatch(m.group("pre"))
    assert pre is not None  # _PRE matches any string
    year_s = m.group("cy") or m.group("py") or pre.group("y1") or pre.group("y2")
    year = int(year_s) if year_s else None
    if not pre.group("x").strip():
        return _Title(s.strip(), None, None, year, unit)
    name = _clean_name(pre.group("x"))
    if name is None:
        return None
    return _Title(s.strip(), name.name, name.self_ref, year, unit, name.dropped)


def _join_title(unit: str, nxt: str, index: int) -> _Title | None:
    """A title split over two lines: an agency line above a title that lacks one (or names only a
    generic ``人民政府``), or a title wrapped before its end."""
    if len(unit) > 40 or "公开" not in unit + nxt or not _FRAGMENT.fullmatch(unit):
        return None
    alone = _parse_title(nxt, index)
    if alone is not None and not (
        _agency_line(unit) and (alone.agency is None or _GENERIC.fullmatch(alone.agency))
    ):
        return None
    joined = _parse_title(unit + nxt, index)
    if joined is None or joined.agency is None or not _agency_line(joined.agency):
        return None
    return joined


def _line_titles(units: list[str]) -> list[_Title]:
    """Titles standing on their own line (or split over two)."""
    found: list[_Title] = []
    skip = -1
    for i, unit in enumerate(units):
        if i <= skip:
            continue
        title = _parse_title(unit, i)
        if title is None and i + 1 < len(units):
            title = _join_title(unit, units[i + 1], i + 1)
            skip = i + 1 if title else skip
        if title is not None:
            found.append(title)
    return found


def _sentence_titles(head: str) -> list[_Title]:
    """Titles inside sentences: quoted in 《…》 or announced (``现向社会公布X…报告``)."""
    found = []
    for m in _BOOK.finditer(head):
        title = _parse_title(m.group(1), None)
        if title is not None:
            found.append(title)
    for m in _CUE.finditer(head):
        title = _parse_title(m.group("t"), None)
        if title is not None and (title.agency or title.self_ref or title.year):
            found.append(title)
    return found


# --------------------------------------------------------------------------- dates


def _cn_number(s: str) -> int:
    """``二〇二一`` → 2021 (digit by digit), ``二十五`` → 25."""
    if "十" not in s:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tens, _, units = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _to_date(m: re.Match[str]) -> date | None:
    """The date a :data:`_DATE` match names, or None when it is no calendar date."""
    try:
        if m.group("y"):
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return date(_cn_number(m.group("cy")), _cn_number(m.group("cm")), _cn_number(m.group("cd")))
    except (ValueError, KeyError):
        return None


def _field_date(text: str) -> date | None:
    """The first 发布日期/公开日期/发布时间/成文日期 field's date."""
    for m in _DATE_KEY.finditer(text):
        if text[max(0, m.start() - 2) : m.start()] in _DATE_KEY_PREFIXES:
            value = _DATE_AT.match(text, _FIELD_SEP.match(text, m.end()).end())  # type: ignore[union-attr]
            if value:
                return _to_date(value)
    return None


def _line_at(text: str, pos: int) -> tuple[int, str]:
    """(start, text) of the line holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, text[start : len(text) if end < 0 else end]


def _line_before(text: str, pos: int) -> str:
    """The last non-blank line ending before ``pos`` (a line start), without cell bars."""
    end = pos - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip(" \t|")
        if line:
            return line
        end = start - 1
    return ""


def _signature(text: str, after: int) -> tuple[str, date] | None:
    """(agency, date) of the last agency line standing above a date line, past offset ``after``."""
    for m in reversed(list(_DAY_EOL.finditer(text, after))):
        start, line = _line_at(text, m.start())
        if start < after or len(line) > 40:
            continue
        found = _DATE_ONLY.fullmatch(line)
        agency = _agency_line(_line_before(text, start)) if found else None
        when = _to_date(found) if found else None
        if agency and when:
            return agency, when
    return None


def _head_date(units: list[str], ends: list[int], title: _Title | None) -> tuple[date | None, int]:
    """A date standing alone within four lines under the title line, and where the head ends."""
    if title is None or title.unit is None:
        return None, 0
    for i in range(title.unit + 1, min(title.unit + 5, len(units))):
        m = _DATE_ONLY.fullmatch(units[i])
        if m:
            return _to_date(m), ends[i]
    return None, ends[title.unit]


# --------------------------------------------------------------------------- year


def _plausible(y: str | None) -> int | None:
    return int(y) if y and int(y) in _YEAR_RANGE else None


def _standalone(text: str, m: re.Match[str]) -> bool:
    """The year is not the tail of a longer number."""
    return m.start() == 0 or not text[m.start() - 1].isdigit()


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether only spaces, an enumerator or cell bars stand between ``pos`` and a sentence start."""
    i = pos - 1
    while i >= 0 and text[i] in " \t|":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _period_year(text: str, warnings: list[str]) -> int | None:
    """The year of the statistics period (``自2017年1月1日起至2017年12月31日止``)."""
    m = _PERIOD.search(text)
    if m:
        start, end = _plausible(m.group("a")), _plausible(m.group("b"))
        if start and end and start != end:
            warnings.append(f"year: statistics period spans {start}–{end}; the end year is used")
            return end
        return start or end
    m = _PERIOD_LABEL.search(text)
    return _plausible(m.group("y")) if m else None


def _fallback_year(text: str, warnings: list[str]) -> int | None:
    """``YYYY年度``, then ``YYYY年…信息公开``, then a sentence opening with ``YYYY年``."""
    rules = (
        (_YEAR_DU, "YYYY年度", False),
        (_YEAR_PHRASE, "YYYY年…信息公开", False),
        (_YEAR_OPENING, "a sentence opening with YYYY年", True),
    )
    for pattern, what, opening in rules:
        for m in pattern.finditer(text):
            year = _plausible(m.group("y"))
            if year and _standalone(text, m) and (not opening or _opens_sentence(text, m.start())):
                warnings.append(f"year: no title year or statistics period; {year} taken from {what}")
                return year
    return None


def _year(text: str, titles: list[_Title], warnings: list[str]) -> int | None:
    """The reporting year: title, statistics period, then weaker cues."""
    title_year = next((t.year for t in titles if t.year in _YEAR_RANGE), None)
    period = _period_year(text, warnings)
    if title_year and period and title_year != period:
        warnings.append(f"year: title says {title_year} but the statistics period says {period}")
    return title_year or period or _fallback_year(text, warnings)


# --------------------------------------------------------------------------- agency


def _compiler_names(opening: str) -> Iterator[str]:
    """``X`` of ``…,X编制了…`` and of a line opening with ``X编制``."""
    for m in _COMPILED.finditer(opening):
        before = _SUBJECT_BEFORE.search(opening, max(0, m.start() - 40), m.start())
        if before:
            yield before.group("n")


def _self_references(opening: str) -> tuple[list[str], list[str]]:
    """(names, self-references such as 我局) from the opening sentences, most explicit first."""
    found = [m.group("n") for m in _BY.finditer(opening)]
    found += _compiler_names(opening)
    found += [m.group("n") for m in _TAKE.finditer(opening)]
    found += [
        m.group("n") for m in _YEAR_SUBJECT.finditer(opening)
        if _standalone(opening, m) and _opens_sentence(opening, m.start())
    ]
    names = [n for n in found if _valid_name(n, 4)]
    selfs = [n for n in found if n[0] in _SELF_START] + _SELF_WORD.findall(opening[:2000])
    return names, selfs


def _field_agency(text: str) -> str | None:
    """The value of the 发布机构/发布单位 field, when it is a name."""
    m = _AGENCY_KEY.search(text)
    if not m:
        return None
    value = _FIELD_VALUE.match(text, _FIELD_SEP.match(text, m.end()).end())  # type: ignore[union-attr]
    if not value or value.group().endswith(":"):
        return None
    name = _clean_name(value.group())
    return name.name if name and not name.dropped else None


def _choose_agency(
    titles: list[_Title], field: str | None, signed: str | None, text: str, warnings: list[str]
) -> str | None:
    """The agency by order of trust, with warnings on conflicts and weak evidence."""
    named = [t for t in titles if t.agency]
    tiers = [("title", t.agency) for t in named if t.agency]
    tiers += [("发布机构 field", field)] if field else []
    tiers += [("signature", signed)] if signed else []
    opening = text[:_OPENING_CHARS]
    names: list[str] = []
    if not tiers or tiers[0][0] != "title":
        names, selfs = _self_references(opening)
        full = [n for n in names if not _abbreviated(n)] or names
        if not tiers and full:
            warnings.append("agency: taken from a self-reference in the opening sentences")
            tiers.append(("self-reference", full[0]))
        if not tiers:
            selfs += [t.self_ref for t in titles if t.self_ref]
            warnings.append(f"agency: the report does not name itself (only {selfs[0]})" if selfs else "agency: not found")
            return None
    source, agency = tiers[0]
    clashes = sorted({f"{n} ({s})" for s, n in tiers[1:] if not _compatible(n, agency)})
    if clashes:
        warnings.append(f"agency: {agency} ({source}) conflicts with " + ", ".join(clashes))
    if named and named[0].dropped:
        warnings.append(f"agency: dropped {named[0].dropped!r} printed before the name")
    if source != "title":
        pool = names + [m.group("n") for m in _CONTACT.finditer(opening)] + [n for _, n in tiers]
        longer = _expand(agency, [p for p in pool if _valid_name(p)])
        if longer != agency:
            warnings.append(f"agency: {agency} ({source}) completed to {longer} as printed elsewhere")
            agency = longer
    return agency


# --------------------------------------------------------------------------- entry point


def extract_metadata(text: str) -> Metadata:
    """Agency, reporting year, publication date and title of one normalised report text."""
    warnings: list[str] = []
    units, ends = _head_units(text)
    line_titles = _line_titles(units)
    titles = line_titles + _sentence_titles(text[:_HEAD_CHARS])
    first_line = next((t for t in line_titles if t.agency), line_titles[0] if line_titles else None)

    year = _year(text, titles, warnings)
    if year is None:
        warnings.append("year: not found")

    head_date, head_end = _head_date(units, ends, first_line)
    signature = _signature(text, head_end)
    published = _field_date(text) or head_date or (signature[1] if signature else None)
    if year is not None and published is not None and published <= date(year, 12, 31):
        warnings.append(f"published {published.isoformat()} precedes the end of reporting year {year}")

    agency = _choose_agency(titles, _field_agency(text), signature[0] if signature else None, text, warnings)
    title = next((t.text for t in titles if t.agency), titles[0].text if titles else None)
    return Metadata(agency, year, published, title, tuple(warnings))
