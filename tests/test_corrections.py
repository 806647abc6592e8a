"""The user's entity corrections: the file, the `entity` command, and that no build ever loses them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsbrowse.archive import open_archive
from newsbrowse.cli import main
from newsbrowse.corrections import FILE_NAME, Correction, CorrectionsError, add, corrections_path, load, remove
from newsbrowse.errors import UsageError
from newsbrowse.location import INDEX_DIR_NAME

ARTICLES = {
    "talks.txt": "Talks resume\n\nMikhail Ulyanov, Russia's envoy, said the talks in Vienna would resume. "
    "Ulyanov met Iran's negotiator Abbas Araghchi.\n",
    "pause.txt": "Talks pause\n\nMikhail Ulyanov said the delegations needed time. Lena Hartmann said so too.\n",
    "envoy.txt": "Envoy speaks\n\nThe envoy Misha spoke to the press in Vienna about the talks.\n",
    "ray.txt": "Court date\n\nHugh Ray, a lawyer in Houston, asked the court for more time.\n",
}


def write(root: Path) -> Path:
    """The four articles in a new folder."""
    root.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """A small archive, indexed."""
    root = write(tmp_path / "archive")
    with open_archive(root) as archive:
        archive.update(jobs=1)
    return root


def names(root: Path) -> dict[str, tuple[str, int]]:
    """Every entity listed: name -> (type, articles)."""
    with open_archive(root) as archive:
        return {e.name: (e.type, e.articles) for e in archive.entities(limit=None)}


def test_the_file_is_toml_a_person_can_read_and_its_bad_entries_are_reported(tmp_path: Path) -> None:
    """Corrections are [[correction]] tables; a bad entry is skipped with its number, a broken file is one error."""
    path = tmp_path / FILE_NAME
    path.write_text(
        '# mine\n[[correction]]\nmerge = "A"\ninto = "B"\n\n[[correction]]\nhide = "C"\nto = "x"\n\n'
        '[[correction]]\ntype = "planet"\nof = "D"\n\n[[correction]]\ntype = "org"\nof = "E"\n',
        encoding="utf-8",
    )
    loaded = load(path)
    assert loaded.numbered == ((1, Correction("merge", "A", "B")), (4, Correction("type", "E", "org")))
    assert [problem.split(": ", 1)[1] for problem in loaded.problems] == [
        "correction 2 skipped: 'hide' takes the keys hide, each a string",
        "correction 3 skipped: unknown entity type 'planet' (use person, org, place, other)",
    ]
    path.write_text("[[correction]\nmerge = ", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=f"cannot read the entity corrections {path}"):
        load(path)
    assert load(tmp_path / "missing.toml").numbered == ()


def test_adding_and_removing_keep_what_the_person_wrote(tmp_path: Path) -> None:
    """A correction is appended; removing one leaves the others and the comments as they were."""
    path = tmp_path / FILE_NAME
    add(path, Correction("rename", "Mikhail Ulyanov", "Mikhail L. Ulyanov"), tmp_path)
    with path.open("a", encoding="utf-8") as file:
        file.write("# the envoy's nickname\n")
    add(path, Correction("alias", "Misha", "Mikhail Ulyanov"), tmp_path)
    add(path, Correction("hide", 'A "quoted" name'), tmp_path)
    assert remove(path, 1) == Correction("rename", "Mikhail Ulyanov", "Mikhail L. Ulyanov")
    text = path.read_text(encoding="utf-8")
    assert "# the envoy's nickname" in text and text.startswith("# Entity corrections for")
    assert load(path).corrections == (
        Correction("alias", "Misha", "Mikhail Ulyanov"),
        Correction("hide", 'A "quoted" name'),
    )
    with pytest.raises(UsageError, match="no correction 5"):
        remove(path, 5)
    with pytest.raises(UsageError, match="unknown entity type"):
        add(path, Correction("type", "X", "planet"), tmp_path)


def test_corrections_live_beside_the_index_or_in_the_user_data_folder(tmp_path: Path) -> None:
    """ARCHIVE/.newsbrowse-entities.toml for a folder that can be written, else the data folder, never a cache."""
    root = write(tmp_path / "archive")
    assert corrections_path(root) == root / FILE_NAME
    assert corrections_path(root).parent == (root / INDEX_DIR_NAME).parent
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text("", encoding="utf-8")
    elsewhere = corrections_path(jsonl)
    assert elsewhere.name.endswith("-entities.toml") and "cache" not in str(elsewhere).lower()
    assert os.environ["XDG_DATA_HOME"] in str(elsewhere)


def test_each_correction_applies_at_once_without_extracting_again(archive_dir: Path) -> None:
    """Merge, rename, alias, split, hide, show and type, through the API; the articles are not read again."""
    with open_archive(archive_dir) as archive:
        archive.correct(Correction("alias", "Misha", "Mikhail Ulyanov"))
        ulyanov = archive.entity("Misha")
        assert ulyanov is not None and ulyanov.name == "Mikhail Ulyanov" and ulyanov.articles == 3
        archive.correct(Correction("rename", "Mikhail Ulyanov", "Mikhail L. Ulyanov"))
        archive.correct(Correction("merge", "Abbas Araghchi", "Mikhail Ulyanov"))
        archive.correct(Correction("type", "Hugh Ray", "org"))
        archive.correct(Correction("hide", "Lena Hartmann"))
        listed = {e.name: (e.type, e.articles) for e in archive.entities(limit=None)}
        assert listed["Mikhail L. Ulyanov"] == ("person", 3)
        assert listed["Hugh Ray"] == ("org", 1)
        assert "Abbas Araghchi" not in listed and "Lena Hartmann" not in listed
        assert archive.entity("Lena Hartmann") is None
        assert archive.entity("Araghchi") == archive.entity("Mikhail L. Ulyanov")
        archive.correct(Correction("split", "Misha", "Mikhail Ulyanov"))
        archive.correct(Correction("show", "Lena Hartmann"))
        listed = {e.name: (e.type, e.articles) for e in archive.entities(limit=None)}
        assert listed["Mikhail L. Ulyanov"] == ("person", 2) and "Lena Hartmann" in listed
        assert archive.correction_problems() == ()
        archive.correct(Correction("hide", "Nobody Known"))
        assert archive.correction_problems() == ("hide 'Nobody Known': no entity named 'Nobody Known'",)


def test_corrections_survive_a_rebuild_and_a_deleted_index(archive_dir: Path) -> None:
    """The file stays beside the index: --rebuild and deleting the index folder keep every correction."""
    with open_archive(archive_dir) as archive:
        archive.correct(Correction("merge", "Abbas Araghchi", "Mikhail Ulyanov"))
        archive.correct(Correction("rename", "Mikhail Ulyanov", "M. Ulyanov"))
    before = names(archive_dir)
    assert main(["index", str(archive_dir), "--rebuild"]) == 0
    assert names(archive_dir) == before
    shutil.rmtree(archive_dir / INDEX_DIR_NAME)
    assert main(["index", str(archive_dir)]) == 0
    assert names(archive_dir) == before
    assert before["M. Ulyanov"] == ("person", 2)


@pytest.mark.slow
def test_corrections_survive_a_build_killed_with_sigkill(tmp_path: Path) -> None:
    """A build SIGKILLed half way leaves the file whole; the next build applies it to every article."""
    root = tmp_path / "big"
    root.mkdir()
    for n in range(300):
        (root / f"a{n:03d}.txt").write_text(
            f"Report {n}\n\nMikhail Ulyanov met Abbas Araghchi in Vienna for round {n} of the talks.\n",
            encoding="utf-8",
        )
    path = corrections_path(root)
    add(path, Correction("merge", "Abbas Araghchi", "Mikhail Ulyanov"), root)
    saved = path.read_bytes()
    command = [sys.executable, "-m", "newsbrowse", "index", str(root), "--jobs", "1", "--progress", "jsonl"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    for line in process.stdout:
        if json.loads(line).get("committed"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert path.read_bytes() == saved
    with open_archive(root) as archive:
        archive.update(jobs=1)
        ulyanov = archive.entity("Araghchi")
        assert ulyanov is not None and ulyanov.name == "Mikhail Ulyanov" and ulyanov.articles == 300


def test_the_entity_command_corrects_and_lists(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`newsbrowse entity ARCHIVE ...`: each action says what it saved and what the entity is now."""
    assert main(["entity", str(archive_dir), "merge", "araghchi", "Mikhail Ulyanov"]) == 0
    out = capsys.readouterr().out
    assert "Saved: merge 'Abbas Araghchi' into 'Mikhail Ulyanov'" in out
    assert "Now: Mikhail Ulyanov (person), 2 article(s)" in out
    assert main(["entity", str(archive_dir), "alias", "Ulyanov", "Misha"]) == 0
    capsys.readouterr()
    assert main(["entity", str(archive_dir), "type", "Hugh Ray", "org", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["correction"] == {"action": "type", "name": "Hugh Ray", "value": "org"}
    assert (data["entity"]["name"], data["entity"]["type"]) == ("Hugh Ray", "org")
    assert main(["entity", str(archive_dir), "hide", "Lena Hartmann"]) == 0
    assert main(["entity", str(archive_dir), "rename", "Hugh Ray", "Hugh Ray (lawyer)"]) == 0
    capsys.readouterr()
    assert main(["entity", str(archive_dir), "corrections", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [entry["action"] for entry in listing["corrections"]] == ["merge", "alias", "type", "hide", "rename"]
    assert listing["file"] == str(archive_dir / FILE_NAME) and listing["problems"] == []
    assert main(["entity", str(archive_dir), "corrections", "--drop", "4"]) == 0
    assert "Dropped correction 4: hide 'Lena Hartmann'" in capsys.readouterr().out
    assert "Lena Hartmann" in names(archive_dir)


def test_the_entity_command_refuses_bad_input_with_one_line(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown name, an unknown type, one entity twice: exit 2 and a line naming the argument."""
    assert main(["entity", str(archive_dir), "merge", "Nobody", "Mikhail Ulyanov"]) == 2
    assert "no entity named 'Nobody'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["entity", str(archive_dir), "type", "Hugh Ray", "planet"])
    assert exited.value.code == 2
    assert "invalid choice: 'planet'" in capsys.readouterr().err
    assert main(["entity", str(archive_dir), "merge", "Ulyanov", "Mikhail Ulyanov"]) == 2
    assert "one entity already" in capsys.readouterr().err
    assert not (archive_dir / FILE_NAME).exists()


def test_a_broken_corrections_file_stops_nothing_and_is_reported(
    archive_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is no TOML keeps the last corrections read; lookups and builds go on; the problem is told."""
    with open_archive(archive_dir) as archive:
        archive.correct(Correction("rename", "Mikhail Ulyanov", "M. Ulyanov"))
        (archive_dir / FILE_NAME).write_text("[[correction]\nrename = ", encoding="utf-8")
        found = archive.entity("Ulyanov")
        assert found is not None and found.name == "M. Ulyanov"
        assert archive.update(jobs=1).total == 4
        problems = archive.correction_problems()
        assert len(problems) == 1 and problems[0].startswith(
            f"cannot read the entity corrections {archive_dir / FILE_NAME}"
        )
    assert main(["entity", str(archive_dir), "hide", "Hugh Ray"]) == 1
    assert "fix or remove the file" in capsys.readouterr().err
