"""Security: nothing fetched, HTML never run, writes only in the index folder, records cannot point outside the archive.

Builds and commands run in a child interpreter with an audit hook (PEP 578) that records every
socket use, process start and file write; a listener on 127.0.0.1, named by every remote
resource of the test pages, would see any fetch made below Python too (libxml2, for one).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_helpers import article_html, cli, stored_ids
from textual.pilot import Pilot
from tui_helpers import run, search_and_open
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbrowse import open_archive
from newsbrowse.cli import main
from newsbrowse.location import INDEX_DIR_NAME
from newsbrowse.tui.app import NewsbrowseApp
from newsbrowse.tui.widgets import reader as reader_module

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs

SECRET = "TOPSECRETCONTENT"

# Run in the child: record audited events while newsbrowse's main() runs each command, then write them out.
AUDITED = r"""
import json, os, sys
from newsbrowse.cli import main
events, recording = [], [True]
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
MUTATING = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "shutil.rmtree", "os.truncate",
            "os.chmod", "os.symlink", "os.link", "os.utime", "sqlite3.connect", "shutil.move", "shutil.copyfile"}
SPAWNING = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
            "webbrowser.open", "os.startfile")

def path_of(value):
    return os.fsdecode(value) if isinstance(value, (str, bytes, os.PathLike)) else None

def hook(event, args):
    if not recording[0]:
        return
    if event.startswith("socket.") or event.startswith("urllib."):
        events.append(["network", event, repr(args)[:200]])
    elif event.startswith(SPAWNING):
        events.append(["spawn", event, repr(args)[:200]])
    elif event == "open":
        path, mode, flags = args
        path = path_of(path)
        if path is None:
            return
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool((flags or 0) & WRITE_FLAGS)
        events.append(["write" if writes else "read", event, os.path.abspath(path)])
    elif event in MUTATING:
        paths = [os.path.abspath(p) for p in map(path_of, args) if p is not None and p != ":memory:"]
        events.append(["write", event, *paths])

sys.addaudithook(hook)
out, *commands = sys.argv[1:]
codes = [main(json.loads(command)) for command in commands]
recording[0] = False
with open(out, "w", encoding="utf-8") as handle:
    json.dump({"codes": codes, "events": events}, handle)
"""


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A listener that every remote resource in the test pages names."""
    server = Listener()
    yield server
    server.close()


def hostile_archive(root: Path, port: int, secret: Path) -> None:
    """Pages with remote resources, scripts and external entities; records whose metadata points outside."""
    remote = f"http://127.0.0.1:{port}"
    root.mkdir(parents=True)
    (root / "remote.html").write_text(
        f"""<!DOCTYPE html SYSTEM "{remote}/doctype.dtd"><?xml-stylesheet href="{remote}/style.xsl"?>
<html><head><base href="{remote}/"><title>Harbour works resume</title>
<link rel="stylesheet" href="{remote}/site.css"><link rel="preload" href="{remote}/font.woff2">
<link rel="dns-prefetch" href="{remote}"><meta http-equiv="refresh" content="0; url={remote}/next">
<script src="{remote}/app.js"></script><style>@import url("{remote}/more.css");</style>
<script type="application/ld+json">{{"@context": "{remote}/context.jsonld", "@type": "NewsArticle"}}</script>
</head><body onload="fetch('{remote}/onload')"><article><h1>Harbour works resume</h1>
<img src="{remote}/photo.jpg" srcset="{remote}/photo-2x.jpg 2x"><iframe src="{remote}/frame"></iframe>
<p style="background: url({remote}/bg.png)">Councillor Ingrid Vass said the pier would be finished this year.</p>
<video src="{remote}/clip.mp4"></video><object data="{remote}/thing.swf"></object><embed src="{remote}/x.swf">
<svg><image href="{remote}/pic.svg"/></svg><form action="{remote}/post"><input name="q"></form>
<script>document.write("WRITTEN-BY-A-SCRIPT"); new Image().src = "{remote}/beacon";</script>
<p>Work on the second pier starts in <a href="javascript:alert(1)">May</a>.</p></article></body></html>""",
        encoding="utf-8",
    )
    (root / "entities.xhtml").write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY local SYSTEM "file://{secret}"><!ENTITY remote SYSTEM "{remote}/entity">]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ferry timetable changes</title></head>
<body><p>The ferry timetable changes on Monday, the council said. &local; &remote;</p>
<p>Passengers were told to check the times before travelling to the islands.</p></body></html>""",
        encoding="utf-8",
    )
    records = [
        {"title": "Wire one", "body": "The pier opened on Friday.", "url": f"file://{secret}", "path": str(secret)},
        {"title": "Wire two", "body": "The ferry ran late.", "id": "../../etc/passwd", "file": "../secret/x.txt"},
        {"title": "Wire three", "body": "<p>Council met.</p><img src='" + remote + "/w.png'>", "url": remote},
    ]
    (root / "wire.jsonl").write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    for uri, kind in ((f"file://{secret}", "response"), (f"{remote}/page", "response"), (str(secret), "resource")):
        payload = io.BytesIO(article_html(7).encode())
        if kind == "response":
            record = writer.create_warc_record(uri, kind, payload=payload, http_headers=http)
        else:
            record = writer.create_warc_record(uri, kind, payload=payload, warc_content_type="text/html")
        writer.write_record(record)
    (root / "crawl.warc.gz").write_bytes(out.getvalue())


@pytest.fixture()
def setting(tmp_path: Path, listener: Listener) -> tuple[Path, Path]:
    """The hostile archive and, beside it, a secret file its records point at."""
    secret = tmp_path / "secret" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET} do not read\n", encoding="utf-8")
    archive = tmp_path / "archive"
    hostile_archive(archive, listener.port, secret)
    return archive, secret


def audited(tmp_path: Path, *commands: list[str]) -> tuple[list[int], list[list[str]]]:
    """Run newsbrowse commands in a child interpreter with the audit hook; their exit codes and the events."""
    out = tmp_path / "audit.json"
    scratch = tmp_path / "tmpdir"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", AUDITED, str(out), *map(json.dumps, commands)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert list(scratch.iterdir()) == [], "something wrote into TMPDIR"
    result = json.loads(out.read_text(encoding="utf-8"))
    return result["codes"], result["events"]


def snapshot(root: Path, skip: str | None = None) -> dict[str, tuple[int, int]]:
    """Every file under a folder (but `skip`) with its size and mtime."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and (skip is None or skip not in path.relative_to(root).parts)
    }


def test_a_build_and_every_command_fetch_nothing_run_nothing_and_write_only_the_index(
    tmp_path: Path, setting: tuple[Path, Path], listener: Listener
) -> None:
    """Index, search, show, entities, mentions, quotes and clean over the hostile archive, audited."""
    archive, secret = setting
    index_dir = archive / INDEX_DIR_NAME
    before = snapshot(tmp_path, skip=INDEX_DIR_NAME)
    home = snapshot(Path.home())
    codes, events = audited(
        tmp_path,
        ["index", str(archive), "--jobs", "1", "--json"],
        ["search", str(archive), "harbour", "--json"],
        ["show", str(archive), "remote.html"],
        ["show", str(archive), "wire.jsonl#1", "--json"],
        ["show", str(archive), "../secret/secret.txt"],
        ["entities", str(archive)],
        ["mentions", str(archive), "Vass"],
        ["quotes", str(archive)],
        ["clean", str(archive / "remote.html"), "--json"],
        ["clean", str(archive / "entities.xhtml")],
    )
    assert codes == [0, 0, 0, 0, 2, 0, 0, 0, 0, 0]
    assert [event for event in events if event[0] in ("network", "spawn")] == []
    assert listener.connections == 0
    written = {Path(path) for event in events if event[0] == "write" for path in event[2:]}
    assert {path for path in written if not path.is_relative_to(index_dir) and path != Path(os.devnull)} == set()
    assert written  # the hook did see the build write its index
    assert not any(event[0] == "read" and event[2] == str(secret) for event in events)
    after = snapshot(tmp_path, skip=INDEX_DIR_NAME)
    assert {path: stat for path, stat in after.items() if not path.startswith(("audit.json",))} == before
    assert snapshot(Path.home()) == home


def test_a_parallel_build_fetches_nothing_and_writes_only_the_index(
    tmp_path: Path, setting: tuple[Path, Path], listener: Listener
) -> None:
    """With worker processes (which the audit hook cannot follow): no connection, files outside unchanged."""
    archive, _ = setting
    for number in range(60):  # enough files for the worker pool to start
        (archive / f"page-{number:02d}.html").write_text(article_html(number), encoding="utf-8")
    before = snapshot(tmp_path, skip=INDEX_DIR_NAME)
    home = snapshot(Path.home())
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmpdir")}
    (tmp_path / "tmpdir").mkdir()
    done = cli("index", str(archive), "--jobs", "2", env=env)
    assert done.returncode == 0, done.stderr
    assert listener.connections == 0
    assert snapshot(tmp_path, skip=INDEX_DIR_NAME) == before and snapshot(Path.home()) == home
    assert list((tmp_path / "tmpdir").iterdir()) == []


@pytest.mark.tui
def test_records_cannot_point_the_reader_outside_the_archive(setting: tuple[Path, Path]) -> None:
    """Every stored article's path is its own file's, every URL is http(s), no secret and no script text is stored."""
    archive, secret = setting
    with open_archive(archive) as opened:
        summary = opened.update(jobs=1)
        ids = stored_ids(opened.index_dir)[1]
        articles = [opened.article(article_id) for article_id in sorted(ids)]
        assert opened.search(SECRET.lower()).total == 0
    assert summary.total == len(articles) >= 7
    for article in articles:
        assert article.path == article.id.split("#")[0] and (archive / article.path).is_file()
        assert article.url is None or article.url.startswith(("http://", "https://")), article.url
        assert SECRET not in article.body and "WRITTEN-BY-A-SCRIPT" not in article.body
        assert "document.write" not in article.body and "javascript:" not in article.body
    assert SECRET.encode() not in (archive / INDEX_DIR_NAME / "store.sqlite3").read_bytes()
    assert secret.read_text(encoding="utf-8").startswith(SECRET)


def reader_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, url: str | None) -> list[str]:
    """What `o` hands the system's opener for an article stored with this path and URL (an index from elsewhere)."""
    from index_helpers import build_index, record

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "story.txt").write_text("Harbour works\n\nThe harbour works resumed.\n", encoding="utf-8")
    stored = record("story.txt", "Harbour works", "The harbour works resumed.")
    hostile = dataclasses.replace(stored.article, path=path, url=url)
    (archive / INDEX_DIR_NAME).mkdir()
    store, _ = build_index(archive / INDEX_DIR_NAME, [dataclasses.replace(stored, article=hostile)])
    store.close()
    opened: list[str] = []

    def open_externally(target: str) -> bool:
        """The system's opener, recording what it is given."""
        opened.append(target)
        return True

    monkeypatch.setattr(reader_module, "open_externally", open_externally)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Open the harbour article in the reader and press `o`."""
        await search_and_open(app, pilot, "harbour")
        await pilot.press("o")
        await pilot.pause()

    run(archive, scenario)
    return opened


def test_a_stored_path_outside_the_archive_is_not_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article claiming a path outside: the store keeps its own file's path, and `o` opens that file."""
    opened = reader_opens(tmp_path, monkeypatch, path="../secret.txt", url=None)
    assert opened == [str(tmp_path / "archive" / "story.txt")]


def test_a_stored_file_url_is_not_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article stored with a file:// URL (an index made before ingest dropped them): `o` opens no local file."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    opened = reader_opens(tmp_path, monkeypatch, path="story.txt", url=f"file://{secret}")
    assert not any(target.startswith("file:") or target == str(secret) for target in opened)


def test_terminal_escapes_in_record_metadata_are_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON record whose title, source and URL carry escape sequences: `show` and `search` print none."""
    archive = tmp_path / "archive"
    archive.mkdir()
    record = {
        "title": "Harbour \x1b]0;owned\x07works\x1b[2J",
        "body": "The harbour works resumed on Monday.",
        "source": "Wire\x1b[8m",
        "url": "https://news.example.org/a\x1b[2J",
    }
    (archive / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["show", str(archive), "wire.jsonl#1"]) == 0
    assert main(["search", str(archive), "harbour"]) == 0
    out = capsys.readouterr().out
    assert "Harbour" in out and "\x1b" not in out and "\x07" not in out


def test_terminal_escapes_in_a_page_are_not_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page whose title and text hold &#27; escape sequences: `show` prints none."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "page.html").write_text(
        "<html><head><title>Harbour &#27;]0;owned&#7; works &#27;[2J</title></head><body><article>"
        "<p>The harbour works &#27;[31mresumed&#27;[0m on Monday, the council said in a statement.</p>"
        "<p>Work on the second pier starts in May, councillors were told.</p></article></body></html>",
        encoding="utf-8",
    )
    assert main(["show", str(archive), "page.html"]) == 0
    out = capsys.readouterr().out
    assert "Harbour" in out and "\x1b" not in out and "\x07" not in out
