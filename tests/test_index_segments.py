"""The fast segment writer and merger: whoosh's files byte for byte, the same postings, merges like whoosh's."""

from __future__ import annotations

import pickle
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from newsbrowse.index.internals import writer as index_writer
from newsbrowse.index.internals.segments import FastSegmentWriter, _shift_first_id
from newsbrowse.index.internals.writer import (
    create_index,
    merge_segments,
    merge_small,
    replace_segments,
    settle_groups,
    write_batch,
)

WORDS = "harbour railway orchard budget council ferry lighthouse river bridge market São Straße".split()


def docs(count: int, prefix: str = "d") -> list[dict[str, Any]]:
    """Documents with repeated and rare words, names, dates and a language (every fifth undated)."""
    made = []
    for i in range(count):
        body = " ".join(WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(3 + i % 9)) + f" token{i} the harbour"
        doc: dict[str, Any] = {
            "id": f"{prefix}{i}",
            "title": f"Note {i % 4} on the {WORDS[i % len(WORDS)]}",
            "body": body,
            "key": 1000 + i,
            "lang": "en" if i % 3 else "en,fr",
            "source": "Valley Gazette" if i % 2 else "Coastal Herald",
        }
        if i % 5:
            doc["date"] = datetime(2020 + i % 3, 1 + i % 12, 1 + i % 28)
        made.append(doc)
    return made


def segment_files(directory: Path) -> dict[str, bytes]:
    """The files of the index's only segment, by extension."""
    segments = [path for path in directory.glob("MAIN_*.*") if path.suffix != ".toc"]
    return {path.name.split(".", 1)[1]: path.read_bytes() for path in segments}


def contents(index: Index) -> dict[str, Any]:
    """Everything a search can see, by article id: postings of every term, lengths, dates, term statistics."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        ids = {docnum: searcher.stored_fields(docnum)["id"] for docnum in reader.all_doc_ids()}
        postings: dict[tuple[str, bytes], list[tuple[str, float, bytes]]] = {}
        stats = {}
        for key in reader.all_terms():
            matcher = reader.postings(*key)
            found = []
            while matcher.is_active():
                found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            postings[key] = sorted(found)
            info = reader.term_info(*key)
            stats[key] = (info.doc_frequency(), info.weight(), info.min_length(), info.max_length(), info.max_weight())
        dates = reader.column_reader("date", translate=False)
        return {
            "postings": postings,
            "stats": stats,
            "lengths": sorted(
                (ids[d], reader.doc_field_length(d, "body"), reader.doc_field_length(d, "title")) for d in ids
            ),
            "dates": sorted((ids[d], dates[d]) for d in ids),
            "field lengths": (reader.field_length("body"), reader.field_length("title")),
        }


def test_the_same_files_as_whoosh_with_its_block_encoding(tmp_path: Path) -> None:
    """With whoosh's block encoding the fast writer writes whoosh's segment files byte for byte, with W3Codec."""
    stock, fast = create_index(tmp_path / "stock"), create_index(tmp_path / "fast")
    writer = SegmentWriter(stock, compound=False)
    for doc in docs(300):
        writer.add_document(**doc)
    writer.commit()
    ours = FastSegmentWriter(fast, compress_from=0, pickle_protocol=2)
    for doc in docs(300):
        ours.add_document(**doc)
    ours.commit()
    assert segment_files(tmp_path / "fast") == segment_files(tmp_path / "stock")
    assert fast._segments()[0].codec().__class__ is W3Codec  # readers need nothing of newsbrowse


def test_the_default_encoding_holds_the_same_postings_in_fewer_bytes(tmp_path: Path) -> None:
    """The default encoding gives the same searchable contents as whoosh in under 90% of the bytes."""
    stock, fast = create_index(tmp_path / "stock"), create_index(tmp_path / "fast")
    writer = SegmentWriter(stock, compound=False)
    for doc in docs(300):
        writer.add_document(**doc)
    writer.commit()
    write_batch(fast, (), docs(300))
    assert contents(fast) == contents(stock)
    size = {name: sum(len(data) for data in segment_files(tmp_path / name).values()) for name in ("stock", "fast")}
    assert size["fast"] < 0.9 * size["stock"]


def test_a_full_pool_starts_another_segment_in_the_same_commit(tmp_path: Path) -> None:
    """A writer whose 1 MB pool fills writes several segments in one commit and loses no document."""
    index = create_index(tmp_path / "ix")
    writer = FastSegmentWriter(index, limitmb=1)
    for doc in docs(1500):
        writer.add_document(**doc)
    writer.commit(merge=False)
    assert len(index._segments()) > 1
    assert index.doc_count() == 1500
    assert len(contents(index)["postings"][("body", b"token1499")]) == 1


def _segmented(directory: Path, parts: int, deleted: list[str]) -> Index:
    """An index of `parts` segments of 120 documents each, some documents then deleted."""
    index = create_index(directory)
    for part in range(parts):
        writer = FastSegmentWriter(index)
        for doc in docs(120, prefix=f"p{part}-"):
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = FastSegmentWriter(index)
    for article_id in deleted:
        writer.delete_by_term("id", article_id)
    writer.commit(merge=False)
    return index


def test_merging_copies_blocks_into_what_whoosh_merging_gives(tmp_path: Path) -> None:
    """Merging four segments, with or without deletions, gives the contents of whoosh's own optimize."""
    for deleted in ([], [f"p1-{i}" for i in range(0, 120, 3)] + ["p0-7"]):
        name = "deleted" if deleted else "whole"
        stock = _segmented(tmp_path / f"stock-{name}", 4, deleted)
        SegmentWriter(stock, compound=False).commit(optimize=True)
        fast = _segmented(tmp_path / f"fast-{name}", 4, deleted)
        segments = fast._segments()
        merged = FastSegmentWriter(fast, _lk=False).merge_from(segments)
        FastSegmentWriter(fast).commit(mergetype=lambda writer, existing: [], segments=[merged])
        assert len(fast._segments()) == 1 and fast.doc_count() == 480 - len(deleted)
        assert contents(fast) == contents(stock)


def test_the_policy_merges_tiny_segments_and_drops_emptied_ones(tmp_path: Path, monkeypatch: Any) -> None:
    """merge_small leaves at most three segments, dropping the emptied one, and keeps every live document."""
    monkeypatch.setattr(index_writer, "MAX_SEGMENTS", 3)
    index = _segmented(tmp_path / "ix", 5, [f"p4-{i}" for i in range(120)])
    assert len(index._segments()) == 5
    writer = FastSegmentWriter(index)
    writer.commit(mergetype=merge_small)
    assert len(index._segments()) <= 3
    assert index.doc_count() == 480
    assert len(contents(index)["postings"][("body", b"token7")]) == 4


def test_shifting_a_pickled_first_id_gives_the_pickle_of_the_shifted_ids() -> None:
    """_shift_first_id patches the pickle to that of the shifted ids; None when it would overflow or is no pickle."""
    for protocol in (2, 3):
        for ids in [(0,), (5, 1), (7, 1, 1), (200, 1, 2, 3), (65_000, 4), (1 << 20, 9, 9, 9, 9)]:
            for base in (0, 1, 60, 300, 70_000, 1 << 24):
                data = pickle.dumps((ids, None, None), protocol)
                shifted = pickle.dumps(((ids[0] + base, *ids[1:]), None, None), protocol)
                assert _shift_first_id(data, base) == shifted
    assert _shift_first_id(pickle.dumps(((1 << 31) - 1,), 2), 1) is None  # too large for BININT: re-packed instead
    assert _shift_first_id(zlib.compress(b"x"), 1) is None


def test_settling_merges_groups_of_about_equal_size_into_the_same_contents(tmp_path: Path) -> None:
    """Five segments (half of one deleted) settle into two of about as many live documents, as whoosh would merge them."""
    deleted = [f"p2-{i}" for i in range(60)]
    index = _segmented(tmp_path / "ix", 5, deleted)
    stock = _segmented(tmp_path / "stock", 5, deleted)
    SegmentWriter(stock, compound=False).commit(optimize=True)  # whoosh's merge, deleted documents dropped
    groups = settle_groups(index._segments())
    assert len(groups) == 2 and sum(len(group) for group in groups) == 5
    live = sorted(sum(segment.doc_count() for segment in group) for group in groups)
    assert live == [240, 300]
    merged = [(merge_segments(tmp_path / "ix", group), [segment.segid for segment in group]) for group in groups]
    replace_segments(index, merged)
    assert len(index._segments()) == 2 and index.doc_count() == 540
    assert contents(index) == contents(stock)


def test_two_segments_are_already_settled(tmp_path: Path) -> None:
    """Nothing to merge in an index of two segments."""
    assert settle_groups(_segmented(tmp_path / "ix", 2, [])._segments()) == []
