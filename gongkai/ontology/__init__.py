"""The vocabulary: a small hand-written core plus code lists and cube structures
generated from the declared forms."""

from .structure import SCHEMES, codelist_quads, concept_key, lookup, ontology_quads, structure_quads

__all__ = ["SCHEMES", "codelist_quads", "concept_key", "lookup", "ontology_quads", "structure_quads"]
