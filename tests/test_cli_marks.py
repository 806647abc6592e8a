"""The mark, starred, tags, saved, batch and related commands: tables a person reads, JSON a script reads, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrowse.archive import open_archive
from newsbrowse.cli import main

ARTICLES = {
    "talks.txt": "Talks resume\n\nMikhail Ulyanov, Russia's envoy, said the talks in Vienna would resume. "
    "Ulyanov met Abbas Araghchi there.\n",
    "pause.txt": "Talks pause\n\nMikhail Ulyanov and Abbas Araghchi said the delegations needed time in Vienna.\n",
    "court.txt": "Court date\n\nHugh Ray, a lawyer in Houston, asked the court for more time.\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small archive, indexed."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open_archive(folder) as archive:
        archive.update(jobs=1)
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line; its exit code, stdout and stderr."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_mark_then_list_stars_tags_and_notes(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`mark` sets marks, `starred` and `tags` list them, as text and as JSON."""
    code, out, _ = run(
        capsys, "mark", str(root), "talks.txt", "--star", "--tag", "Follow up", "--note", "Ask the envoy"
    )
    assert code == 0 and out.strip() == "talks.txt: starred; tags: follow up; note: 13 characters"
    run(capsys, "mark", str(root), "court.txt", "--tag", "follow up")
    code, out, _ = run(capsys, "starred", str(root))
    assert code == 0 and "* (undated)  Talks resume  [talks.txt]" in out and "note: Ask the envoy" in out
    assert "court.txt" not in out
    code, out, _ = run(capsys, "tags", str(root), "--json")
    assert json.loads(out) == [{"tag": "follow up", "articles": 2}]
    code, out, _ = run(capsys, "tags", str(root), "FOLLOW UP", "--json")
    assert sorted(item["article_id"] for item in json.loads(out)) == ["court.txt", "talks.txt"]
    run(capsys, "mark", str(root), "talks.txt", "--unstar", "--untag", "follow up", "--note", "")
    code, out, _ = run(capsys, "starred", str(root))
    assert out.startswith("No starred article")


def test_saved_searches_from_the_command_line(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Save, list with new counts, run (which marks them seen), drop."""
    code, out, _ = run(capsys, "saved", str(root), "--save", "Vienna", "vienna", "--json")
    assert code == 0 and [(s["name"], s["articles"], s["new"]) for s in json.loads(out)] == [("Vienna", 2, 0)]
    (root / "more.txt").write_text("More talks\n\nThe talks in Vienna went on.\n", encoding="utf-8")
    code, out, _ = run(capsys, "saved", str(root))
    assert out.splitlines()[1].split()[:5] == ["Vienna", "vienna", "relevance", "3", "1"]
    code, out, _ = run(capsys, "saved", str(root), "--run", "vienna", "--json")
    assert code == 0 and json.loads(out)["total"] == 3
    code, out, _ = run(capsys, "saved", str(root))
    assert out.splitlines()[1].split()[:5] == ["Vienna", "vienna", "relevance", "3", "0"]
    code, _, err = run(capsys, "saved", str(root), "--run", "nothing")
    assert code == 2 and err.startswith("newsbrowse: error: no saved search named 'nothing'")
    code, _, err = run(capsys, "saved", str(root), "--save", "bad", "date:2021-13")
    assert code != 0 and "not a date" in err and len(err.splitlines()) == 1
    run(capsys, "saved", str(root), "--drop", "VIENNA")
    assert run(capsys, "saved", str(root), "--json")[1].strip() == "[]"


def test_batch_and_related(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV column of names answered with entities and counts; the entities named with one."""
    names = tmp_path / "names.csv"
    names.write_text("id,who\n1,Ulyanov\n2,Nobody Known\n3,vienna AND court\n", encoding="utf-8")
    code, out, _ = run(capsys, "batch", str(root), str(names), "--column", "who", "--json")
    rows = json.loads(out)
    assert code == 0
    assert [(r["line"], r["kind"], r["articles"], r["entity"]) for r in rows] == [
        (2, "entity", 2, "Mikhail Ulyanov"),
        (3, "words", 0, None),
        (4, "query", 0, None),
    ]
    code, _, err = run(capsys, "batch", str(root), str(names), "--column", "whom")
    assert code == 2 and "no column 'whom'" in err
    code, out, _ = run(capsys, "related", str(root), "Ulyanov", "--json")
    related = {r["name"]: (r["articles"], r["sentences"]) for r in json.loads(out)["related"]}
    assert related["Abbas Araghchi"] == (2, 2)
    assert "Hugh Ray" not in related
    code, _, err = run(capsys, "related", str(root), "Nobody")
    assert code == 2 and "no entity named 'Nobody'" in err


def test_mark_refuses_bad_input_with_one_line(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing to do, an unknown article, an empty tag: one line naming the problem, nothing written."""
    for args, wanted in [
        (["talks.txt"], "say what to mark"),
        (["gone.txt", "--star"], "no article 'gone.txt'"),
        (["talks.txt", "--tag", " "], "bad tag"),
    ]:
        code, _, err = run(capsys, "mark", str(root), *args)
        assert code == 2 and wanted in err and len(err.splitlines()) == 1
    assert (
        not (root / ".newsbrowse-marks.sqlite3").exists() or run(capsys, "tags", str(root), "--json")[1].strip() == "[]"
    )
