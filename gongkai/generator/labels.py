"""How labels are printed: official text, optionally with deterministic variations.

Variations (chosen once per document): half-width brackets, ``1、`` instead of ``1.``
enumerators, and the forms' own aliases (``合计`` for ``总计``, ``其它``…).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from gongkai.forms import Column, Row, canonical_label

_HALF = str.maketrans({"（": "(", "）": ")"})
_ENUM_DOT = re.compile(r"^(\d+)\.")


@dataclass
class LabelStyle:
    """Per-document label rendering choices."""

    halfwidth: bool = False
    enum_comma: bool = False
    alias_rate: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    @classmethod
    def choose(cls, rng: random.Random, variants: bool = True) -> LabelStyle:
        if not variants:
            return cls(rng=rng)
        return cls(
            halfwidth=rng.random() < 0.3,
            enum_comma=rng.random() < 0.2,
            alias_rate=rng.choice((0.0, 0.0, 0.5, 1.0)),
            rng=rng,
        )

    def text(self, text: str) -> str:
        """Any printed table text (anchors, headers) in this document's style."""
        if self.enum_comma:
            text = _ENUM_DOT.sub(r"\1、", text)
        return text.translate(_HALF) if self.halfwidth else text

    def _aliased(self, label: str, aliases: tuple[str, ...]) -> str:
        if not aliases or not self.alias_rate or self.rng.random() >= self.alias_rate:
            return label
        canon = canonical_label(label)
        at = label.find(canon)
        alias = self.rng.choice(aliases)
        if at < 0:
            return alias
        return label[:at] + alias + label[at + len(canon):]

    def row(self, row: Row) -> str:
        return self.text(self._aliased(row.label, row.aliases))

    def column(self, column: Column) -> str:
        return self.text(self._aliased(column.label, column.aliases))
