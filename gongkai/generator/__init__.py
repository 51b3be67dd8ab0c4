"""Synthetic annual reports with known cells: round-trip tests, demo input, benchmarks.

>>> s = generate("E2", "pipes", 7)
>>> s.name, s.edition, len(s.cells) > 100
('E2-pipes-0007.txt', 'E2', True)
"""

from .generate import generate, generate_many
from .model import BINARY_LAYOUTS, CELL_FIELDS, EDITIONS, LAYOUTS, ExpectedCell, Sample

__all__ = ["BINARY_LAYOUTS", "CELL_FIELDS", "EDITIONS", "LAYOUTS", "ExpectedCell", "Sample", "generate", "generate_many"]
