"""SHACL shapes generated from the declared forms, validation of one report, and a cache.

>>> from gongkai.uris import Uris
>>> shapes_hash(Uris()) == shapes_hash(Uris())
True
"""

from .cache import ValidationCache
from .generate import OBSERVATIONS, Shapes, shape_iri, shapes, shapes_graph, shapes_hash
from .validate import Result, Validation, validate

__all__ = [
    "OBSERVATIONS", "Result", "Shapes", "Validation", "ValidationCache", "shape_iri", "shapes",
    "shapes_graph", "shapes_hash", "validate",
]
