"""The terminal browser (Textual): search, read, entities and quotes, mentions across the archive."""
