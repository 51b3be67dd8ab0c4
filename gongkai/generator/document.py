"""A report as a sequence of parts: title, date line, headings, paragraphs, tables."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from gongkai.forms import Edition, canonical_label

from . import words
from .grid import Fill, Grid, grids


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


Part = Heading | Para | Grid


@dataclass
class Doc:
    """Layout-neutral document."""

    title: str
    date_line: str
    agency: str
    published: datetime.date
    parts: list[Part] = field(default_factory=list)

    @property
    def signature(self) -> tuple[str, str]:
        return (self.agency, words.chinese_date(self.published))


def title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def modern(ed: Edition, fill: Fill, agency: str, year: int, day: datetime.date, rng: random.Random) -> Doc:
    """An E2/E3 report: six sections, tables in sections 二–四 (titles from the forms)."""
    names = {"we": words.we(agency), "year": year}
    doc = Doc(title(agency, year), words.date_line(rng, day), agency, day)
    doc.parts.append(Para(words.opener(rng, **names)))
    doc.parts.append(Heading("一、总体情况"))
    for i, topic in enumerate(("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")):
        if rng.random() < 0.7:
            doc.parts.append(Heading(f"（{words.NUMERALS[i]}）{topic}"))
            doc.parts.append(Para(words.body(rng, rng.randint(1, 2), **names)))
    for i, (table, grid) in enumerate(zip(ed.tables, grids(ed, fill), strict=True)):
        doc.parts.append(Heading(f"{words.NUMERALS[i + 1]}、{table.title}"))
        doc.parts.append(grid)
    doc.parts.append(Heading("五、存在的主要问题及改进情况"))
    doc.parts.append(Para(words.problems(rng, **names)))
    doc.parts.append(Heading("六、其他需要报告的事项"))
    doc.parts.append(Para(words.other(rng, **names)))
    return doc


def statistics(ed: Edition, fill: Fill, agency: str, year: int, day: datetime.date, rng: random.Random) -> Doc:
    """An E1 report: prose chapters, the 《统计表》 appended at the end."""
    names = {"we": words.we(agency), "year": year}
    doc = Doc(title(agency, year), words.date_line(rng, day), agency, day)
    doc.parts.append(Para(words.opener(rng, **names)))
    for heading in ("一、概述", "二、主动公开政府信息工作", "三、依申请公开办理工作"):
        doc.parts.append(Heading(heading))
        doc.parts.append(Para(words.body(rng, rng.randint(1, 3), **names)))
    doc.parts.append(Heading("四、存在的主要问题和改进措施"))
    doc.parts.append(Para(words.problems(rng, **names)))
    doc.parts.append(Heading("五、附表"))
    doc.parts.append(Para(canonical_label(ed.title)))
    doc.parts.extend(grids(ed, fill))
    return doc
