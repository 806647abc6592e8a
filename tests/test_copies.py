"""Near-copies: grouped at build time, folded in search, joined and left incrementally, counted by index."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrowse.archive import open_archive
from newsbrowse.location import STORE_NAME
from newsbrowse.store.copies import (
    BANDS,
    MIN_SHINGLES,
    PERMUTATIONS,
    Folding,
    _distinct,
    _word_hashes,
    band_keys,
    near_copies,
    shingles,
    signature,
)

STORY = [
    "The regional council of Lindvik voted on Tuesday to reopen the northern ferry line after eight months.",
    "Repairs to the pier at Sandholm cost more than the harbour board had planned, officials said.",
    "Councillor Henrik Solberg told the chamber that fishermen had waited long enough for a crossing.",
    "The vote passed by twenty-one to six, with the opposition asking for an audit of the contracts.",
    "Timetables published by the operator show four crossings a day in winter and seven in summer.",
    "Season tickets go on sale next week at the harbour office and on the operator's website.",
    "Residents of the islands have relied on a single small boat run by volunteers since the spring.",
    "A spokesperson for the volunteers said they were relieved and proud of what they had managed.",
]

# The same topic, written differently: not a copy.
OTHER = [
    "Ferry passengers in Lindvik face higher fares from January, the operator announced on Friday.",
    "A single crossing will cost fifty crowns, up from forty, while children under twelve travel free.",
    "The company blamed rising fuel prices and the cost of the new pier at Sandholm for the increase.",
    "Henrik Solberg, who chairs the transport committee, said he would ask the council to review it.",
    "Island shopkeepers fear the change will keep weekend visitors away during the quiet months.",
    "The operator promised that season tickets bought before the end of December keep their price.",
]


def article(title: str, paragraphs: list[str], byline: str = "By Kari Nilsen") -> str:
    """A plain-text article: title, date line, byline and paragraphs."""
    return f"{title}\n\nMarch 4, 2022 - 08:15\n\n{byline}\n\n" + "\n\n".join(paragraphs) + "\n"


def test_copies_are_near_and_other_stories_are_not() -> None:
    """An exact copy has the same signature; a cut copy is a near-copy; a same-topic story is not; a stub is never."""
    body = "\n\n".join(STORY)
    assert signature(body) == signature(body) and len(band_keys(signature(body))) == BANDS
    cut = "\n\n".join(STORY[:2] + STORY[5:])
    assert near_copies(shingles(body), shingles(cut))
    assert not near_copies(shingles(body), shingles("\n\n".join(OTHER)))
    assert signature("Page not found.") == b"" and band_keys(b"") == []


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """An archive with one story, a copy with another headline, one with a paragraph dropped, and another story."""
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text(article("Lindvik ferry to return", STORY), encoding="utf-8")
    (root / "b.txt").write_text(article("Ferry back for island residents", STORY), encoding="utf-8")
    (root / "c.txt").write_text(article("Lindvik ferry to return", STORY[:5] + STORY[6:]), encoding="utf-8")
    (root / "fares.txt").write_text(article("Ferry fares rise in Lindvik", OTHER), encoding="utf-8")
    return root


def test_search_folds_copies_and_all_copies_lists_them(archive: Path) -> None:
    """One hit per group, the others in `copies`; all_copies lists each; duplicates are counted; exports fold too."""
    with open_archive(archive) as opened:
        summary = opened.update()
        assert summary.duplicates == 2
        hits = opened.search("ferry Lindvik", limit=10).hits
        assert len(hits) == 2
        story = next(hit for hit in hits if hit.id != "fares.txt")
        assert sorted([story.id, *story.copies]) == ["a.txt", "b.txt", "c.txt"]
        assert next(hit for hit in hits if hit.id == "fares.txt").copies == ()
        assert len(opened.search("ferry Lindvik", limit=10, all_copies=True).hits) == 4
        assert [hit.id for hit in opened.search("ferry Lindvik", limit=1, offset=1).hits] == [hits[1].id]
        assert [hit.id for hit in opened.iter_search("ferry Lindvik")] == [hit.id for hit in hits]
        assert len(list(opened.iter_search("ferry Lindvik", all_copies=True))) == 4


def test_a_new_copy_joins_the_group_and_groups_dissolve_as_articles_go(archive: Path) -> None:
    """Incremental: a copy added later joins the existing group; removing copies leaves no group of one."""
    with open_archive(archive) as opened:
        opened.update()
        (archive / "d.txt").write_text(article("Ferry to return", STORY, byline="By Ola Berg, NTB"), encoding="utf-8")
        summary = opened.update()
        assert (summary.added, summary.duplicates) == (1, 3)
        folded = [hit for hit in opened.search("ferry Lindvik", limit=10).hits if hit.id != "fares.txt"]
        assert len(folded) == 1 and len(folded[0].copies) == 3
        for name in ("b.txt", "c.txt", "d.txt"):
            (archive / name).unlink()
        assert opened.update().duplicates == 0
        assert all(hit.copies == () for hit in opened.search("ferry Lindvik", limit=10).hits)
        assert opened.store.articles_per_story() == 1.0


def _keys_held(index_dir: Path) -> dict[str, int]:
    """How many band keys each article holds in the store."""
    with sqlite3.connect(index_dir / STORE_NAME) as db:
        return dict(
            db.execute("SELECT a.id, count(*) FROM bands b JOIN articles a ON a.rowid = b.article GROUP BY a.id")
        )


def test_a_groups_keys_are_held_once_and_come_back_when_their_holder_goes(archive: Path) -> None:
    """A copy adds only the keys its group lacks; when the holder goes the others hold all theirs, and copies join."""
    with open_archive(archive) as opened:
        opened.update()
        held = _keys_held(opened.index_dir)
        assert held["a.txt"] == held["fares.txt"] == BANDS
        assert "b.txt" not in held  # the same body: every key is a.txt's
        assert held.get("c.txt", 0) < BANDS
        (archive / "a.txt").unlink()
        assert opened.update().duplicates == 1
        held = _keys_held(opened.index_dir)
        assert held["b.txt"] == held["c.txt"] == BANDS
        (archive / "d.txt").write_text(
            article("Ferry to return", STORY[1:], byline="By Ola Berg, NTB"), encoding="utf-8"
        )
        assert opened.update().duplicates == 2
        assert sorted(opened.store.other_copies(opened.store.groups_of(["d.txt"]))["d.txt"]) == ["b.txt", "c.txt"]


def test_folding_lists_each_group_once_across_batches(archive: Path) -> None:
    """Rows folded a batch at a time: a group listed in one batch is left out of the next; the copies of a listed
    article are the other members of its group, oldest first, and an article without copies has none."""
    with open_archive(archive) as opened:
        opened.update()
        store = opened.store
        rows = dict(store._db.execute("SELECT id, rowid FROM articles").fetchall())
        folding = Folding(store)
        assert folding([rows["b.txt"], rows["a.txt"]]) == [0] and folding.ranked == 2
        assert folding([rows["fares.txt"], rows["c.txt"]]) == [0]  # c.txt's group was listed before
        copies = folding.copies(["b.txt", "fares.txt"], [rows["b.txt"], rows["fares.txt"]])
        assert copies == store.other_copies(store.groups_of(["b.txt"]))
        assert sorted(copies["b.txt"]) == ["a.txt", "c.txt"]


def test_articles_per_story_follows_the_archive(archive: Path) -> None:
    """Four articles telling two stories: two per story, counted again when articles come or go."""
    with open_archive(archive) as opened:
        opened.update()
        assert opened.store.articles_per_story() == 2.0
        (archive / "b.txt").unlink()
        opened.update()
        assert opened.store.articles_per_story() == 1.5


@given(st.lists(st.integers(0, 2**64 - 1), max_size=60))
def test_distinct_values_are_what_numpy_unique_gives(values: list[int]) -> None:
    """Shingles' distinct hashes: sorted, each once, as np.unique would give them."""
    array = np.array(values, dtype=np.uint64)
    assert _distinct(array).tolist() == np.unique(array).tolist()


# Word characters and not, from every script the archives hold, beyond the BMP and lone surrogates included.
_TEXT = st.text(
    st.sampled_from(
        [
            *"ab Z_9 ,.-\u2019\u201c\u00df\u0130\u03a3\u00e9\u0301\u0661\ufb01\n",
            "\U0001f600",
            "\U0001d518",
            "\U00020000",
            "\udc80",
        ]
    ),
    max_size=40,
)


@given(_TEXT)
def test_word_hashes_are_each_regex_words_own_hash(text: str) -> None:
    """The words are the regex's \\w+ runs, each hashed alone: the polynomial of its code points modulo 2**64."""
    expected = []
    for word in re.findall(r"\w+", text):
        value = 0
        for character in reversed(word):
            value = (value * 0x100000001B3 + ord(character)) % 2**64
        expected.append(value)
    assert _word_hashes(text).tolist() == expected


@given(st.lists(st.sampled_from(["lindvik", "ferry", "pier", "vote", "caf\u00e9", "\u0161kola", "9"]), max_size=30))
def test_shingles_are_each_five_words_own_hash(words: list[str]) -> None:
    """A shingle's hash is the polynomial of its five words' hashes (the high 32 bits), each distinct one once."""
    hashes = _word_hashes(" ".join(words)).tolist()
    expected = set()
    for start in range(len(hashes) - 4):
        value = 0
        for word in reversed(hashes[start : start + 5]):
            value = (value * 0x9E3779B97F4A7C15 + word) % 2**64
        expected.add(value >> 32)
    assert shingles(" ".join(words)).tolist() == sorted(expected)


@given(st.lists(st.text("abcdefgh", min_size=1, max_size=3), min_size=MIN_SHINGLES + 4, max_size=80))
def test_each_signature_value_is_its_bins_least_shingle_from_the_bins_start_on(words: list[str]) -> None:
    """One-permutation MinHash: value i is the least shingle hash at or after bin i's start, circling to the least."""
    found = shingles(" ".join(words)).tolist()
    values = np.frombuffer(signature(" ".join(words)), dtype="<u4").tolist()
    if len(found) < MIN_SHINGLES:
        assert values == []
        return
    starts = [-(-bin * 2**32 // PERMUTATIONS) for bin in range(PERMUTATIONS)]
    assert values == [min((value for value in found if value >= start), default=found[0]) for start in starts]


def test_a_band_key_depends_on_its_own_band_only() -> None:
    """Two signatures differing in one band share every other band's key, and differ in that one's."""
    first = np.arange(PERMUTATIONS, dtype="<u4")
    second = first.copy()
    second[6:8] += 1000  # band 3
    keys, others = band_keys(first.tobytes()), band_keys(second.tobytes())
    assert [band for band in range(BANDS) if keys[band] != others[band]] == [3]
    same = band_keys(np.full(PERMUTATIONS, 7, dtype="<u4").tobytes())
    assert len(set(same)) == BANDS  # the same values in different bands make different keys
