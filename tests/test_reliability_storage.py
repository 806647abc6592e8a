"""A read-only archive, a read-only index folder, a full disk: the old index stays usable and the message says so.

The real cases run in a private mount namespace (`unshare -Urm`): a read-only bind mount and a
small tmpfs give the kernel's own EROFS and ENOSPC, with nothing mounted outside the test. Where
namespaces are not allowed those tests are skipped; the injected failures below always run.
"""

from __future__ import annotations

import errno
import functools
import json
import shlex
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_helpers import stored_ids, write_articles

import newsbrowse.build.pipeline as pipeline
from newsbrowse import open_archive
from newsbrowse.cli import main
from newsbrowse.index.internals import write_batch
from newsbrowse.store import Store

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs


def _namespaces() -> bool:
    """Whether this user may make user and mount namespaces."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-Urm", "true"], capture_output=True, check=False).returncode == 0


needs_namespaces = pytest.mark.skipif(not _namespaces(), reason="needs user and mount namespaces (unshare -Urm)")
NEWSBROWSE = f"{shlex.quote(sys.executable)} -m newsbrowse"


def in_private_mounts(script: str) -> dict[str, str]:
    """Run a shell script in a private mount namespace; `name=value` lines it prints, as a dict."""
    done = subprocess.run(
        ["unshare", "-Urm", "sh", "-ec", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under a folder with its size and mtime."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def on_disk(root: Path) -> set[str]:
    """The article ids of the text files on disk."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*.txt")}


@needs_namespaces
def test_a_read_only_archive_is_indexed_in_the_cache(tmp_path: Path) -> None:
    """A folder on a read-only mount: indexed into the user cache, the folder untouched."""
    archive = tmp_path / "archive"
    write_articles(archive, range(12))
    before = snapshot(archive)
    out = tmp_path / "out.json"
    found = in_private_mounts(
        f"mount --bind {archive} {archive}; mount -o remount,bind,ro {archive}\n"
        f"{NEWSBROWSE} index {archive} --jobs 1 --json > {out} 2> {tmp_path / 'err'} && echo index=0 || echo index=$?\n"
        f"{NEWSBROWSE} search {archive} vass --limit 1 > /dev/null 2>&1 && echo search=0 || echo search=$?\n"
    )
    assert found == {"index": "0", "search": "0"}, (tmp_path / "err").read_text()
    summary = json.loads(out.read_text())
    assert summary["total"] == 12 and summary["index_dir"].startswith(str(Path.home()))
    assert snapshot(archive) == before


@needs_namespaces
def test_a_read_only_index_folder_is_still_searched(tmp_path: Path) -> None:
    """An index on a read-only mount: searches answer from it; `index` says the folder is read-only."""
    archive = tmp_path / "archive"
    write_articles(archive, range(12))
    index_dir = tmp_path / "index"
    assert main(["index", str(archive), "--index-dir", str(index_dir), "--jobs", "1", "--json"]) == 0
    err = tmp_path / "err"
    found = in_private_mounts(
        f"mount --bind {index_dir} {index_dir}; mount -o remount,bind,ro {index_dir}\n"
        f"{NEWSBROWSE} search {archive} vass --index-dir {index_dir} > /dev/null 2> {err}"
        " && echo search=0 || echo search=$?\n"
        f"{NEWSBROWSE} index {archive} --index-dir {index_dir} > /dev/null 2>> {err} && echo index=0 || echo index=$?\n"
    )
    assert found == {"search": "0", "index": "1"}, err.read_text()
    assert "read-only" in err.read_text().splitlines()[-1]


@needs_namespaces
@pytest.mark.parametrize("free_kb", [48, 400])
def test_a_full_disk_keeps_the_old_index_usable(tmp_path: Path, free_kb: int) -> None:
    """The index on a small tmpfs that fills up while 300 new articles are written.

    The build stops with one line about space; a search still answers from the old index;
    once space is freed, the next build completes and whoosh == SQLite == the files on disk.
    """
    archive = tmp_path / "archive"
    write_articles(archive, range(30))
    old = tmp_path / "old-index"
    assert main(["index", str(archive), "--index-dir", str(old), "--jobs", "1", "--json"]) == 0
    write_articles(archive, range(30, 330), folder="new")
    index_dir, kept, err = tmp_path / "index", tmp_path / "kept", tmp_path / "err"
    index_dir.mkdir()
    found = in_private_mounts(
        f"mount -t tmpfs -o size=16m tmpfs {index_dir}; cp -a {old}/. {index_dir}/\n"
        f"avail=$(df -k --output=avail {index_dir} | tail -1)\n"
        f"head -c $(( (avail - {free_kb}) * 1024 )) /dev/zero > {index_dir}/filler || true\n"
        f"{NEWSBROWSE} index {archive} --index-dir {index_dir} --jobs 1 > /dev/null 2> {err}"
        " && echo full=0 || echo full=$?\n"
        f"{NEWSBROWSE} search {archive} harbour --index-dir {index_dir} --limit 1 --json"
        f" > {tmp_path / 'search.json'} 2>> {err} && echo search=0 || echo search=$?\n"
        f"rm {index_dir}/filler\n"
        f"{NEWSBROWSE} index {archive} --index-dir {index_dir} --jobs 1 > /dev/null 2>> {err}"
        " && echo freed=0 || echo freed=$?\n"
        f"cp -a {index_dir}/. {kept}/\n"
    )
    errors = err.read_text()
    assert found == {"full": "1", "search": "0", "freed": "0"}, errors
    first = errors.splitlines()[0]
    assert first.startswith("newsbrowse: error: no space left on the disk") and "Traceback" not in errors
    assert json.loads((tmp_path / "search.json").read_text())["total"] >= 30
    in_whoosh, in_store = stored_ids(kept)
    assert in_whoosh == in_store == on_disk(archive)


@pytest.mark.parametrize("where", ["index", "store"])
def test_an_injected_disk_full_error_then_recovery(
    tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ENOSPC from the whoosh writer, or SQLite's 'disk is full', in the middle of a build: one line, old index kept."""
    archive = tmp_path / "archive"
    write_articles(archive, range(30))
    assert main(["index", str(archive), "--jobs", "1", "--json"]) == 0
    write_articles(archive, range(30, 90), folder="new")
    monkeypatch.setattr(pipeline, "FIRST_BATCH", 10)
    disk = {"writes": 0, "full": True}

    def write(real: Callable[..., object], *args: object, **kwargs: object) -> object:
        """The real write, until the disk fills up at the third."""
        disk["writes"] += 1
        if disk["full"] and disk["writes"] >= 3:
            if where == "index":
                raise OSError(errno.ENOSPC, "No space left on device", "whoosh/MAIN_x.seg")
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kwargs)

    if where == "index":
        monkeypatch.setattr(pipeline, "write_batch", functools.partial(write, write_batch))
    else:
        real_put = Store.put_file
        monkeypatch.setattr(Store, "put_file", lambda self, *args: write(real_put, self, *args))
    capsys.readouterr()
    assert main(["index", str(archive), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsbrowse: error: no space left on the disk") and err.count("\n") == 1
    assert main(["search", str(archive), "vass", "--limit", "1"]) == 0
    searched = capsys.readouterr()
    assert "not updating the index" in searched.err and "result(s) for 'vass'" in searched.out
    disk["full"] = False  # space freed
    with open_archive(archive) as opened:
        summary = opened.update(jobs=1)
        index_dir = opened.index_dir
    assert summary.total == 90
    in_whoosh, in_store = stored_ids(index_dir)
    assert in_whoosh == in_store == on_disk(archive)
