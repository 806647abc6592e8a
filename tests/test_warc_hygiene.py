"""A crawl's records that hold no article (ad frames, beacons, scripts, front pages) are skipped as
"not an article"; a record the file ends inside is read, with a note."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbrowse import open_archive
from newsbrowse.clean import NotAnArticle, clean_document, clean_record
from newsbrowse.model import Document

ARTICLE = """<html lang="en"><head><title>Harbour ferry returns after repairs</title>
<meta property="article:published_time" content="2023-05-02T09:15:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour ferry returns after repairs</h1>
<p>The harbour ferry returned to service on Tuesday after three months of repairs to its engines, the port
authority said, and the first crossing left on time with about forty passengers on board.</p>
<p>Commuters had complained about the long detour by road while the ferry was out of service, and the
authority promised to add two evening crossings during the summer.</p>
<p>The repairs cost less than expected, according to the authority's spokeswoman, because the old engine
parts could be reused for the new gearbox.</p></article></body></html>"""

AD_FRAME = (
    "<html><head></head><body><div class='box'><a href='https://ads.example/c'>Win a harbour cruise for two</a>"
    " this summer.</div></body></html>"
)
BEACON = "<html><body><img src='https://beacon.example/p.gif' width='1' height='1'></body></html>"
SCRIPT = "document.getElementById('nav-city').innerHTML = 'Harbour Town'; var visits = [];"
LINKS = "".join(
    f"<li><a href='/news/{n}'>Council meets on harbour plan part {n} and more news from the town</a></li>"
    for n in range(60)
)
FRONT_PAGE = (
    f"<html><head><title>Harbour Town Daily</title></head><body><div class='stream'><ul>{LINKS}</ul></div>"
    "<div class='tail'>About us. Contact. Advertise with us.</div></body></html>"
)


def _warc(pages: list[tuple[str, str]]) -> bytes:
    """A gzipped WARC of HTML responses: (url, page) pairs."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, page in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(page.encode()), http_headers=http)
        )
    return out.getvalue()


def _record(page: str, path: str = "crawl.warc.gz") -> Document:
    """A WARC record's document holding the page."""
    return Document(id=f"{path}#1", path=path, kind="html", content=page, url="https://harbour.example/x")


def test_each_kind_of_junk_is_not_an_article() -> None:
    """Ad frames, beacons, scripts and link lists raise NotAnArticle with their reason; an article does not."""
    reasons = {}
    for name, page in (("ad", AD_FRAME), ("beacon", BEACON), ("script", SCRIPT), ("front", FRONT_PAGE)):
        try:
            clean_record(_record(page))
        except NotAnArticle as err:
            reasons[name] = str(err)
    assert reasons == {
        "ad": "not an article (no title and little text)",
        "beacon": "not an article (no text)",
        "script": "not an article (a script)",
        "front": "not an article (a page of links)",
    }
    assert clean_record(_record(ARTICLE)).title == "Harbour ferry returns after repairs"


def test_only_crawled_records_are_judged() -> None:
    """A page file of the user's own is cleaned whatever it holds: they put it in their archive."""
    assert clean_record(_record(AD_FRAME, "saved/ad.html")).body == "Win a harbour cruise for two this summer."
    assert clean_document(_record(SCRIPT)).title.startswith("document.getElementById")


def test_the_build_skips_junk_records_and_notes_a_clipped_one(tmp_path: Path) -> None:
    """Junk records are skipped with the reason "not an article"; the last article, cut short by the
    end of the file, is read and counted as read, with a note."""
    data = _warc(
        [
            ("https://harbour.example/ferry", ARTICLE),
            ("https://ads.example/frame", AD_FRAME),
            ("https://beacon.example/b", BEACON),
            ("https://harbour.example/nav.js", SCRIPT),
            ("https://harbour.example/", FRONT_PAGE),
            ("https://harbour.example/ferry-2", ARTICLE.replace("Harbour ferry", "Second ferry") + "<!--" + "x" * 4000),
        ]
    )
    archive = tmp_path / "crawl"
    archive.mkdir()
    (archive / "visit.warc.gz").write_bytes(data[: len(data) - 40])
    with open_archive(archive) as opened:
        summary = opened.update()
        titles = sorted(opened.article(hit.id).title for hit in opened.search("ferry", all_copies=True).hits)
    assert summary.total == 2
    assert titles == ["Harbour ferry returns after repairs", "Second ferry returns after repairs"]
    assert sorted((skip.path, skip.reason) for skip in summary.skipped) == [
        ("visit.warc.gz#2", "not an article (no title and little text)"),
        ("visit.warc.gz#3", "not an article (no text)"),
        ("visit.warc.gz#4", "not an article (a script)"),
        ("visit.warc.gz#5", "not an article (a page of links)"),
    ]
    assert any(note.startswith("visit.warc.gz#6: the file ends") for note in summary.notes)
