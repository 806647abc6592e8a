"""The full-text index, whoosh and nothing else: schema, word analysis, the query language, search, snippets.

whoosh's private internals (the segment writer, storage, commits) stay in index/internals/.
"""
