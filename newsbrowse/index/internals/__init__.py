"""Everything of newsbrowse that reaches into whoosh's private internals, behind this narrow interface.

whoosh's public API builds and searches an index; what it does not offer, and newsbrowse
needs for speed, is done here on whoosh's own file format (the W3 codec of whoosh 2.7):

- a faster segment writer and a segment merger that copies posting blocks, shifting their
  document numbers (segments.py); its segments name the stock codec, so stock whoosh reads them;
- index files read through memory maps (storage.py);
- creating, opening, checking and committing to an index, with a merge policy of our own and
  segments written in other processes (writer.py);
- reading field lengths, numeric columns and a term's postings in one go, spelling over several fields, and
  whoosh's partial dates (reading.py);
- searchers and segment readers that remember their answers about terms, and term matchers that read
  nothing until stepped through (lookups.py).

Nothing outside this package names a private whoosh attribute or imports whoosh's codec or
file storage (tests/test_architecture.py checks it); a whoosh upgrade is checked here, by
tests/test_index_segments.py (byte-for-byte files and postings against stock whoosh) and
tests/test_index_writers.py (the same archive written by stock whoosh searches the same).
whoosh-reloaded is pinned exactly for this reason.
"""

from whoosh.index import Index

from newsbrowse.index.internals.lookups import remember_lookups
from newsbrowse.index.internals.reading import (
    MergedCorrector,
    Postings,
    array_union_of,
    column_values,
    field_lengths,
    filter_of,
    inverse_of,
    leaf_postings,
    partial_date,
    postings_size,
)
from newsbrowse.index.internals.writer import (
    Segment,
    SegmentBatch,
    create_index,
    index_folder,
    index_sound,
    merge_segments,
    open_index,
    replace_segments,
    segment_id,
    segments_of,
    settle_groups,
    write_batch,
)

__all__ = [
    "Index",
    "MergedCorrector",
    "Postings",
    "Segment",
    "SegmentBatch",
    "array_union_of",
    "column_values",
    "create_index",
    "field_lengths",
    "filter_of",
    "index_folder",
    "index_sound",
    "inverse_of",
    "leaf_postings",
    "merge_segments",
    "open_index",
    "partial_date",
    "postings_size",
    "remember_lookups",
    "replace_segments",
    "segment_id",
    "segments_of",
    "settle_groups",
    "write_batch",
]
