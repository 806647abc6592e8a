"""Hostile and broken files among good ones: the build finishes, every good article indexed, each bad file named."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from reliability_helpers import (
    CASES,
    Case,
    acting_before_reads,
    article_text,
    counts,
    deny_access_to,
    token,
    write_articles,
)

import newsbrowse.build.pipeline as pipeline
import newsbrowse.build.process as process
from newsbrowse import open_archive
from newsbrowse.cli import main
from newsbrowse.model import IndexSummary

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs

GOOD = 6


def hostile_archive(root: Path, cases: list[Case], monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """Good articles 0..GOOD-1 plus every case's files; the numbers of the good articles each case holds.

    Also arranges what happens during the build: the unreadable file is refused by os.access
    (root reads anything), and files vanish or change just before they are read.
    """
    write_articles(root, range(GOOD))
    holds: dict[str, list[int]] = {"good files": list(range(GOOD))}
    number = GOOD
    for case in cases:
        case.write(root, number)
        holds[case.name] = list(range(number, number + case.good))
        number += case.good
    monkeypatch.setattr(os, "access", deny_access_to("locked.html"))
    monkeypatch.setattr(process, "file_hash", acting_before_reads(root, cases, process.file_hash))
    return holds


def test_every_good_article_is_indexed_and_every_bad_file_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All the hostile cases in one archive: one build, nothing good lost, a reason for each bad file."""
    root = tmp_path / "archive"
    holds = hostile_archive(root, CASES, monkeypatch)
    with open_archive(root) as archive:
        summary = archive.update(jobs=1)
        lost = {
            name: [n for n in numbers if [hit.id for hit in archive.search(token(n)).hits] == []]
            for name, numbers in holds.items()
        }
        assert archive.search("zqxstale").total == 0  # the changed file is indexed as it is now
        index_dir = archive.index_dir
    assert {name: numbers for name, numbers in lost.items() if numbers} == {}
    expected = sum(len(numbers) for numbers in holds.values())
    assert summary.total == expected and counts(index_dir) == (expected, expected)
    reasons = {skip.path: skip.reason for skip in summary.skipped}
    for case in CASES:
        for path, pattern in case.reasons.items():
            assert path in reasons, f"{case.name}: {path} is not reported (reported: {sorted(reasons)})"
            assert re.search(pattern, reasons[path]), f"{case.name}: {path}: {reasons[path]!r}"
    assert all(reason and "\n" not in reason and "Traceback" not in reason for reason in reasons.values())


def test_a_second_run_over_the_hostile_archive_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad files are reported again but nothing is re-read, added or lost."""
    root = tmp_path / "archive"
    cases = [case for case in CASES if not case.before_read and case.good <= 1]
    holds = hostile_archive(root, cases, monkeypatch)
    with open_archive(root) as archive:
        first = archive.update(jobs=1)
        second = archive.update(jobs=1)
    assert (second.added, second.updated, second.removed) == (0, 0, 0)
    assert second.total == first.total == sum(len(numbers) for numbers in holds.values())
    assert {skip.path for skip in second.skipped} == {skip.path for skip in first.skipped}


def test_the_command_line_summary_counts_and_names_the_bad_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`index --json` lists every skipped file with its reason; the text summary counts them."""
    root = tmp_path / "archive"
    cases = [case for case in CASES if case.name in ("empty files", "malformed JSONL lines", "a file over 20 MB")]
    hostile_archive(root, cases, monkeypatch)
    assert main(["index", str(root), "--jobs", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    skipped = {item["path"] for item in data["skipped"]}
    assert skipped == {path for case in cases for path in case.reasons}
    assert data["total"] == GOOD + 3
    (root / "good/story-00000.txt").write_text(article_text(0) + "\nUpdated.\n", encoding="utf-8")
    assert main(["index", str(root), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 updated" in out and f"Skipped {len(skipped)} file(s) or record(s):" in out
    assert "huge.html: larger than 20 MB" in out


def test_a_build_with_worker_processes_survives_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile files read in worker processes: the same articles and reasons as in one process."""
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 1)
    root = tmp_path / "archive"
    cases = [case for case in CASES if not case.before_read and case.name != "an unreadable file"]
    cases = [case for case in cases if "5 MB" not in case.name]  # the slowest; one process reads it above
    hostile_archive(root, cases, monkeypatch)
    with open_archive(root) as archive:
        summary: IndexSummary = archive.update(jobs=2)
    assert summary.total == GOOD + sum(case.good for case in cases)
    assert {path for case in cases for path in case.reasons} <= {skip.path for skip in summary.skipped}
