"""The ``html`` layout: a full, well-formed web page with real ``<table>``s.

Tables keep the official spans (``三、本年度办理结果`` rowspan, E3 T2 value colspan=3,
T4 header spans); navigation, breadcrumbs and scripts surround the article as on real
government sites.
"""

from __future__ import annotations

import random
from html import escape

from .document import Doc, Heading, Para
from .grid import GCell, Grid

_NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进本地")
_SCRIPT = 'var pageInfo = {{"site": "gk{n}", "column": "ndbg"}}; window.onload = function () {{ return pageInfo; }};'


def _cell(cell: GCell, rng: random.Random, wrap: bool, nbsp: bool) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    text = escape(cell.text, quote=False)
    if not text and nbsp:
        text = "&#160;"
    if wrap and text:
        text = f'<p style="text-align:center">{text}</p>'
    return f"<td{attrs}>{text}</td>"


def table(grid: Grid, rng: random.Random) -> str:
    wrap = rng.random() < 0.5
    nbsp = rng.random() < 0.3
    rows = "\n".join(
        "<tr>" + "".join(_cell(c, rng, wrap, nbsp) for c in row) + "</tr>" for row in grid.rows
    )
    return (f'<table border="1" cellspacing="0" cellpadding="0" class="gk-{grid.key}" '
            f'style="border-collapse:collapse;width:100%">\n<tbody>\n{rows}\n</tbody>\n</table>')


def render(doc: Doc, rng: random.Random) -> str:
    """The document as an HTML page."""
    body: list[str] = []
    for part in doc.parts:
        if isinstance(part, Heading):
            body.append(f"<p><strong>{escape(part.text, quote=False)}</strong></p>")
        elif isinstance(part, Para):
            body.append(f'<p style="text-indent:2em">{escape(part.text, quote=False)}</p>')
        else:
            body.append(table(part, rng))
    body.extend(f'<p style="text-align:right">{escape(line, quote=False)}</p>' for line in doc.signature)
    nav = "".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(_NAV))
    title = escape(doc.title, quote=False)
    content = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8"/>
<meta name="ArticleTitle" content="{escape(doc.title)}"/>
<title>{title}</title>
<link rel="stylesheet" href="/css/style.css"/>
<script type="text/javascript">{_SCRIPT.format(n=rng.randint(1000, 9999))}</script>
</head>
<body>
<div class="header"><div class="logo">{escape(doc.agency, quote=False)}</div>
<ul class="nav">{nav}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/1/">政府信息公开</a> &gt; 年度报告</div>
<div class="article">
<h1 class="title">{title}</h1>
<div class="info"><span>{escape(doc.date_line, quote=False)}</span><span>来源：{escape(doc.agency, quote=False)}</span></div>
<div class="content" id="zoom">
{content}
</div>
</div>
<div class="footer"><p>版权所有：{escape(doc.agency, quote=False)}</p><p>网站标识码：{rng.randint(10**9, 10**10 - 1)}</p></div>
<script type="text/javascript">document.getElementById("zoom").style.fontSize = "16px";</script>
</body>
</html>
"""
