"""The reliability case matrix: hostile files, queries, usage errors, damaged indexes, stdout, a full disk, kills.

Run: .venv/bin/python benchmarks/reliability_report.py [--kills N] [--articles N]

Needs no corpus: every case writes its own small archive (under benchmarks/out/reliability).
For each case it prints whether newsbrowse survived (no crash, no traceback, a clear reason)
and what was lost: good articles that did not reach the index, bad files not reported. The
cases: hostile files (links out of the archive, pipes, bombs, zeros, damage...), hostile
queries, usage errors, indexes damaged in every way `--rebuild` must repair, a stdout that
cannot hold a character, is closed, full or read by `head`, Ctrl-C while the workers start,
an index folder deleted under an open archive. Then a crash-resume run: a build of
--articles articles killed --kills times at random moments, run to the end, and the counts
of whoosh, SQLite and files on disk, which must agree.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from reliability_helpers import (  # noqa: E402 - the helpers live beside the tests
    CASES,
    DAMAGE,
    Case,
    acting_before_reads,
    counts,
    deny_access_to,
    kill_at_random,
    stored_ids,
    token,
    write_articles,
    write_parts,
)

import newsbrowse.build.pipeline as pipeline  # noqa: E402
import newsbrowse.build.process as process  # noqa: E402
import newsbrowse.build.workers as workers  # noqa: E402
from newsbrowse import open_archive  # noqa: E402
from newsbrowse.cli import main  # noqa: E402
from newsbrowse.errors import QueryError  # noqa: E402
from newsbrowse.location import cache_index_dir  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "reliability"
T = TypeVar("T")
GOOD = 5
QUERIES = [
    '"vass', "vass)", "((((", "AND", "OR NOT", "NOT", "title:", "date:", "person:", 'speaker:"', "x" * 10_240,
    "\x00", "\x1b[2J vass", "vass\r\nharbour", "date:notadate", "date:[x to y]", "lang:???", "nosuchfield:x",
    "*", "?", "~", "v~", "vie*", "'", "' OR 1=1 --", "%", "\U0001f600", "ü" * 3000, "covid-19", "12:00",
    "[a TO b]", "entity:*", 'date:""', "title:[a TO b]", "date:>9999", "date:<0001", "date:>9999-12", "a~100",
]  # fmt: skip


@dataclass
class Outcome:
    """What one case did: survived or not, and what it lost."""

    name: str
    survived: bool
    lost: list[str] = field(default_factory=list)
    note: str = ""


@contextlib.contextmanager
def patched(target: object, name: str, value: object) -> Iterator[None]:
    """Set an attribute for the length of a block."""
    old = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, old)


@contextlib.contextmanager
def hooks(root: Path, cases: list[Case]) -> Iterator[None]:
    """What happens during a build: the unreadable file refused, files vanishing or changing before they are read."""
    file_hash = acting_before_reads(root, cases, process.file_hash)
    with patched(os, "access", deny_access_to("locked.html")), patched(process, "file_hash", file_hash):
        yield


def file_case(workdir: Path, name: str, cases: list[Case]) -> Outcome:
    """Good articles plus the cases' files, built in this process: nothing good lost, every bad file named."""
    root = workdir / "archive"
    write_articles(root, range(GOOD))
    expected = list(range(GOOD))
    number = GOOD
    for case in cases:
        case.write(root, number)
        expected += range(number, number + case.good)
        number += case.good
    try:
        with hooks(root, cases), open_archive(root) as archive:
            summary = archive.update(jobs=1)
            missing = [f"article {n}" for n in expected if archive.search(token(n)).total != 1]
            whoosh, stored = counts(archive.index_dir)
    except Exception as err:  # noqa: BLE001 - a crash is what the report counts
        return Outcome(name, False, note=f"CRASHED: {type(err).__name__}: {err}")
    reasons = {skip.path: skip.reason for skip in summary.skipped}
    unreported = [
        f"{path} not reported" if path not in reasons else f"{path}: unclear reason {reasons[path]!r}"
        for case in cases
        for path, pattern in case.reasons.items()
        if path not in reasons or not re.search(pattern, reasons[path])
    ]
    consistent = whoosh == stored == len(expected) == summary.total
    note = f"{summary.total} indexed, {len(summary.skipped)} reported" + ("" if consistent else " INCONSISTENT")
    return Outcome(name, consistent, missing + unreported, note)


def query_cases(workdir: Path) -> list[Outcome]:
    """Each hostile query: results or a QueryError survive; any other exception is a crash."""
    root = workdir / "archive"
    write_articles(root, range(GOOD))
    outcomes = []
    with open_archive(root) as archive:
        archive.update(jobs=1)
        for query in QUERIES:
            shown = repr(query if len(query) < 30 else query[:27] + "...")
            try:
                results = archive.search(query)
                outcomes.append(Outcome(f"query {shown}", True, note=f"{results.total} hit(s)"))
            except QueryError as err:
                outcomes.append(Outcome(f"query {shown}", "\n" not in str(err), note=f"message: {str(err)[:60]}"))
            except Exception as err:  # noqa: BLE001 - a crash is what the report counts
                outcomes.append(Outcome(f"query {shown}", False, note=f"CRASHED: {type(err).__name__}: {err}"))
    return outcomes


def command(args: list[str]) -> tuple[int, str]:
    """Run main() with stdout and stderr captured; the exit code and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, err.getvalue()


def usage_cases(workdir: Path) -> list[Outcome]:
    """Usage errors: the expected exit code and one line on stderr, without a traceback."""
    root = workdir / "archive"
    write_articles(root, range(GOOD))
    empty = workdir / "empty"
    empty.mkdir()
    command(["index", str(root), "--jobs", "1"])
    page = root / "good/story-00000.txt"
    cases = {
        "missing archive": (["search", str(workdir / "nowhere"), "x"], 2),
        "a file as the archive": (["index", str(page)], 2),
        "a file as --index-dir": (["index", str(root), "--index-dir", str(page)], 2),
        "a folder to clean": (["clean", str(root)], 2),
        "an empty archive": (["index", str(empty)], 1),
        "an unknown article id": (["show", str(root), "nope.txt"], 2),
        "an unknown entity": (["mentions", str(root), "Nobody Known"], 2),
        "an unknown speaker": (["quotes", str(root), "--speaker", "Nobody Known"], 2),
        "a bad option": (["index", str(root), "--jobs", "0"], 2),
        "an argument that is not UTF-8": (["mentions", str(root), "\udcff"], 2),
        "an id starting with '-'": (["show", str(root), "-draft.txt"], 2),
        "an --index-dir below a folder that cannot be entered": (
            ["search", str(root), "x", "--index-dir", str(workdir / "locked" / "index")],
            2,
        ),
    }
    outcomes = []
    with patched(Path, "exists", denied_below(workdir / "locked")):
        for name, (args, expected) in cases.items():
            outcomes.append(usage_outcome(name, args, expected, workdir))
    code, err = command(["entities", str(root), "--limit", "9" * 20])
    outcomes.append(Outcome("usage: --limit 99999999999999999999", code == 0 and not err, note=f"exit {code}"))
    return outcomes


def usage_outcome(name: str, args: list[str], expected: int, workdir: Path) -> Outcome:
    """A usage error: the expected exit code and one line on stderr, no traceback."""
    code, err = command(args)
    lines = err.replace(str(workdir), "WORK").strip().splitlines()
    clear = code == expected and len(lines) == 1 and "Traceback" not in err and "internal error" not in err
    return Outcome(f"usage: {name}", clear, note=f"exit {code}: {lines[0][:70] if lines else ''}")


def denied_below(folder: Path) -> Callable[[Path], bool]:
    """Path.exists refusing paths below `folder` as a folder without x permission does (root may enter any)."""
    real_exists = Path.exists

    def exists(path: Path) -> bool:
        """Path.exists, or PermissionError below the folder."""
        if folder in path.parents:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_exists(path)

    return exists


def disk_full_case(workdir: Path) -> Outcome:
    """ENOSPC in the middle of a build: one line, the old index still answers, the next run completes."""
    root = workdir / "archive"
    write_articles(root, range(30))
    command(["index", str(root), "--jobs", "1"])
    write_articles(root, range(30, 90), folder="new")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "whoosh/segment")

    with patched(pipeline, "FIRST_BATCH", 10), patched(pipeline, "write_batch", full):
        code, err = command(["index", str(root), "--jobs", "1"])
        search_code, _ = command(["search", str(root), "vass"])
    with open_archive(root) as archive:
        total = archive.update(jobs=1).total
        in_whoosh, in_store = stored_ids(archive.index_dir)
    on_disk = {path.relative_to(root).as_posix() for path in root.rglob("*.txt")}
    lost = sorted(on_disk - (in_whoosh & in_store))
    survived = code == 1 and "no space left" in err and search_code == 0 and total == 90 and not lost
    return Outcome("a full disk while writing", survived, lost, f"exit {code}, then search {search_code}, then {total}")


def all_found(root: Path, count: int) -> list[str]:
    """The articles 0..count-1 a fresh look at the archive does not find."""
    with open_archive(root) as archive:
        return [f"article {n}" for n in range(count) if archive.search(token(n)).total != 1]


def damage_case(workdir: Path, name: str) -> Outcome:
    """A damaged index: a search answers or names --rebuild in one line; `index --rebuild` recovers everything."""
    root = workdir / "archive"
    write_articles(root, range(GOOD))
    command(["index", str(root), "--jobs", "1"])
    DAMAGE[name](root)
    code, err = command(["search", str(root), "vass"])
    said = (code == 0 and not err) or (err.count("\n") <= 2 and "--rebuild" in err and "internal error" not in err)
    rebuilt, rebuild_err = command(["index", str(root), "--rebuild", "--jobs", "1"])
    lost = all_found(root, GOOD)
    note = f"search exit {code}, then --rebuild exit {rebuilt}{': ' + rebuild_err.strip()[:60] if rebuild_err else ''}"
    return Outcome(f"damaged index: {name}", said and rebuilt == 0, lost, note)


def interrupt_cases(workdir: Path) -> list[Outcome]:
    """Ctrl-C while the workers start; the index folder deleted under an open archive; a failed command's folder."""
    root = workdir / "archive"
    write_parts(root, 100, 2)

    def interrupted_start(self: workers.Workers) -> None:
        """Start the first worker only, then be interrupted."""
        self.processes[0].start()
        self.running.add(0)
        raise KeyboardInterrupt

    with patched(workers.Workers, "start", interrupted_start):
        code, err = command(["index", str(root), "--jobs", "2"])
    outcomes = [Outcome("Ctrl-C while the workers start", code == 130 and "internal" not in err, note=f"exit {code}")]
    with open_archive(root) as archive:
        archive.update(jobs=1)
        shutil.rmtree(archive.index_dir)
        try:
            summary = archive.update(jobs=1)
            survived, note = summary.total == 100, f"{summary.total} indexed again"
        except Exception as failure:  # noqa: BLE001 - a crash is what the report counts
            survived, note = False, f"CRASHED: {type(failure).__name__}: {failure}"
    outcomes.append(Outcome("the index folder deleted under an open archive", survived, note=note))
    empty = workdir / "empty.jsonl"
    empty.write_bytes(b"")
    code, _ = command(["search", str(empty), "vass"])
    left = cache_index_dir(empty).exists()
    outcomes.append(
        Outcome("a failed command's index folder", code == 1 and not left, note=f"exit {code}, left: {left}")
    )
    return outcomes


def output_cases(workdir: Path) -> list[Outcome]:
    """stdout that cannot hold a character, is closed, full, or read by `head`: one line or quiet, the right code."""
    root = workdir / "archive"
    write_articles(root, range(GOOD))
    command(["index", str(root), "--jobs", "1"])
    newsbrowse = f"{shlex.quote(sys.executable)} -m newsbrowse"
    show = f"{newsbrowse} show {shlex.quote(str(root))} good/story-00001.txt"
    cases = {
        "a Latin-1 terminal": (f"PYTHONIOENCODING=latin-1 {show}", 0, ""),
        "--json in the C locale": (f"LC_ALL=C PYTHONUTF8=0 {show} --json", 0, ""),
        "a closed stdout": (f"{show} >&-", 1, "standard output is closed"),
        "a full stdout": (f"{show} > /dev/full", 1, "No space left on device"),
        "a reader gone (| head)": (f"{newsbrowse} search {shlex.quote(str(root))} vass | true", 0, ""),
    }
    outcomes = []
    for name, (line, expected, phrase) in cases.items():
        # The pipeline's status is the first command's (bash's PIPESTATUS), whatever the reader did.
        script = f"{line}; exit ${{PIPESTATUS[0]}}"
        done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False)
        clear = done.returncode == expected and (phrase in done.stderr if phrase else done.stderr == "")
        note = f"exit {done.returncode}: {done.stderr.strip()[:60]}"
        outcomes.append(Outcome(f"output: {name}", clear and "internal error" not in done.stderr, note=note))
    return outcomes


def crash_resume(workdir: Path, articles: int, runs: int) -> dict[str, int]:
    """Kill a build `runs` times at random moments, run it to the end, and count what each part holds."""
    root = workdir / "archive"
    write_parts(root, articles, 4)
    started = time.monotonic()
    kills = kill_at_random(root, runs, outliver_wait=5)
    with open_archive(root) as archive:
        archive.update(jobs=2)
        whoosh, stored = counts(archive.index_dir)
        in_whoosh, in_store = stored_ids(archive.index_dir)
    files = {path.relative_to(root).as_posix() for path in root.rglob("*.txt")}
    return {
        "runs": kills.runs,
        "killed": kills.killed,
        "worker processes left behind by killed runs": kills.outlivers,
        "whoosh": whoosh,
        "sqlite": stored,
        "files on disk": len(files),
        "ids differing": len((in_whoosh ^ files) | (in_store ^ files)),
        "seconds": round(time.monotonic() - started),
    }


def in_workdir(action: Callable[[Path], T]) -> T:
    """Run an action in a fresh scratch folder, removed afterwards."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        return action(Path(scratch))


def main_report() -> int:
    """Run the matrix and print the figures; exit 1 if any case did not survive or lost anything."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=8, help="builds killed in the crash-resume run (default 8)")
    parser.add_argument("--articles", type=int, default=2000, help="articles in the crash-resume archive")
    options = parser.parse_args()
    outcomes: list[Outcome] = []
    for case in CASES:
        outcomes.append(in_workdir(functools.partial(file_case, name=case.name, cases=[case])))
    outcomes.append(in_workdir(functools.partial(file_case, name="all hostile files in one archive", cases=CASES)))
    outcomes += in_workdir(query_cases)
    outcomes += in_workdir(usage_cases)
    outcomes += [in_workdir(functools.partial(damage_case, name=name)) for name in DAMAGE]
    outcomes += in_workdir(output_cases)
    outcomes += in_workdir(interrupt_cases)
    outcomes.append(in_workdir(disk_full_case))
    width = max(len(outcome.name) for outcome in outcomes)
    for outcome in outcomes:
        status = "survived" if outcome.survived else "FAILED  "
        lost = f" LOST: {', '.join(outcome.lost)}" if outcome.lost else " lost: nothing"
        print(f"  {outcome.name:<{width}}  {status}{lost}  ({outcome.note})")
    survived = sum(outcome.survived for outcome in outcomes)
    lost_any = sum(bool(outcome.lost) for outcome in outcomes)
    print(f"== cases tried: {len(outcomes)}; survived: {survived}; cases that lost something: {lost_any}")
    resume = in_workdir(functools.partial(crash_resume, articles=options.articles, runs=options.kills))
    print("== crash-resume: " + ", ".join(f"{key} {value:,}" for key, value in resume.items()))
    consistent = resume["whoosh"] == resume["sqlite"] == resume["files on disk"] and not resume["ids differing"]
    shutil.rmtree(OUT, ignore_errors=True)
    return 0 if survived == len(outcomes) and not lost_any and consistent else 1


if __name__ == "__main__":
    raise SystemExit(main_report())
