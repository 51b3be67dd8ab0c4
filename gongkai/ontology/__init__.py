"""ontology room."""
