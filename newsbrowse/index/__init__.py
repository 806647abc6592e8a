"""The full-text index (whoosh): schema, incremental parallel build, query parsing, search, snippets."""
