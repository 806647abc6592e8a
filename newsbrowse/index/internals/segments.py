"""A faster whoosh segment writer and segment merger, writing whoosh's own file format.

Profiling whoosh's SegmentWriter on news articles (2,000 articles, one segment) showed
most of the time outside analysis going to the flush: two `tell()` system calls per
term on buffered files, a column read (and a `stat` for fields without lengths) for
every posting, blocks pickled with protocol 2 (which stores every bytes value, here each
posting's positions, as a call to `_codecs.encode`: four times the size and slow to read
back), zlib run on blocks too small to shrink, and a sort of every posting. Here:

- postings are kept per term as they arrive (no sort of postings, ~70 bytes each instead
  of ~200), and each term's blocks are written in one go by files that count their own
  positions;
- blocks are pickled with protocol 3 and compressed only from COMPRESS_FROM bytes on
  (whoosh reads both: the block header says whether it is compressed);
- merging segments copies each term's blocks from the source files, shifting document
  numbers, instead of decoding every posting and indexing it again (whoosh's merge cost
  more than indexing the documents afresh).

Segments record the stock W3Codec, so any whoosh reads them.
"""

from __future__ import annotations

import heapq
import mmap
import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from io import BytesIO
from itertools import accumulate, groupby, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PerDocReader,
    W3Segment,
    W3TermInfo,
    _lenfield,
)
from whoosh.index import Index
from whoosh.reading import SegmentReader
from whoosh.system import pack_int, pack_ushort, unpack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from newsbrowse.index.analysis import (
    ArticleText,
    ExactForms,
    FoldedText,
    Forms,
    analyse,
    encode_positions,
    exact_forms,
    index_words,
    single_positions,
)

# Posting blocks whose pickle is shorter than this are not compressed (zlib makes them no smaller).
COMPRESS_FROM = 96
# whoosh pickles blocks with protocol 2; protocol 3 has a bytes opcode and no frame header.
PICKLE_PROTOCOL = 3
# What a posting and a new term cost in the pool, for the memory limit (measured on news text).
_POSTING_BYTES = 70
_TERM_BYTES = 400
_LENGTHS = [0] + [byte_to_length(code) for code in range(1, 256)]
# length_to_byte of each decoded length (a field length read back from its byte).
_LENGTH_BYTE = {length: length_to_byte(length or None) for length in _LENGTHS}
# Weights as the float32 whoosh stores them, computed once per weight.
_FLOAT32: dict[float, float] = {}
_EMPTY = b""

# A term's postings in the pool: document numbers, frequencies, encoded values (empty for formats without
# values). Weights are the frequency times the field's boost, as whoosh's formats make them: computed at flush.
_Postings = tuple[list[int], list[int], list[bytes]]


class _CountingFile:
    """A file that knows its position without asking the operating system (a buffered tell() is a system call)."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._pos = file.tell()

    def write(self, data: bytes) -> int:
        """Write and count the bytes."""
        written = self._file.write(data)
        self._pos += written
        return written

    def tell(self) -> int:
        """The position, counted."""
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        """Seek in the real file and take its position."""
        self._pos = self._file.seek(offset, whence)
        return self._pos

    def __getattr__(self, name: str) -> Any:
        """Everything else (flush, close, fileno) from the real file."""
        return getattr(self._file, name)


class _TermBlocks:
    """One term's posting blocks on their way to the postings file, with the term's statistics."""

    __slots__ = ("blocks", "info")

    def __init__(self) -> None:
        self.blocks: list[tuple[bytes, bytes]] = []
        self.info = W3TermInfo()

    def count(
        self,
        weight: float,
        df: int,
        minlength: int | None,
        maxlength: int,
        maxweight: float,
        minid: int,
        maxid: int,
    ) -> None:
        """Take postings' statistics into the term's, as W3TermInfo.add_block does."""
        info = self.info
        info._weight += weight
        info._df += df
        if info._minlength is None:
            info._minlength = minlength
        elif minlength is not None:
            info._minlength = min(info._minlength, minlength)
        info._maxlength = max(info._maxlength, maxlength)
        info._maxweight = max(info._maxweight, maxweight)
        if info._minid is None:
            info._minid = minid
        info._maxid = maxid

    def write(self, postfile: Any) -> W3TermInfo:
        """Write the blocks (the last one's length negative, as whoosh marks it) and return the term info."""
        start = postfile.tell()
        out = [WHOOSH3_HEADER_MAGIC]
        last = len(self.blocks) - 1
        for at, (info, data) in enumerate(self.blocks):
            size = len(info) + len(data)
            out += (pack_int(-size if at == last else size), info, data)
        postfile.write(b"".join(out))
        self.info.set_extent(start, postfile.tell() - start)
        return self.info


class _BlockCoder:
    """Encodes postings into whoosh's W3 blocks (and decodes them), with newsbrowse's pickling and compression."""

    def __init__(self, blocklimit: int, compression: int, compress_from: int, protocol: int) -> None:
        self.blocklimit = blocklimit
        self.compression = compression
        self.compress_from = compress_from
        self.protocol = protocol

    def pack(self, deltas: tuple[int, ...], weights: Any, values: Any) -> tuple[bytes, int]:
        """A block's data pickled, compressed if that is worth it, and the compression level used."""
        data = pickle.dumps((deltas, weights, values), self.protocol)
        if self.compression and len(data) >= self.compress_from:
            return zlib.compress(data, self.compression), self.compression
        return data, 0

    def encode(
        self,
        term: _TermBlocks,
        ids: Sequence[int],
        weights: Sequence[float],
        values: Sequence[bytes],
        lengths: bytes | None,
        fixed: int | None,
    ) -> None:
        """Add postings to a term as blocks of up to `blocklimit`, as W3PostingsWriter writes them."""
        limit = self.blocklimit
        count = len(ids)
        if count == 1:  # most terms of a segment: one posting, one small block
            self._encode_one(term, ids[0], weights[0], values[0] if values else _EMPTY, lengths, fixed)
            return
        for first in range(0, count, limit):
            block_ids = ids[first : first + limit] if count > limit else ids
            raw_weights = weights[first : first + limit] if count > limit else weights
            floats = array("f", raw_weights)
            if lengths is None:
                minlength, maxlength = None, 0
            else:
                found = [length for length in (_LENGTHS[lengths[docnum]] for docnum in block_ids) if length]
                minlength, maxlength = (min(found), max(found)) if found else (None, 0)
            maxweight = max(0, max(raw_weights))
            term.count(sum(floats), len(block_ids), minlength, maxlength, maxweight, block_ids[0], block_ids[-1])
            first_id = block_ids[0]
            deltas = (first_id, *(b - a for a, b in pairwise(block_ids)))
            head = floats[0]
            if head == 1.0 and floats.count(1.0) == len(floats):
                mini_weights: Any = None
            elif floats.count(head) == len(floats):
                mini_weights = head
            else:
                mini_weights = tuple(floats)
            if fixed == 0:
                mini_values: Any = None
            else:
                block_values = [
                    value for value in (values[first : first + limit] if count > limit else values) if value
                ]
                mini_values = tuple(block_values) if fixed is None or fixed < 0 else b"".join(block_values)
            data, comp = self.pack(deltas, mini_weights, mini_values)
            info = pickle.dumps(
                (len(block_ids), block_ids[-1], maxweight, comp, length_to_byte(minlength), length_to_byte(maxlength)),
                2,
            )
            term.blocks.append((info, data))

    def _encode_one(
        self, term: _TermBlocks, docnum: int, weight: float, value: bytes, lengths: bytes | None, fixed: int | None
    ) -> None:
        """`encode` for a term with a single posting."""
        length = 0 if lengths is None else _LENGTHS[lengths[docnum]]
        single = _FLOAT32.get(weight)
        if single is None:
            single = _FLOAT32[weight] = array("f", [weight])[0]
        maxweight = max(0, weight)
        term.count(single, 1, length or None, length, maxweight, docnum, docnum)
        if fixed == 0:
            mini_values: Any = None
        elif fixed is None or fixed < 0:
            mini_values = (value,) if value else ()
        else:
            mini_values = value
        data, comp = self.pack((docnum,), None if single == 1.0 else single, mini_values)
        byte = _LENGTH_BYTE[length]
        term.blocks.append((pickle.dumps((1, docnum, maxweight, comp, byte, byte), 2), data))

    def rebase(self, info_bytes: bytes, data: bytes, base: int) -> tuple[bytes, bytes]:
        """A block with `base` added to its document numbers (the first delta and the last id).

        Ids are delta-coded from 0 within a block, so only the first one changes: in an
        uncompressed block it is patched in the pickle's bytes (no decoding); a compressed
        one is decoded and packed again.
        """
        count, maxid, maxweight, comp, minlength, maxlength = pickle.loads(info_bytes)
        patched = None if comp else _shift_first_id(data, base)
        if patched is not None:
            data = patched
        else:
            deltas, weights, values = pickle.loads(zlib.decompress(data) if comp else data)
            data, comp = self.pack((deltas[0] + base, *deltas[1:]), weights, values)
        return pickle.dumps((count, maxid + base, maxweight, comp, minlength, maxlength), 2), data


def _pickled_int(value: int) -> bytes | None:
    """A non-negative int as pickle protocols 2 and 3 write it (BININT1, BININT2, BININT), or None if larger."""
    if value < 0x100:
        return b"K" + value.to_bytes(1, "little")
    if value < 0x10000:
        return b"M" + value.to_bytes(2, "little")
    if value < 0x80000000:
        return b"J" + value.to_bytes(4, "little")
    return None


_INT_SIZES = {ord("K"): 1, ord("M"): 2, ord("J"): 4}


def _shift_first_id(data: bytes, base: int) -> bytes | None:
    """An uncompressed block pickle with `base` added to its first id, patched in place; None if it cannot be.

    The pickle (protocol 2 or 3) opens with the ids tuple: PROTO, a MARK when it has more
    than three items, then the first id as a BININT opcode. Ints are never memoized, so
    the rest of the pickle is unchanged by a longer or shorter opcode.
    """
    if data[:1] != b"\x80" or data[1] not in (2, 3):
        return None
    at = 3 if data[2:3] == b"(" else 2
    size = _INT_SIZES.get(data[at])
    if size is None:
        return None
    first = int.from_bytes(data[at + 1 : at + 1 + size], "little", signed=size == 4)
    opcode = _pickled_int(first + base) if first >= 0 else None
    if opcode is None:
        return None
    return data[:at] + opcode + data[at + 1 + size :]


def _blocks(postings: mmap.mmap, offset: int) -> Iterator[tuple[bytes, bytes]]:
    """The (info pickle, data) of each block of the term whose postings start at `offset`, as stored.

    The blocks run until one with a negative length (whoosh's mark of the last block):
    the length a term info gives is not reliable (whoosh reads it back as a tuple).
    """
    pos = offset + len(WHOOSH3_HEADER_MAGIC)
    while True:
        size = int.from_bytes(postings[pos : pos + 4], "big", signed=True)
        block = postings[pos + 4 : pos + 4 + abs(size)]
        stream = BytesIO(block)
        pickle.load(stream)  # the info tuple; its end is where the data starts
        split = stream.tell()
        yield block[:split], block[split:]
        if size < 0:
            return
        pos += 4 + size


def _decode(info_bytes: bytes, data: bytes, fixed: int | None) -> tuple[list[int], list[float], list[bytes]]:
    """The document numbers, weights and values of one block."""
    count, _, _, comp, _, _ = pickle.loads(info_bytes)
    deltas, weights, values = pickle.loads(zlib.decompress(data) if comp else data)
    ids = list(accumulate(deltas))
    if weights is None:
        weights = [1.0] * count
    elif isinstance(weights, float):
        weights = [weights] * count
    if values is None:
        values = [_EMPTY] * count
    elif isinstance(values, bytes):
        size = fixed or 0
        values = [values[i : i + size] for i in range(0, len(values), size)]
    return ids, list(weights), list(values)


def _field_lengths(lengths: W3PerDocReader | None, fieldname: str) -> bytes | None:
    """A segment's length bytes for one field, read in one go; None when the field keeps no lengths."""
    if lengths is None or not lengths.has_column(_lenfield(fieldname)):
        return None
    column = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    raw: bytes = column._dbfile.get(column._basepos, column._count)
    return raw + bytes(lengths._doccount - len(raw))


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    """whoosh's terms and postings writer over files that count their own positions."""

    def __init__(self, codec: _Codec, storage: Any, segment: W3Segment) -> None:
        super().__init__(codec, storage, segment)
        self._postfile.file = _CountingFile(self._postfile.file)
        self._tindex.dbfile.file = _CountingFile(self._tindex.dbfile.file)
        self.coder = _BlockCoder(codec._blocklimit, codec._compression, codec.compress_from, codec.pickle_protocol)

    def begin_field(self, fieldname: str, fieldobj: Any) -> None:
        """Start writing a field's terms (fields in name order, as whoosh's flush writes them)."""
        self.start_field(fieldname, fieldobj)
        self._prefix = pack_ushort(self._fieldid)

    def add_term(self, text: bytes, blocks: _TermBlocks) -> None:
        """Write one term of the current field (terms in order)."""
        self._tindex.add(self._prefix + text, blocks.write(self._postfile).to_bytes())


class _Codec(W3Codec):  # type: ignore[misc]
    """whoosh's W3 codec with the faster field writer; the segments it makes name the plain W3Codec."""

    def __init__(self, compress_from: int = COMPRESS_FROM, pickle_protocol: int = PICKLE_PROTOCOL) -> None:
        super().__init__()
        self.compress_from = compress_from
        self.pickle_protocol = pickle_protocol

    def field_writer(self, storage: Any, segment: W3Segment) -> _FieldWriter:
        """The terms and postings writer."""
        return _FieldWriter(self, storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        """A new segment, recorded with the stock codec so that readers need nothing of newsbrowse."""
        return W3Segment(W3Codec(), indexname)


class _TermPool:
    """The postings of the segment being written, by field and term, in document order.

    Terms of text fields are kept as str (UTF-8 sorts like code points, so the order is
    the same), encoded once each at flush rather than once per posting.
    """

    def __init__(self, limitmb: int) -> None:
        self.fields: dict[str, dict[Any, _Postings]] = {}
        self.size = 0
        self.limit = limitmb * 1024 * 1024

    @property
    def fieldnames(self) -> set[str]:
        """The fields that have postings."""
        return set(self.fields)

    def _terms(self, fieldname: str) -> dict[Any, _Postings]:
        """The pooled terms of a field."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        return terms

    def add_postings(self, fieldname: str, docnum: int, items: Iterable[tuple[bytes, int, float, bytes]]) -> None:
        """One document's postings in one field: (term, frequency, weight, value) as `FieldType.index` gives them."""
        terms = self._terms(fieldname)
        before = len(terms)
        added = 0
        for text, freq, _, value in items:
            found = terms.get(text)
            if found is None:
                terms[text] = ([docnum], [freq], [value])
            else:
                found[0].append(docnum)
                found[1].append(freq)
                found[2].append(value)
            added += 1
        self.size += _POSTING_BYTES * added + _TERM_BYTES * (len(terms) - before)

    def add_words(self, fieldname: str, docnum: int, text: str, forms: Forms) -> int:
        """One document's text in a FoldedText field, analysed here; returns its length in words.

        An ArticleText is indexed as its stems and names, its written forms put in `forms`.
        """
        places: dict[str, Any] = {}  # word -> its position, or the list of its positions
        if isinstance(text, ArticleText):
            found, joined, written = index_words(text, text.language, text.names)
            forms.update(written)
        else:
            found, joined = analyse(text)
        for at, word in enumerate(found):
            seen = places.get(word)
            if seen is None:
                places[word] = at
            elif seen.__class__ is int:
                places[word] = [seen, at]
            else:
                seen.append(at)
        for word, at in joined:  # compounds written as one word: extra words at their first part's position
            seen = places.get(word)
            places[word] = at if seen is None else sorted([seen, at] if seen.__class__ is int else [*seen, at])
        terms = self._terms(fieldname)
        before = len(terms)
        for word, where in places.items():
            if where.__class__ is int:
                freq, value = 1, single_positions(where)
            else:
                freq, value = len(where), encode_positions(where)
            entry = terms.get(word)
            if entry is None:
                terms[word] = ([docnum], [freq], [value])
            else:
                entry[0].append(docnum)
                entry[1].append(freq)
                entry[2].append(value)
        self.size += _POSTING_BYTES * len(places) + _TERM_BYTES * (len(terms) - before)
        return len(found)

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting (whoosh's pool interface, used when whoosh merges readers into the writer)."""
        fieldname, text, docnum, weight, value = item
        self.add_postings(fieldname, docnum, [(text, 1, weight, value or _EMPTY)])

    @property
    def full(self) -> bool:
        """Whether the pool holds as much as its memory limit allows."""
        return self.size >= self.limit

    def cleanup(self) -> None:
        """Forget the postings (whoosh's pool interface)."""
        self.fields = {}
        self.size = 0


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """whoosh's SegmentWriter, faster: postings pooled per term, a one-pass flush, segments merged by block copy.

    Takes whoosh's options except `compound` (always off: a reader then maps only the
    files it needs instead of copying whole segments into memory, 925 MB -> 32 MB at
    100k). When the pool reaches `limitmb` the segment is finished and another begins
    (several segments in one commit) instead of spilling to sorted runs on disk.
    Supports what newsbrowse's schema uses: indexed, stored and column fields; not term
    vectors, spelling fields or `_boost`/`_stored_` document keys.
    """

    def __init__(
        self,
        index: Index,
        limitmb: int = 128,
        compress_from: int = COMPRESS_FROM,
        pickle_protocol: int = PICKLE_PROTOCOL,
        _lk: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("compound", None)
        super().__init__(index, codec=_Codec(compress_from, pickle_protocol), compound=False, _lk=_lk, **kwargs)
        self.index = index
        self.limitmb = limitmb
        self.pool = _TermPool(limitmb)
        self.finished: list[W3Segment] = []
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"FastSegmentWriter cannot write field {name!r} (term vectors or spelling)")

    # Adding documents

    def add_document(self, **fields: Any) -> None:
        """Add one document: its postings go to the pool field by field."""
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdoc = self.perdocwriter
        names = sorted(fields)
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        forms: Forms = {}  # the written forms of the title and body, for the field of exact forms
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.__class__ is FoldedText:
                    length = self.pool.add_words(name, docnum, value, forms)
                elif field.__class__ is ExactForms:
                    continue  # written once the title and body are analysed
                elif field.indexed:
                    items = list(field.index(value))
                    if field.scorable:
                        length = sum(item[1] for item in items)
                    self.pool.add_postings(name, docnum, items)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
            for name in (name for name in names if schema[name].__class__ is ExactForms and fields[name] is not None):
                words = exact_forms(forms, getattr(fields[name], "language", None))
                self.pool.add_postings(name, docnum, ((word.encode("utf-8"), 1, 1.0, _EMPTY) for word in words))
                perdoc.add_field(name, schema[name], None, 0)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        if self.pool.full:
            self.finished.append(self.finish_segment())
            self._start_segment()

    def _start_segment(self) -> None:
        """Begin a new segment in this writer (the last one was finished)."""
        self.newsegment = self.codec.new_segment(self.storage, self.indexname)
        self.perdocwriter = self.codec.per_document_writer(self.storage, self.newsegment)
        self.fieldwriter = self.codec.field_writer(self.storage, self.newsegment)
        self.pool = _TermPool(self.limitmb)
        self.docnum = self.docbase = 0
        self._added = False

    @property
    def pending_docs(self) -> int:
        """Documents added to the segment being written."""
        return int(self.docnum - self.docbase)

    # Writing segments

    def _flush_segment(self) -> None:
        """Write the pooled postings (whoosh's flush, in one pass over the terms)."""
        if not self.perdocwriter.is_closed:
            self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            for fieldname in sorted(self.pool.fields):
                self._write_pooled_field(fieldname, lengths)
        finally:
            lengths.close()
        self.fieldwriter.close()

    def _write_pooled_field(self, fieldname: str, lengths: W3PerDocReader) -> None:
        """Write one field's pooled postings."""
        fieldobj = self.schema[fieldname]
        coder: _BlockCoder = self.fieldwriter.coder
        field_lengths = _field_lengths(lengths, fieldname)
        fixed = fieldobj.format.fixed_value_size()
        boost = fieldobj.format.field_boost
        pooled = self.pool.fields[fieldname]
        self.fieldwriter.begin_field(fieldname, fieldobj)
        for text in sorted(pooled):
            ids, freqs, values = pooled[text]
            blocks = _TermBlocks()
            coder.encode(blocks, ids, [freq * boost for freq in freqs], values, field_lengths, fixed)
            self.fieldwriter.add_term(text.encode("utf-8") if text.__class__ is str else text, blocks)
        self.fieldwriter.finish_field()

    def finish_segment(self) -> W3Segment:
        """Finish the segment being written and return it, for a commit to add (here or in another process)."""
        self._check_state()
        segment: W3Segment = self._finalize_segment()
        self.pool.cleanup()
        return segment

    def take_segments(self) -> list[W3Segment]:
        """Every segment this writer has written, the current one finished; the writer is closed after."""
        segments = list(self.finished)
        if self._added:
            segments.append(self.finish_segment())
        else:
            self._close_segment()
        self.finished = []
        self._finish()
        return segments

    def _finish(self) -> None:
        """whoosh's finish, leaving the temporary folder: other writers' column files may be in it."""
        searcher = getattr(self, "_searcher", None)  # whoosh's own, of a base class mypy cannot see
        if searcher is not None:
            searcher._orig_close()
            self._searcher = None
        if self.writelock:
            self.writelock.release()
        self.is_closed = True

    def commit(
        self,
        mergetype: Any = None,
        optimize: bool | None = None,
        merge: bool | None = None,
        segments: Sequence[W3Segment] = (),
    ) -> None:
        """Commit: the index's segments (after the merge policy), those written here, and `segments` from elsewhere."""
        self._check_state()
        final = list(self._merge_segments(mergetype, optimize, merge)) + self.finished + list(segments)
        self.finished = []
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final)
        self._finish()

    def cancel(self) -> None:
        """Give up what was added; files of finished segments are left for the next commit to clean."""
        self._check_state()
        self._close_segment()
        self._finish()

    # Merging

    def merge_from(self, segments: Sequence[W3Segment]) -> W3Segment:
        """Write `segments` merged into one new segment (of this writer, which must be empty) and return it.

        Each term's blocks are copied from the source files with their document numbers
        shifted; a segment with deleted documents has its postings decoded and renumbered.
        """
        if self._added:
            raise ValueError("merge_from needs a writer with nothing added")
        readers = [SegmentReader(self.storage, self.schema, segment) for segment in segments]
        try:
            bases: list[int] = []
            docmaps: list[dict[int, int] | None] = []
            for reader in readers:
                bases.append(self.docnum)
                docmaps.append(self._copy_docs(reader))
            self.perdocwriter.close()
            lengths = self.per_document_reader()
            try:
                self._merge_postings(segments, bases, docmaps, lengths)
            finally:
                lengths.close()
        finally:
            for reader in readers:
                reader.close()
        self.fieldwriter.close()
        self._added = True
        merged: W3Segment = self.get_segment()
        self.pool.cleanup()
        self._close_segment()
        self._finish()
        return merged

    def _copy_docs(self, reader: SegmentReader) -> dict[int, int] | None:
        """Copy a segment's live documents' stored fields, lengths and columns (whoosh's write_per_doc, with each
        length and column read once per field instead of once per document); the docnum map if it had deletions."""
        schema = self.schema
        names = sorted(schema.names())
        perdoc = reader._perdoc
        lengths = {name: _field_lengths(perdoc, name) for name in names}
        columns = {
            name: reader.column_reader(name, schema[name].column_type, translate=False)
            for name in names
            if schema[name].column_type and reader.has_column(name)
        }
        writer = self.perdocwriter
        docmap: dict[int, int] | None = {} if reader.has_deletions() else None
        for docnum, stored in reader.iter_docs():
            if docmap is not None:
                docmap[docnum] = self.docnum
            writer.start_doc(self.docnum)
            for name in names:
                field = schema[name]
                raw = lengths[name]
                writer.add_field(name, field, stored.get(name), _LENGTHS[raw[docnum]] if raw else 0)
                if name in columns:
                    writer.add_column_value(name, field.column_type, columns[name][docnum])
            writer.finish_doc()
            self.docnum += 1
        return docmap

    def _merge_postings(
        self,
        segments: Sequence[W3Segment],
        bases: list[int],
        docmaps: list[dict[int, int] | None],
        lengths: W3PerDocReader,
    ) -> None:
        """Write the postings of the segments, term by term in order."""
        coder: _BlockCoder = self.fieldwriter.coder
        writer = self.fieldwriter
        sources = [_SourceTerms(self.storage, segment, self.codec) for segment in segments]
        try:
            merged = heapq.merge(*(source.terms(number) for number, source in enumerate(sources)))
            field: str | None = None
            fieldobj: Any = None
            field_lengths: bytes | None = None
            for key, group in groupby(merged, key=itemgetter(0)):
                fieldname, text = key
                if fieldname not in self.schema:
                    continue
                if fieldname != field:
                    if field is not None:
                        writer.finish_field()
                    field, fieldobj = fieldname, self.schema[fieldname]
                    field_lengths = _field_lengths(lengths, fieldname)
                    writer.begin_field(fieldname, fieldobj)
                blocks = _TermBlocks()
                for _, number, info in group:
                    sources[number].copy(blocks, info, bases[number], docmaps[number], coder, fieldobj, field_lengths)
                if blocks.blocks:
                    writer.add_term(text, blocks)
            if field is not None:
                writer.finish_field()
        finally:
            for source in sources:
                source.close()


class _SourceTerms:
    """A segment's terms and postings file, read in order for a merge."""

    def __init__(self, storage: Any, segment: W3Segment, codec: W3Codec) -> None:
        self.segment = segment
        self._terms = codec.terms_reader(storage, segment)
        path = Path(storage.folder) / segment.make_filename(W3Codec.POSTS_EXT)
        with open(path, "rb") as handle:
            self._postings = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if path.stat().st_size else None

    def terms(self, number: int) -> Iterator[tuple[tuple[str, bytes], int, W3TermInfo]]:
        """((field, term), `number`, term info) for every term, in order."""
        names = self._terms._fieldunmap
        for key, value in self._terms._tindex.items():
            yield (names[unpack_ushort(key[:2])[0]], key[2:]), number, W3TermInfo.from_bytes(value)

    def copy(
        self,
        term: _TermBlocks,
        info: W3TermInfo,
        base: int,
        docmap: dict[int, int] | None,
        coder: _BlockCoder,
        fieldobj: Any,
        lengths: bytes | None,
    ) -> None:
        """Add this segment's postings of a term to `term`, renumbered into the merged segment."""
        if info.is_inlined():
            raise ValueError("inlined postings are not written by whoosh's W3 codec; cannot merge them")
        assert self._postings is not None
        offset = info.extent()[0]
        if docmap is None:
            term.count(
                info._weight,
                info._df,
                info._minlength,
                info._maxlength,
                info._maxweight,
                info._minid + base,
                info._maxid + base,
            )
            for info_bytes, data in _blocks(self._postings, offset):
                term.blocks.append((info_bytes, data) if base == 0 else coder.rebase(info_bytes, data, base))
            return
        fixed = fieldobj.format.fixed_value_size()
        ids: list[int] = []
        weights: list[float] = []
        values: list[bytes] = []
        for info_bytes, data in _blocks(self._postings, offset):
            for docnum, weight, value in zip(*_decode(info_bytes, data, fixed), strict=True):
                if docnum in docmap:
                    ids.append(docmap[docnum])
                    weights.append(weight)
                    values.append(value)
        if ids:
            coder.encode(term, ids, weights, values, lengths, fixed)

    def close(self) -> None:
        """Release the files."""
        self._terms.close()
        if self._postings is not None:
            self._postings.close()
