"""The ``prose`` edition: no tables, a few figures stated in sentences.

Figures map onto form cells the way the prose extractor maps them: proactive items to
E1 ``proactive``/主动公开政府信息数/统计数 (any year); applications received to E1
``requests``/收到申请数 up to 2018, else to that year's form ``requests``/F1/总计; the
optional "同意公开" figure to E1 同意公开答复数 or the form's O1 予以公开/总计. A prose
cell's ``unit`` is the unit word printed after the number.
"""

from __future__ import annotations

import datetime
import random

from gongkai.forms import E1, Edition, form_for_year

from . import words
from .document import Doc, Heading, Para, title
from .model import ExpectedCell

#: whether the "其中同意公开N件" clause is generated (set False if the extractor skips it)
STATE_GRANTED = True


def _cell(ed: Edition, table: str, row: str, column: str, value: int, unit: str, printed: str) -> ExpectedCell:
    t = ed.table(table)
    return ExpectedCell(ed.id, table, t.row(row).canonical, t.column(column).canonical, value, unit, False,
                        printed_row=printed, source="prose")


def applications(year: int) -> tuple[Edition, str, str, str]:
    """(form, received row, granted row, column) of the application figures for ``year``."""
    if year <= 2018:
        return E1, "3.1", "3.3.2", "value"
    return form_for_year(year), "F1", "O1", "TOTAL"


def build(agency: str, year: int, day: datetime.date, rng: random.Random) -> tuple[Doc, list[ExpectedCell]]:
    names = {"we": words.we(agency), "year": year}
    doc = Doc(title(agency, year), words.date_line(rng, day), agency, day)
    doc.parts.append(Para(words.opener(rng, **names)))
    cells: list[ExpectedCell] = []
    doc.parts.append(Heading("一、主动公开政府信息情况"))
    if rng.random() < 0.85:
        n = rng.randint(0, 60) if rng.random() < 0.6 else rng.randint(60, 5000)
        doc.parts.append(Para(f"{words.body(rng, 1, **names)}本年度共主动公开政府信息{n}条。"))
        cells.append(_cell(E1, "proactive", "1.1", "value", n, "条", "主动公开政府信息"))
    else:
        doc.parts.append(Para(words.body(rng, 2, **names)))
    doc.parts.append(Heading("二、依申请公开政府信息情况"))
    received = rng.randint(0, 20) if rng.random() < 0.8 else rng.randint(20, 400)
    form, row_in, row_ok, column = applications(year)
    sentence = f"共收到政府信息公开申请{received}件"
    cells.append(_cell(form, "requests", row_in, column, received, "件", "收到政府信息公开申请"))
    if STATE_GRANTED and received and rng.random() < 0.6:
        granted = rng.randint(0, received)
        sentence += f"，其中同意公开{granted}件"
        cells.append(_cell(form, "requests", row_ok, column, granted, "件", "同意公开"))
    doc.parts.append(Para(f"{words.body(rng, 1, **names)}{year}年，{sentence}。"))
    doc.parts.append(Heading("三、存在的主要问题及改进措施"))
    doc.parts.append(Para(words.problems(rng, **names)))
    return doc, cells
