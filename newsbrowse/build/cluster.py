"""Reading, cleaning and extraction on a Dask cluster (`index --cluster`, the optional extra newsbrowse[cluster]).

The cluster's workers run `read_file` on chunks of the archive's files and send back the
articles with their entities, quotes and sentences; this process (the build's one writer)
takes them in the order of the files, gives them their store rows and writes the store and
the index exactly as a build in one process does, so both give the same store and index.
Workers read the files themselves: they need newsbrowse installed and the archive at the
same path (a shared file system; always true of `local:N`). A worker lost mid-build costs
nothing: Dask runs its unfinished chunks again on the others, and nothing is stored before
its chunk's results are here.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Generator, Iterable
from importlib.metadata import version
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from newsbrowse.build.process import FileUnnumbered, Task, read_file
from newsbrowse.errors import IndexStoreError, UsageError

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

LOCAL = "local:"
# Connecting to a scheduler gives up after this long (a LocalCluster's workers get longer to start).
CONNECT_S = 10
LOCAL_START_S = 120
# Chunks in flight per worker thread: enough to keep each busy while this process writes.
IN_FLIGHT = 4


def _said(err: BaseException) -> str:
    """An error from Dask in one line: its type and the first line of its message."""
    lines = str(err).splitlines()
    return f"{type(err).__name__}: {lines[0]}" if lines else type(err).__name__


def _workers_view(archive: str) -> tuple[str, bool]:
    """On a worker (and here): its newsbrowse version, and whether it sees the archive's folder."""
    return version("newsbrowse"), Path(archive).is_dir()


def read_chunk(tasks: list[Task]) -> list[FileUnnumbered]:
    """On a worker: read, clean and extract a chunk of files, into store rows and index documents."""
    return [read_file(task).unnumbered() for task in tasks]


class ClusterReader:
    """A connection to a Dask cluster (or a LocalCluster it starts) that reads chunks of files, in order."""

    def __init__(self, address: str, archive: Path) -> None:
        self.address = address
        self.archive = archive
        self.client: Client | None = None
        self.local: LocalCluster | None = None

    def __enter__(self) -> ClusterReader:
        """Connect (or start the local cluster) and check that the workers can read the archive."""
        try:
            self._connect()
            self._check_workers()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Disconnect (and stop a local cluster)."""
        self.close()

    def _connect(self) -> None:
        """The client, connected; UsageError naming the address if it cannot be."""
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--cluster needs the optional Dask support: pip install 'newsbrowse[cluster]'") from None
        if self.address.startswith(LOCAL):
            count = self.address.removeprefix(LOCAL)
            if not count.isdigit() or not 1 <= int(count) <= 256:
                raise UsageError(f"--cluster {self.address}: give local:N with N workers, from 1 to 256 (e.g. local:4)")
            try:
                # Bound to this machine only; the dashboard (if bokeh is installed) on a free port.
                self.local = LocalCluster(
                    n_workers=int(count),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=":0",
                    silence_logs=logging.ERROR,
                    timeout=LOCAL_START_S,
                )
            except (OSError, RuntimeError, TimeoutError) as err:
                raise IndexStoreError(
                    f"--cluster {self.address}: the local Dask cluster did not start ({err})"
                ) from None
            self.client = Client(self.local, timeout=LOCAL_START_S)
            return
        try:
            self.client = Client(self.address, timeout=CONNECT_S)
        except (OSError, TimeoutError, ValueError, TypeError) as err:
            raise UsageError(
                f"--cluster {self.address}: cannot reach a Dask scheduler there ({_said(err)}); "
                "give its address as tcp://HOST:PORT, or local:N for N workers on this machine"
            ) from None

    def _check_workers(self) -> None:
        """UsageError unless every worker runs this newsbrowse version and sees the archive."""
        assert self.client is not None
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_S)
            views: dict[str, tuple[str, bool]] = self.client.run(_workers_view, str(self.archive))
        except Exception as err:  # noqa: BLE001 - whatever the workers say, it is said in one line
            raise UsageError(
                f"--cluster {self.address}: the cluster's workers cannot run newsbrowse "
                f"({_said(err)}); "
                "install newsbrowse[cluster] on every worker, at this version"
            ) from None
        here = version("newsbrowse")
        for worker, (theirs, sees) in sorted(views.items()):
            if theirs != here:
                raise UsageError(
                    f"--cluster {self.address}: worker {worker} runs newsbrowse {theirs}, this is {here}; "
                    "install the same version on every worker"
                )
            if not sees:
                raise UsageError(
                    f"--cluster {self.address}: worker {worker} cannot see the archive at {self.archive}; "
                    "the workers need it at the same path (a shared file system)"
                )

    def threads(self) -> int:
        """How many chunks the cluster can work on at once."""
        assert self.client is not None
        threads: dict[str, int] = self.client.nthreads()
        return max(1, sum(threads.values()))

    def read(self, chunks: Iterable[list[Task]]) -> Generator[FileUnnumbered]:
        """Every file's records, in the order of the chunks, while the next chunks are read on the cluster.

        Closing the iterator early (a cancelled build) cancels the chunks still in flight.
        IndexStoreError if the cluster itself fails (its scheduler gone, a chunk that kills
        every worker it runs on).
        """
        assert self.client is not None
        from distributed import KilledWorker
        from distributed.client import FutureCancelledError

        pending = iter(chunks)
        flight: deque[Future[list[FileUnnumbered]]] = deque()
        try:
            in_flight = self.threads() * IN_FLIGHT
            while True:
                while len(flight) < in_flight:
                    chunk = next(pending, None)
                    if chunk is None:
                        break
                    flight.append(self.client.submit(read_chunk, chunk, pure=False))
                if not flight:
                    return
                yield from flight.popleft().result()
        except (KilledWorker, FutureCancelledError, OSError, TimeoutError) as err:
            flight.clear()  # nothing left to cancel on a cluster that is gone
            raise IndexStoreError(
                f"the Dask cluster at {self.address} failed ({_said(err)}); what was committed is kept: run again"
            ) from None
        finally:
            if flight:  # a build stopped early: the chunks still queued are not needed
                self.client.cancel(list(flight))

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this started one."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.local is not None:
            self.local.close()
            self.local = None
