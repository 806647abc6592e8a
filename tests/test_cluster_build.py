"""The build on a Dask cluster (`index --cluster`): the same store, row for row, and the same search results as a
build in one process; a worker lost mid-build loses nothing; updates stay incremental; bad addresses say so."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from newsbrowse.archive import open_archive
from newsbrowse.build import pipeline
from newsbrowse.build.cluster import ClusterReader
from newsbrowse.cli import main
from newsbrowse.errors import IndexStoreError, UsageError
from newsbrowse.location import STORE_NAME
from newsbrowse.model import BuildProgress
from tests.reliability_helpers import article_html, token, write_articles

pytestmark = pytest.mark.slow  # starts a cluster of worker processes

SAMPLE = Path(__file__).resolve().parents[1] / "sample_archive"
QUERIES = ["harbour", "vass", '"harbour works"', "iran OR turkey", "person:ulyanov", "date:2021-05", token(7)]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Client]:
    """A LocalCluster of two single-threaded worker processes, and a client of it."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        ) as local,
        Client(local) as client,
    ):
        yield client


def _archive(root: Path) -> Path:
    """The sample archive, with 100 text articles and 20 pages of our own (chunks enough to spread)."""
    archive = root / "archive"
    shutil.copytree(SAMPLE, archive)
    write_articles(archive, range(100), folder="text")
    (archive / "pages").mkdir()
    for number in range(100, 120):
        (archive / "pages" / f"page-{number}.html").write_text(article_html(number), encoding="utf-8")
    return archive


def _store_rows(index_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the store, the rowid included, in rowid order."""
    with sqlite3.connect(index_dir / STORE_NAME) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            try:
                rows[table] = db.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
            except sqlite3.OperationalError:  # a table without rowid
                rows[table] = sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    return rows


def _results(archive: Path, index_dir: Path) -> list[list[tuple[str, float, str]]]:
    """Each query's hits: id, score and snippet."""
    with open_archive(archive, index_dir=index_dir) as opened:
        return [[(hit.id, hit.score, hit.snippet) for hit in opened.search(query).hits] for query in QUERIES]


def _build(archive: Path, index_dir: Path, cluster: str | None = None, progress: object = None) -> tuple[int, ...]:
    """Build or update; (added, updated, removed, total)."""
    with open_archive(archive, index_dir=index_dir) as opened:
        summary = opened.update(jobs=1, cluster=cluster, progress=progress)  # type: ignore[arg-type]
    return summary.added, summary.updated, summary.removed, summary.total


def test_cluster_build_equals_local_build(cluster: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same rows (rowids included) in every table, same hits with the same scores and snippets; then an update
    (a file changed, one added, one removed) is incremental on both and leaves them equal again.

    With small batches and early entity merges, so that both builds commit and merge several
    times on the way (the entities' numbering follows the merges).
    """
    monkeypatch.setattr(pipeline, "FIRST_BATCH", 8)
    monkeypatch.setattr(pipeline, "RESOLVE_FIRST", 10)
    archive = _archive(tmp_path)
    address = cluster.scheduler.address
    local_counts = _build(archive, tmp_path / "local")
    cluster_counts = _build(archive, tmp_path / "cluster", address)
    assert cluster_counts == local_counts and local_counts[3] > 120
    assert _store_rows(tmp_path / "cluster") == _store_rows(tmp_path / "local")
    assert _results(archive, tmp_path / "cluster") == _results(archive, tmp_path / "local")
    assert _results(archive, tmp_path / "local")[0]  # the queries find something

    (archive / "text" / "story-00003.txt").write_text("Harbour closed\n\nThe harbour closed today.\n", "utf-8")
    write_articles(archive, range(500, 501), folder="text")
    (archive / "text" / "story-00004.txt").unlink()
    assert _build(archive, tmp_path / "local")[:3] == (1, 1, 1)
    assert _build(archive, tmp_path / "cluster", address)[:3] == (1, 1, 1)
    assert _store_rows(tmp_path / "cluster") == _store_rows(tmp_path / "local")
    assert _results(archive, tmp_path / "cluster") == _results(archive, tmp_path / "local")


def test_a_worker_lost_mid_build_loses_nothing(cluster: Client, tmp_path: Path) -> None:
    """A worker killed (SIGKILL) once the first files are stored: its chunks are read again, the store is whole."""
    archive = _archive(tmp_path)
    _build(archive, tmp_path / "local")
    killed: list[int] = []

    def kill_a_worker(progress: BuildProgress) -> None:
        """At the first files read, kill one worker process (its nanny starts another)."""
        if not killed and progress.phase == "index" and progress.files_done > 0:
            pids: dict[str, int] = cluster.run(os.getpid)
            pid = sorted(pids.values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    _build(archive, tmp_path / "cluster", cluster.scheduler.address, kill_a_worker)
    assert killed and killed[0] not in cluster.run(os.getpid).values()  # it was killed and replaced
    assert _store_rows(tmp_path / "cluster") == _store_rows(tmp_path / "local")
    assert _results(archive, tmp_path / "cluster") == _results(archive, tmp_path / "local")


def test_a_cluster_gone_mid_build_is_one_line_and_keeps_what_was_stored(tmp_path: Path) -> None:
    """The scheduler and its workers shut down once the first files are stored: IndexStoreError in one line,
    the articles committed so far stay, and a local build then finishes the archive."""
    archive = _archive(tmp_path)
    local = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0")
    client = Client(local)
    address = local.scheduler_address

    def shut_down(progress: BuildProgress) -> None:
        """At the first files read, shut the whole cluster down."""
        if progress.phase == "index" and progress.files_done > 0 and client.status == "running":
            client.shutdown()

    try:
        with pytest.raises(IndexStoreError, match=r"^the Dask cluster at .* failed .*run again$"):
            _build(archive, tmp_path / "index", address, shut_down)
    finally:
        client.close()
        local.close()
    assert _build(archive, tmp_path / "index")[3] == _build(archive, tmp_path / "local")[3]
    assert _store_rows(tmp_path / "index")["articles"] == _store_rows(tmp_path / "local")["articles"]


def test_cli_local_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`index --cluster local:2` starts its own cluster and builds what `--jobs 1` builds."""
    archive = _archive(tmp_path)
    assert main(["index", str(archive), "--index-dir", str(tmp_path / "local"), "--jobs", "1"]) == 0
    assert main(["index", str(archive), "--index-dir", str(tmp_path / "cluster"), "--cluster", "local:2"]) == 0
    capsys.readouterr()
    assert _store_rows(tmp_path / "cluster") == _store_rows(tmp_path / "local")


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("tcp://127.0.0.1:9", "cannot reach a Dask scheduler there"),
        ("local:0", "give local:N with N workers"),
        ("local:many", "give local:N with N workers"),
    ],
)
def test_a_bad_address_is_one_clear_line_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str, says: str
) -> None:
    """The error names --cluster and the address, in one line; what was indexed before stays."""
    archive = tmp_path / "archive"
    write_articles(archive, range(3), folder="text")
    assert _build(archive, tmp_path / "index")[3] == 3
    write_articles(archive, range(3, 5), folder="text")
    with pytest.raises(UsageError) as raised:
        _build(archive, tmp_path / "index", address)
    assert str(raised.value).startswith(f"--cluster {address}: ") and says in str(raised.value)
    assert main(["index", str(archive), "--index-dir", str(tmp_path / "index"), "--cluster", address]) == 2
    err = capsys.readouterr().err.strip()
    assert address in err and says in err and len(err.splitlines()) == 1
    with open_archive(archive, index_dir=tmp_path / "index") as opened:
        assert opened.search(token(1)).total == 1 and opened.store.article_count() == 3


def test_workers_that_cannot_see_the_archive_are_named(cluster: Client, tmp_path: Path) -> None:
    """An archive the workers do not have at the same path: one line saying so (here: a path that does not exist)."""
    reader = ClusterReader(cluster.scheduler.address, tmp_path / "not-there")
    with pytest.raises(UsageError, match=r"cannot see the archive at .*same path"), reader:
        pass
    assert reader.client is None  # disconnected on the error
