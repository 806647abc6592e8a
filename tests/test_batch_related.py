"""Batch search (a list of names or queries, each answered) and related entities (named together, ranked)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import newsbrowse.batch as batch
from newsbrowse.archive import open_archive
from newsbrowse.batch import is_query, read_list
from newsbrowse.errors import UsageError
from newsbrowse.store import related as related_store

ARTICLES = {
    # Ulyanov and Araghchi together in three articles, Vienna in every article: Vienna says less.
    "t1.txt": "Talks open\nMay 3, 2021\n\nMikhail Ulyanov met Abbas Araghchi in Vienna. Ulyanov and Araghchi spoke.\n",
    "t2.txt": "Talks go on\nMay 10, 2021\n\nMikhail Ulyanov said in Vienna that Abbas Araghchi had proposed a text.\n",
    "t3.txt": "Talks pause\nJune 2, 2021\n\nIn Vienna, Abbas Araghchi left. Mikhail Ulyanov stayed on.\n",
    "t4.txt": "Envoy alone\nJuly 1, 2021\n\nMikhail Ulyanov spoke in Vienna about sanctions.\n",
    "c1.txt": "Concert\nMay 5, 2021\n\nAnna Netrebko sang in Vienna on Friday.\n",
    "c2.txt": "Opera\nMay 6, 2021\n\nAnna Netrebko returned to Vienna for an opera.\n",
    "c3.txt": "Ball\nMay 7, 2021\n\nThe ball in Vienna drew Anna Netrebko and Placido Domingo.\n",
    "r1.txt": "Court\nMay 8, 2021\n\nHugh Ray, a lawyer in Vienna, asked for time.\n",
    "r2.txt": "Court again\nMay 9, 2021\n\nRachel Ray visited Vienna for a cookery show.\n",
}


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles above, indexed once."""
    root = tmp_path_factory.mktemp("batch") / "archive"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    with open_archive(root) as archive:
        archive.update(jobs=1)
    return root


def test_a_list_is_read_from_lines_or_a_csv_column(tmp_path: Path) -> None:
    """Lines (blank and # lines skipped, spaces collapsed); a CSV column by name or number, header skipped."""
    plain = tmp_path / "names.txt"
    plain.write_text("\ufeffMikhail  Ulyanov\n\n# a comment\nperson:Araghchi date:2021\n", encoding="utf-8")
    assert read_list(plain) == [(1, "Mikhail Ulyanov"), (4, "person:Araghchi date:2021")]
    table = tmp_path / "people.csv"
    table.write_text('id,name,notes\n1,"Ulyanov, Mikhail",envoy\n2,Anna Netrebko,"sings, often"\n', encoding="utf-8")
    assert read_list(table, "NAME") == [(2, "Ulyanov, Mikhail"), (3, "Anna Netrebko")]
    assert read_list(table, "3") == [(2, "envoy"), (3, "sings, often")]
    assert read_list(table) == [(2, "1"), (3, "2")]
    tsv = tmp_path / "people.tsv"
    tsv.write_text("name\tnotes\nHugh Ray\tlawyer\n", encoding="utf-8")
    assert read_list(tsv) == [(2, "Hugh Ray")]


def test_a_bad_list_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing file, a folder, bytes that are not UTF-8, an unknown column, an empty or oversized list."""
    with pytest.raises(UsageError, match="no such file"):
        read_list(tmp_path / "missing.txt")
    with pytest.raises(UsageError, match="is a folder"):
        read_list(tmp_path)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Müller\n".encode("latin-1"))
    with pytest.raises(UsageError, match="not UTF-8 text"):
        read_list(latin)
    table = tmp_path / "t.csv"
    table.write_text("name\nUlyanov\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"no column 'who'.*'name'"):
        read_list(table, "who")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n", encoding="utf-8")
    with pytest.raises(UsageError, match="holds no name"):
        read_list(empty)
    long = tmp_path / "long.txt"
    long.write_text("x" * 1_001 + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match="line 1: over 1,000 characters"):
        read_list(long)
    monkeypatch.setattr(batch, "MAX_LINES", 2)
    many = tmp_path / "many.txt"
    many.write_text("a\nb\nc\n", encoding="utf-8")
    with pytest.raises(UsageError, match="at most 2"):
        read_list(many)


def test_names_and_queries_are_told_apart() -> None:
    """Fields, quotes, operators and wildcards make a query; a name with a comma or a hyphen stays a name."""
    assert not is_query("Ulyanov, Mikhail") and not is_query("Jean-Yves Le Drian") and not is_query("O'Brien")
    assert is_query("person:Ulyanov") and is_query('"Mikhail Ulyanov"') and is_query("iran AND talks")
    assert is_query("negotiat*")


def test_each_line_is_answered_with_its_entity_articles_and_dates(archive_dir: Path) -> None:
    """An entity in any form, a name no entity has, a query, an ambiguous surname, a query that does not parse."""
    lines = [(1, "Ulyanov"), (2, "Placido Domingo"), (3, "Nobody Known"), (4, "vienna AND opera"), (5, "Ray")]
    lines.append((6, "date:2021-13"))
    with open_archive(archive_dir) as archive:
        rows = {row.line: row for row in archive.batch(lines)}
    assert (rows[1].kind, rows[1].entity, rows[1].articles) == ("entity", "Mikhail Ulyanov", 4)
    assert (rows[1].first, rows[1].last) == (date(2021, 5, 3), date(2021, 7, 1))
    assert (rows[2].kind, rows[2].articles, rows[2].query) == ("entity", 1, 'entity:"Placido Domingo"')
    assert (rows[3].kind, rows[3].articles, rows[3].query) == ("words", 0, '"Nobody Known"')
    assert (rows[4].kind, rows[4].articles, rows[4].first) == ("query", 1, date(2021, 5, 6))
    assert set(rows[5].candidates) == {"Hugh Ray", "Rachel Ray"} and rows[5].entity is None
    assert rows[6].error is not None and "not a date" in rows[6].error
    assert rows[6].found_as().startswith("error:") and rows[5].found_as().startswith("ambiguous:")


def test_related_entities_are_those_named_together_more_than_by_chance(archive_dir: Path) -> None:
    """Araghchi (in three of Ulyanov's four articles, and in three of his sentences) is named with him; Vienna,
    in every article, says nothing about him and is not listed."""
    with open_archive(archive_dir) as archive:
        related = archive.related("Ulyanov")
        assert [(r.name, r.articles, r.sentences, r.entity_articles) for r in related] == [("Abbas Araghchi", 3, 3, 3)]
        assert related[0].score > 0
        assert archive.related("Nobody Known") == []
        assert [r.name for r in archive.related("Netrebko", limit=1)] == ["Placido Domingo"]


def test_an_entity_in_very_many_articles_is_read_in_a_sample_and_says_so(
    archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above SAMPLE articles the counts are estimates from a fixed sample, and the result says how many were read."""
    monkeypatch.setattr(related_store, "SAMPLE", 2)
    with open_archive(archive_dir) as archive:
        first = archive.related("Ulyanov")
        assert first == archive.related("Ulyanov")  # the same sample every time
        assert [r.name for r in first] == ["Abbas Araghchi"]
        assert first[0].sampled == 2 and first[0].articles in (2, 3)
        [netrebko] = archive.related("Placido Domingo")  # one article: read whole, counts exact
        assert (netrebko.name, netrebko.articles, netrebko.sampled) == ("Anna Netrebko", 1, None)
