"""HTML reader: a report page → title, metadata, prose lines and ``" | "`` table rows.

The page is parsed with libxml2's HTML parser through ``lxml`` (the parser that
``BeautifulSoup(..., "lxml")`` drives, so the tree is the same) and walked directly:
BeautifulSoup's Python tree costs ~12 ms on a 100 KB page before any walking, which
would miss the 50 pages/s target on its own.

Output rules:

* ``<title>`` first; scripts, styles, forms' controls, hidden elements, comments and
  page chrome (``<nav>``, page-level ``<header>``/``<footer>``, elements whose id or
  class says nav/menu/footer/breadcrumb) are dropped — unless the "chrome" holds the
  article (an ``<article>``/``<main>``/``<h1>`` or most of the page's text).
* One line per paragraph-like block; inline text is joined as is, and a source line
  break between two CJK characters disappears (as browsers render it).
* Every data table is framed by blank lines; each ``<tr>`` is one line of its own cells
  joined by ``" | "``. A row- or col-spanned cell is printed once, in the row where it
  starts, so a line is exactly the cells that originate in that row; empty cells stay
  as ``""`` (``a |  | 3``; a row of blank cells is a row too), and an empty first or last cell is closed by an outer bar
  (``|  | b |  |``), since readers strip lines and treat an edge bar as a border.
  Tables whose cells hold tables or page-sized block content are layout containers:
  their cells are read as ordinary blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .base import Document, ReadError, register
from .text import decode

_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<(?:[A-Za-z][A-Za-z0-9:-]*|!doctype)[\s/>]", re.IGNORECASE)

#: Removed with their content (their tail text stays).
_DROP = (
    "script", "style", "noscript", "template", "head", "select", "button", "input", "textarea",
    "iframe", "object", "embed", "svg", "math", "canvas", "audio", "video", "link", "meta", "base", "title",
)
#: Elements that start and end a line.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
#: Elements whose edges separate words inside a table cell.
_CELL_BREAKS = _BLOCK - {"body", "caption", "html", "table", "tbody", "td", "tfoot", "th", "thead", "tr"}
#: Page structure that makes the table cell holding it a layout cell.
_STRUCTURE = frozenset({"table", "h1", "h2", "h3", "ul", "ol", "article", "main"})
_SECTIONING = frozenset({"article", "main", "section", "aside"})
_CELLS = ("td", "th")
_ROW_GROUPS = ("thead", "tbody", "tfoot")
_ZERO_HEIGHTS = frozenset({"0", "0px"})

_CHROME_TAGS = frozenset({"nav", "header", "footer"})
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CHROME_PREFIXES = ("nav", "menu", "footer")
_CHROME_SUFFIXES = ("nav", "menu", "footer", "foot")
#: A chrome candidate holding at least this share of the page's text is the article.
_CHROME_MAX_SHARE = 0.4

#: Marks a line break inside a table cell (a Unicode noncharacter, never page text).
_BREAK = "\ufdd0"
_CJK = r"\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\uff01-\uffef\U00020000-\U0003ffff"
_SEGMENT_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: A cell with this much text, or with headings/lists, makes its table a layout container.
_CONTAINER_CELL_CHARS = 1500
_CONTAINER_CELL_BLOCKS = 3
_CONTAINER_CELL_BLOCK_CHARS = 300


def _clean(raw: str) -> str:
    """Inline text as a browser shows it: spaces collapsed, no gap inserted inside CJK.

    :data:`_BREAK` marks a hard break inside a table cell; it becomes a space.
    """
    text = _INVISIBLE.sub("", raw)
    text = _SEGMENT_BREAK.sub("", text).replace(_BREAK, " ")
    return _SPACES.sub(" ", text).strip()


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` or an XML declaration."""
    match = _DECLARED.search(data, 0, 65536)
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _parse(text: str) -> etree._Element:
    """The lxml tree of ``text``; :class:`ReadError` if there is no HTML in it."""
    if _MARKUP.search(text) is None:
        raise ReadError("not HTML: no tags found (read it as text/plain instead)")
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        raw = text.replace(_BREAK, "").encode("utf-8", errors="replace")
        root = etree.fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"cannot parse the HTML: {exc}") from exc
    if root is None:
        raise ReadError("cannot parse the HTML: the document is empty")
    return root


def _is_chrome_name(el: etree._Element) -> bool:
    """Whether an element's id or class names navigation, menu, footer or breadcrumb."""
    tokens = _TOKEN_SPLIT.split(f"{el.get('class', '')} {el.get('id', '')}".lower())
    return any(
        "crumb" in tok or tok.startswith(_CHROME_PREFIXES) or tok.endswith(_CHROME_SUFFIXES) for tok in tokens if tok
    )


def _page_level(el: etree._Element) -> bool:
    """A ``<header>``/``<footer>`` of the page, not of an article or section."""
    return not any(isinstance(a.tag, str) and a.tag in _SECTIONING for a in el.iterancestors())


def _holds_article(el: etree._Element, page_chars: int) -> bool:
    """Whether a chrome candidate in fact wraps the article."""
    if el.tag in {"html", "body"} or next(el.iter("article", "main", "h1"), None) is not None:
        return True
    return page_chars > 0 and len(el.xpath("string()")) >= _CHROME_MAX_SHARE * page_chars


@dataclass(slots=True)
class _Scan:
    """What one pass over the body found."""

    chrome: list[etree._Element] = field(default_factory=list)
    hidden: list[etree._Element] = field(default_factory=list)
    structure: list[etree._Element] = field(default_factory=list)


def _scan(body: etree._Element) -> _Scan:
    """One pass over the body: collect chrome candidates, hidden elements and page structure,
    and mark line breaks (``<br>``, block edges) with :data:`_BREAK` for table cells' text."""
    found = _Scan()
    for el in body.iter(etree.Element):
        tag = el.tag
        if tag == "br":
            el.tail = _BREAK + el.tail if el.tail else _BREAK
        elif tag in _CELL_BREAKS:
            el.text = _BREAK + el.text if el.text else _BREAK
            el.tail = _BREAK + el.tail if el.tail else _BREAK
        if tag in _STRUCTURE:
            found.structure.append(el)
        if tag in _CHROME_TAGS:
            found.chrome.append(el)
        if not el.attrib:
            continue
        style = el.get("style")
        if el.get("hidden") is not None or (
            style and ("none" in style or "idden" in style) and _HIDDEN_STYLE.search(style)
        ):
            found.hidden.append(el)
        name = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if "nav" in name or "menu" in name or "foot" in name or "crumb" in name:
            found.chrome.append(el)
    return found


def _drop_chrome(body: etree._Element, candidates: list[etree._Element]) -> None:
    """Remove navigation, page header/footer and breadcrumbs, keeping their tail text."""
    if not candidates:
        return
    page_chars = len(body.xpath("string()"))
    dropped: list[etree._Element] = []
    for el in candidates:
        if el.tag in {"header", "footer"}:
            chrome = _page_level(el)
        else:
            chrome = el.tag == "nav" or _is_chrome_name(el)
        if chrome and not _holds_article(el, page_chars):
            dropped.append(el)
    _remove_all(dropped)


def _remove_all(elements: list[etree._Element]) -> None:
    """Remove each element (with its content) but keep the text that follows it."""
    for el in elements:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


def _blocky_cells(structure: list[etree._Element]) -> set[etree._Element]:
    """Table cells that hold a table, heading, list or article (so their table is layout)."""
    cells: set[etree._Element] = set()
    for el in structure:
        for anc in el.iterancestors(*_CELLS):
            cells.add(anc)
            break
    return cells


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    """The cells of a table's own rows (not of nested tables), row by row.

    Cells stray outside a ``<tr>`` (malformed markup) form a row of their own.
    """
    rows: list[list[etree._Element]] = []
    stray: list[etree._Element] = []
    for child in _row_sources(table):
        if child.tag == "tr":
            if stray:
                rows.append(stray)
                stray = []
            if child.get("height", "").strip() not in _ZERO_HEIGHTS:  # not a Word column-width spacer
                rows.append([c for c in child if c.tag in _CELLS])
        elif child.tag in _CELLS:
            stray.append(child)
    if stray:
        rows.append(stray)
    return rows


def _row_sources(table: etree._Element) -> list[etree._Element]:
    """Children of a table and of its row groups, in document order."""
    out: list[etree._Element] = []
    for child in table:
        if child.tag in _ROW_GROUPS:
            out.extend(child)
        else:
            out.append(child)
    return out


def _essay_cell(cell: etree._Element, text: str) -> bool:
    """Whether a cell's text reads like page content rather than a table value or label."""
    if len(text) > _CONTAINER_CELL_CHARS:
        return True
    if len(text) > _CONTAINER_CELL_BLOCK_CHARS:
        blocks = sum(1 for _ in cell.iter("p", "div", "br", "h4", "h5", "h6", "li"))
        return blocks >= _CONTAINER_CELL_BLOCKS
    return False


class _Writer:
    """Walks the tree, accumulating inline text and emitting lines."""

    def __init__(self, blocky: set[etree._Element]) -> None:
        self.lines: list[str] = []
        self._inline: list[str] = []
        self._blocky = blocky

    def flush(self) -> None:
        """End the current line, if it has any text."""
        if self._inline:
            line = _clean("".join(self._inline))
            self._inline.clear()
            if line:
                self.lines.append(line)

    def blank(self) -> None:
        """End the line and leave one blank line."""
        self.flush()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def node(self, el: etree._Element) -> None:
        """Write one element and its content (its tail is the caller's)."""
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.table(el)
            return
        if tag == "pre":
            self.pre(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.children(el)
        if block:
            self.flush()

    def children(self, el: etree._Element) -> None:
        """Write an element's text and children, with the children's tails."""
        if el.text:
            self._inline.append(el.text)
        for child in el:
            self.node(child)
            if child.tail:
                self._inline.append(child.tail)

    def pre(self, el: etree._Element) -> None:
        """Preformatted text: its own line breaks are kept."""
        self.flush()
        for line in "".join(el.itertext()).splitlines():
            self._inline.append(line)
            self.flush()

    def table(self, el: etree._Element) -> None:
        """A data table as ``" | "`` rows framed by blank lines, or a layout table as blocks."""
        rows = _rows(el)
        cells = [cell for row in rows for cell in row]
        texts: list[list[str]] = []
        if len(cells) > 1 and not any(cell in self._blocky for cell in cells):
            texts = [[_cell_text(cell) for cell in row] for row in rows]
            if any(_essay_cell(c, t) for row, ts in zip(rows, texts, strict=True) for c, t in zip(row, ts, strict=True)):
                texts = []
        if not texts:  # a layout container
            self.flush()
            for cell in cells:
                self.node(cell)
            return
        self.blank()
        for caption in el.iterchildren("caption"):
            self.node(caption)
        for row_texts in texts:
            if row_texts:
                self.lines.append(_row_line(row_texts))
        self.blank()


def _row_line(texts: list[str]) -> str:
    """Cells joined by ``" | "``; an empty first/last cell gets an outer bar so that it
    survives line stripping (a bar at a line's edge is a border, as in pipe-flattened text)."""
    line = " | ".join(texts)
    if not texts[0]:
        line = "| " + line
    if not texts[-1]:
        line += " |"
    return line


def _cell_text(cell: etree._Element) -> str:
    """A cell's text on one line: blocks and ``<br>`` (marked by :func:`_scan`) become a space."""
    return _clean("".join(cell.itertext()))


def _title(root: etree._Element) -> str:
    """The page's ``<title>``, cleaned (empty if none)."""
    title = next(root.iter("title"), None)
    return _clean(title.xpath("string()")) if title is not None else ""


def html_to_text(text: str) -> str:
    """The reader's text for an HTML page given as a string."""
    root = _parse(text)
    title = _title(root)
    etree.strip_elements(root, *_DROP, with_tail=False)
    body = root.find("body")
    if body is None:
        body = root
    found = _scan(body)
    _remove_all(found.hidden)
    _drop_chrome(body, found.chrome)
    writer = _Writer(_blocky_cells(found.structure))
    if title:
        writer.lines.append(title)
    writer.node(body)
    writer.flush()
    lines = writer.lines
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@register("text/html")
def read_html(data: bytes) -> Document:
    """Read an HTML report page; :class:`ReadError` if it is not readable HTML."""
    text = html_to_text(decode(data, _declared_charset(data)))
    if not text.strip():
        raise ReadError("the HTML page has no visible text (is the report rendered by script?)")
    return Document(text, "text/html")
