"""Helpers for the reliability tests and benchmarks/reliability_report.py: small articles and hostile files.

Every good article carries a token of its own (`token(n)`), so a search proves it was indexed.
Each hostile case writes its files into an archive folder and says which good articles it
holds (they must be indexed) and which skip reasons it must leave in the build's summary.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from whoosh.index import open_dir

from newsbrowse.ingest import SourceFile

MB = 1024 * 1024


def token(number: int) -> str:
    """The word only article `number` contains."""
    return f"zqx{number:05d}"


def article_text(number: int) -> str:
    """A short dated text article naming a person, with a quote and its own token."""
    return (
        f"Harbour council meets, part {number}\n\n"
        f"May {1 + number % 28}, 2021 - 10:{number % 60:02d}\n\n"
        f"Councillor Ingrid Vass opened the session on the harbour works in Lindvik.\n\n"
        f"\u201cWe will finish the pier this year,\u201d Vass said. The reference is {token(number)}.\n"
    )


def article_html(number: int) -> str:
    """The same article as a small web page."""
    title, _, first, second = article_text(number).strip().split("\n\n")
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1><p>{first}</p><p>{second}</p></article></body></html>"
    )


def write_parts(root: Path, count: int, parts: int) -> None:
    """`count` articles in `parts` folders (part0, part1, ...)."""
    for part in range(parts):
        write_articles(root, range(part * count // parts, (part + 1) * count // parts), folder=f"part{part}")


def write_articles(root: Path, numbers: range, folder: str = "good") -> list[str]:
    """Text articles `numbers` under root/folder; their relpaths."""
    (root / folder).mkdir(parents=True, exist_ok=True)
    relpaths = []
    for number in numbers:
        relpath = f"{folder}/story-{number:05d}.txt"
        (root / relpath).write_text(article_text(number), encoding="utf-8")
        relpaths.append(relpath)
    return relpaths


def warc_records(numbers: list[int], gzipped: bool = True) -> list[bytes]:
    """One WARC response record per article, each written on its own (a gzip member each when gzipped)."""
    records = []
    for number in numbers:
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=gzipped)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        payload = io.BytesIO(article_html(number).encode())
        uri = f"https://news.example.org/{number}"
        writer.write_record(writer.create_warc_record(uri, "response", payload=payload, http_headers=http))
        records.append(out.getvalue())
    return records


def flip_middle(data: bytes) -> bytes:
    """The bytes with twenty in their middle inverted."""
    damaged = bytearray(data)
    for at in range(len(damaged) // 2, len(damaged) // 2 + 20):
        damaged[at] ^= 0xFF
    return bytes(damaged)


@dataclass
class Case:
    """A hostile file (or files) among good ones: what it holds that must be indexed, what must be reported."""

    name: str
    write: Callable[[Path, int], None]  # (archive root, first free article number)
    good: int = 0  # articles in it that must be indexed, numbered from the number given to write
    reasons: dict[str, str] = field(default_factory=dict)  # skipped path -> a pattern its reason must match
    # What happens to a file (by relpath) just before the build reads it.
    before_read: dict[str, Callable[[Path], None]] = field(default_factory=dict)


def _binary(root: Path, first: int) -> None:
    (root / "junk").mkdir()
    (root / "junk/random.html").write_bytes(random.Random(1).randbytes(20_000))


EMPTY_FILES = ("page.html", "dump.txt", "one.json", "feed.jsonl", "crawl.warc.gz")


def _empty(root: Path, first: int) -> None:
    (root / "empty").mkdir()
    for name in EMPTY_FILES:
        (root / "empty" / name).write_bytes(b"")


def _truncated_gz(root: Path, first: int) -> None:
    data = gzip.compress(article_html(first).encode() * 20)
    (root / "page.html.gz").write_bytes(data[: len(data) // 2])


def _truncated_warc(root: Path, first: int) -> None:
    records = warc_records([first, first + 1, first + 2])
    data = b"".join(records)
    (root / "cut.warc.gz").write_bytes(data[: len(data) - len(records[2]) // 2])


def _warc_bad_middle(root: Path, first: int) -> None:
    records = warc_records([first, first + 1, 99_000 + first, first + 2, first + 3])
    records[2] = flip_middle(records[2])
    (root / "damaged.warc.gz").write_bytes(b"".join(records))


def _jsonl(root: Path, first: int) -> None:
    good = [json.dumps({"title": f"Wire {n}", "body": article_text(n)}) for n in range(first, first + 3)]
    lines = [good[0], '{"title": "broken", "body": ', good[1], "[1, 2, 3]", '{"title": "no body"}', good[2]]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _invalid_utf8(root: Path, first: int) -> None:
    text = article_text(first).replace("Lindvik", "Lindvik caf\xe9 \u201cpier\u201d")
    (root / "legacy.txt").write_bytes(text.encode("cp1252") + b"\xff\xfe stray bytes \x81\n")


def _too_large(root: Path, first: int) -> None:
    with open(root / "huge.html", "wb") as handle:
        handle.truncate(21 * MB)  # sparse: the size is what counts


def _nested(root: Path, first: int) -> None:
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{article_text(first)}</p>" + "</div>" * 10_000 + "</body></html>"
    (root / "nested.html").write_text(page, encoding="utf-8")


def _one_line(root: Path, first: int) -> None:
    filler = "the harbour works went on through the night and the pier grew longer "
    body = filler * (5 * MB // len(filler)) + token(first)
    head = f"<html><head><title>One long line {first}</title></head>"
    page = f"{head}<body><article><p>{body}</p></article></body></html>"
    (root / "oneline.html").write_text(page, encoding="utf-8")


def _symlink_loop(root: Path, first: int) -> None:
    (root / "loop").mkdir()
    (root / "loop/again").symlink_to("..")
    (root / "loop/self.html").symlink_to("self.html")


def _unreadable(root: Path, first: int) -> None:
    path = root / "locked.html"
    path.write_text(article_html(first), encoding="utf-8")
    path.chmod(0)


def _nested_json(root: Path, first: int) -> None:
    (root / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")


def _gzip_bomb(root: Path, first: int) -> None:
    (root / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b" " * (25 * MB) + b"</p>", compresslevel=9))


def _fifo(root: Path, first: int) -> None:
    os.mkfifo(root / "pipe.html")


def _bad_name(root: Path, first: int) -> None:
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb") as handle:
        handle.write(article_text(first).encode())


def _not_a_warc(root: Path, first: int) -> None:
    (root / "page.warc").write_text(article_html(first), encoding="utf-8")


def _vanishing(root: Path, first: int) -> None:
    (root / "vanishing.txt").write_text(article_text(first), encoding="utf-8")


def _vanish(path: Path) -> None:
    path.unlink()


def _changing(root: Path, first: int) -> None:
    (root / "changing.txt").write_text(article_text(first).replace(token(first), "zqxstale"), encoding="utf-8")


def _change(path: Path) -> None:
    number = int(path.read_text(encoding="utf-8").split("part ")[1].split("\n")[0])
    path.write_text(article_text(number) + "\nA line added while the build ran.\n", encoding="utf-8")


def _outside(root: Path) -> Path:
    """A folder beside the archive holding a private file (what links must not reach)."""
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("Private notes\n\nThe password is zqxsecret.\n", encoding="utf-8")
    return outside


def _link_out(root: Path, first: int) -> None:
    (root / "leak.txt").symlink_to(_outside(root) / "secret.txt")


def _folder_link_out(root: Path, first: int) -> None:
    (root / "etc").symlink_to(_outside(root), target_is_directory=True)


def _environ_link(root: Path, first: int) -> None:
    (root / "environ.txt").symlink_to("/proc/self/environ")


def _huge_number(root: Path, first: int) -> None:
    lines = [
        json.dumps({"title": f"Wire {first}", "body": article_text(first)}),
        '{"title": "count", "body": "A number.", "n": ' + "7" * 5000 + "}",
        json.dumps({"title": f"Wire {first + 1}", "body": article_text(first + 1)}),
    ]
    (root / "numbers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _zero_warc(root: Path, first: int) -> None:
    with open(root / "preallocated.warc", "wb") as handle:
        handle.write(b"\0" * (3 * MB))


def _zero_hole(root: Path, first: int) -> None:
    before, after = warc_records([first, first + 1], gzipped=False)
    (root / "resumed.warc").write_bytes(before + b"\0" * (3 * MB) + after)


def _claims_10_gb(root: Path, first: int) -> None:
    records = warc_records([first, 99_000 + first, first + 1], gzipped=False)
    records[1] = re.sub(rb"Content-Length: \d+", b"Content-Length: 10737418240", records[1], count=1)
    (root / "claims.warc").write_bytes(b"".join(records))


def _blank_line_bomb(root: Path, first: int) -> None:
    packer = zlib.compressobj(9, wbits=31)
    with open(root / "blank.jsonl.gz", "wb") as handle:
        for _ in range(5):
            handle.write(packer.compress(b"\n" * (16 * MB)))
        handle.write(packer.flush())


def _tiny_paragraphs(root: Path, first: int) -> None:
    (root / "tiny.txt").write_text("Ab cd.\n\n" * 25_000, encoding="utf-8")


def _one_overlong_line(root: Path, first: int) -> None:
    (root / "overlong.jsonl").write_text('{"body": "' + "y" * (21 * MB) + '"}\n', encoding="utf-8")


def _bidi_name(root: Path, first: int) -> None:
    (root / "report\u202etxt.html").write_text(article_html(first), encoding="utf-8")


def _swapped(root: Path, first: int) -> None:
    (root / "swapped.txt").write_text(article_text(first), encoding="utf-8")


def _swap_for_a_pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


CASES: list[Case] = [
    Case("random binary named .html", _binary, reasons={"junk/random.html": "binary data"}),
    Case(
        "empty files",
        _empty,
        reasons={f"empty/{name}": "empty" for name in EMPTY_FILES},
    ),
    Case("truncated .gz", _truncated_gz, reasons={"page.html.gz": "truncated gzip"}),
    Case("truncated .warc.gz", _truncated_warc, good=2, reasons={"cut.warc.gz": "truncated"}),
    Case("WARC with a bad record in the middle", _warc_bad_middle, good=4, reasons={"damaged.warc.gz#3": "damaged"}),
    Case(
        "malformed JSONL lines",
        _jsonl,
        good=3,
        reasons={"wire.jsonl#2": "invalid JSON", "wire.jsonl#4": "not a JSON object", "wire.jsonl#5": "no article"},
    ),
    Case("invalid UTF-8", _invalid_utf8, good=1),
    Case("a file over 20 MB", _too_large, reasons={"huge.html": "larger than 20 MB"}),
    Case("10,000 levels of nested HTML", _nested, good=1),
    Case("a 5 MB page on one line", _one_line, good=1),
    Case("a symlink loop", _symlink_loop, reasons={"loop/self.html": "symbolic link loop"}),
    Case("an unreadable file", _unreadable, reasons={"locked.html": "permission denied"}),
    Case("JSON nested 200,000 deep", _nested_json, reasons={"deep.json": "nested too deeply"}),
    Case("a gzip bomb", _gzip_bomb, reasons={"bomb.html.gz": "decompresses to larger than"}),
    Case("a named pipe", _fifo, reasons={"pipe.html": "not a regular file"}),
    Case("a file name that is not UTF-8", _bad_name, reasons={"caf\ufffd.txt": "not valid UTF-8"}),
    Case("HTML saved as .warc", _not_a_warc, reasons={"page.warc": "WARC"}),
    Case(
        "a file that vanishes during the build",
        _vanishing,
        reasons={"vanishing.txt": "vanished|No such file"},
        before_read={"vanishing.txt": _vanish},
    ),
    Case("a file that changes during the build", _changing, good=1, before_read={"changing.txt": _change}),
    Case("a link to a file outside the archive", _link_out, reasons={"leak.txt": "link points outside the archive"}),
    Case("a link to a folder outside the archive", _folder_link_out, reasons={"etc": "link points outside"}),
    Case("a link to /proc/self/environ", _environ_link, reasons={"environ.txt": "link points outside"}),
    Case("a file swapped for a pipe after the walk", _swapped, reasons={"swapped.txt": "not a regular file"},
         before_read={"swapped.txt": _swap_for_a_pipe}),
    Case("a 5,000-digit number on a JSON line", _huge_number, good=2, reasons={"numbers.jsonl#2": "digits"}),
    Case("a 3 MB zero-filled WARC", _zero_warc, reasons={"preallocated.warc": "zero bytes"}),
    Case("3 MB of zeros between WARC records", _zero_hole, good=2, reasons={"resumed.warc": "zero bytes"}),
    Case("a WARC record claiming 10 GB", _claims_10_gb, good=2, reasons={"claims.warc#2": "Content-Length .*past"}),
    Case("a blank-line gzip bomb", _blank_line_bomb, reasons={"blank.jsonl.gz": "^decompresses to more than"}),
    Case("25,000 tiny paragraphs", _tiny_paragraphs, reasons={"tiny.txt": "more than 20,000 paragraphs"}),
    Case("a JSON-lines file of one overlong line", _one_overlong_line, reasons={"overlong.jsonl#1": "larger than"}),
    Case("a bidirectional override in a file name", _bidi_name, reasons={"report?txt.html": "control characters"}),
]  # fmt: skip


# Damage to an index folder, as it happens to people (the disk, an editor, a hand that meant well).


def _index(root: Path) -> Path:
    """The archive's index folder."""
    return root / ".newsbrowse"


def truncate_store(root: Path) -> None:
    os.truncate(_index(root) / "store.sqlite3", 5000)


def overwrite_header(root: Path) -> None:
    with open(_index(root) / "store.sqlite3", "r+b") as handle:
        handle.write(b"GARBAGE" * 4)


def garbage_in_the_middle(root: Path) -> None:
    store = _index(root) / "store.sqlite3"
    size = store.stat().st_size
    with open(store, "r+b") as handle:
        # Most of the file, so that whatever the tables' layout the pages a search reads are hit.
        handle.seek(size // 8)
        handle.write(random.Random(9).randbytes(size * 3 // 4))


def _store_is_a_folder(root: Path) -> None:
    (_index(root) / "store.sqlite3").unlink()
    (_index(root) / "store.sqlite3").mkdir()


def _lock_is_a_folder(root: Path) -> None:
    (_index(root) / "build.lock").unlink()
    (_index(root) / "build.lock").mkdir()


def _whoosh_is_a_file(root: Path) -> None:
    shutil.rmtree(_index(root) / "whoosh")
    (_index(root) / "whoosh").write_text("not an index")


def truncate_stored_column(root: Path) -> None:
    (column,) = (_index(root) / "whoosh").glob("*_stored.col")
    os.truncate(column, 100)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "store truncated": truncate_store,
    "store header overwritten": overwrite_header,
    "garbage in the store's middle": garbage_in_the_middle,
    "store replaced by a folder": _store_is_a_folder,
    "lock file replaced by a folder": _lock_is_a_folder,
    "whoosh folder replaced by a file": _whoosh_is_a_file,
    "whoosh stored column truncated": truncate_stored_column,
}


def acting_before_reads(
    root: Path, cases: list[Case], real_hash: Callable[[SourceFile], str]
) -> Callable[[SourceFile], str]:
    """A stand-in for the build's file_hash that first does to each file what its case does just before it is read."""
    actions = {path: action for case in cases for path, action in case.before_read.items()}

    def file_hash(source: SourceFile) -> str:
        """Run the file's pending action, if any, then hash it."""
        action = actions.pop(source.path.relative_to(root).as_posix(), None)
        if action is not None:
            action(source.path)
        return real_hash(source)

    return file_hash


def deny_access_to(*names: str) -> Callable[[str | os.PathLike[str], int], bool]:
    """os.access that refuses files with these names (root may read anything, so chmod alone proves nothing)."""
    real_access = os.access

    def access(path: str | os.PathLike[str], mode: int) -> bool:
        """False for the named files, else the real answer."""
        return not os.fspath(path).endswith(names) and real_access(path, mode)

    return access


def counts(index_dir: Path) -> tuple[int, int]:
    """(documents in whoosh, articles in SQLite) of an index folder, read without newsbrowse."""
    whoosh = open_dir(str(index_dir / "whoosh")).doc_count()
    with sqlite3.connect(f"file:{index_dir / 'store.sqlite3'}?mode=ro", uri=True) as db:
        stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    return whoosh, stored


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m newsbrowse ARGS` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "newsbrowse", *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def session_processes(session: int) -> list[int]:
    """The pids of the live processes in a session (a build started with start_new_session=True and its workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, session; zombies are already dead.
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry))
    return found


def start_build(archive: Path, *options: str) -> subprocess.Popen[str]:
    """`newsbrowse index ARCHIVE --progress jsonl` in a session of its own (so its workers can be found)."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsbrowse", "index", str(archive), "--progress", "jsonl", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def stored_ids(index_dir: Path) -> tuple[set[str], set[str]]:
    """The article ids in whoosh and in SQLite, read without newsbrowse."""
    index = open_dir(str(index_dir / "whoosh"))
    with index.searcher() as searcher:
        in_whoosh = {fields["id"] for fields in searcher.all_stored_fields()}
    with sqlite3.connect(f"file:{index_dir / 'store.sqlite3'}?mode=ro", uri=True) as db:
        in_store = {row[0] for row in db.execute("SELECT id FROM articles")}
    return in_whoosh, in_store


def outlivers(session: int, timeout: float = 10) -> list[int]:
    """The processes of a killed build's session still alive after `timeout` s; they are then killed (by pid)."""
    deadline = time.monotonic() + timeout
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


@dataclass
class Kills:
    """What a series of builds killed at random moments came to."""

    runs: int = 0
    killed: int = 0
    outlivers: int = 0  # worker processes still alive after their build was killed (then killed too)
    codes: list[int] = field(default_factory=list)


def kill_at_random(archive: Path, runs: int, outliver_wait: float = 1) -> Kills:
    """Start `runs` builds in turn (one, then two workers), each killed with SIGKILL at a random moment unless done."""
    rng = random.Random(20210521)
    kills = Kills(runs)
    for run in range(runs):
        build = start_build(archive, "--jobs", str(1 + run % 2))
        time.sleep(rng.uniform(0.2, 2.0))
        if build.poll() is None:
            build.send_signal(signal.SIGKILL)
            kills.killed += 1
        kills.codes.append(build.wait())
        kills.outlivers += len(outlivers(build.pid, timeout=outliver_wait))
    return kills
