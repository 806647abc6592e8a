"""A date-only article shows no invented time anywhere: the model, the store, search, the CLI, JSON and the reader."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from newsbrowse import open_archive
from newsbrowse.cli import main
from newsbrowse.tui.widgets.reader import _header

DAY_ONLY = """<html lang="en"><head><title>Ferry timetable changes</title>
<meta property="article:published_time" content="2023-09-14"></head><body><article><h1>Ferry timetable changes</h1>
<p>The island ferry will sail twice an hour from next month, the harbour board said on Thursday.</p>
<p>Commuters had asked for more evening crossings for years, and the board agreed to try it.</p>
</article></body></html>"""

TIMED = DAY_ONLY.replace('content="2023-09-14"', 'content="2023-09-15T07:45:00"').replace("Ferry", "Bridge")


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """An archive with one article dated by day only and one with its time."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "ferry.html").write_text(DAY_ONLY, encoding="utf-8")
    (folder / "bridge.html").write_text(TIMED, encoding="utf-8")
    return folder


def test_the_store_and_search_keep_a_date_alone(archive: Path) -> None:
    """The article and its search hit carry a date, not a datetime at midnight; the timed one keeps its time."""
    with open_archive(archive) as opened:
        opened.update()
        assert opened.article("ferry.html").published == date(2023, 9, 14)
        assert opened.article("bridge.html").published == datetime(2023, 9, 15, 7, 45)
        hits = {hit.id: hit for hit in opened.search("timetable", all_copies=True).hits}
        assert type(hits["ferry.html"].published) is date
        assert [hit.id for hit in opened.search("timetable", sort="date", all_copies=True).hits] == [
            "bridge.html",
            "ferry.html",
        ]
        assert opened.search("timetable date:2023-09-14").total == 1


def test_cli_show_and_json_print_the_day_only(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`show` prints the day without 00:00; `--json` gives "2023-09-14", the timed one its time."""
    assert main(["show", str(archive), "ferry.html"]) == 0
    out = capsys.readouterr().out
    assert "published: 2023-09-14\n" in out and "00:00" not in out
    assert main(["show", str(archive), "ferry.html", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["published"] == "2023-09-14"
    assert main(["show", str(archive), "bridge.html", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["published"] == "2023-09-15T07:45:00"


def test_the_reader_shows_the_day_only(archive: Path) -> None:
    """The reader's header shows the day alone, and the time when there is one."""
    with open_archive(archive) as opened:
        opened.update()
        day_header, _ = _header(opened.article("ferry.html"), "ferry.html")
        timed_header, _ = _header(opened.article("bridge.html"), "bridge.html")
    assert "2023-09-14" in day_header and "00:00" not in day_header
    assert "2023-09-15 07:45" in timed_header
