"""Read a report document into the report model, and map the model into RDF."""
