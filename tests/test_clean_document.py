"""clean_document: dispatch on the kind; what the container states wins; the caller's URL wins over all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from newsbrowse.clean import clean_document
from newsbrowse.model import Document

PAGE = """<html lang="en"><head><title>Quay reopens | Harbour Herald</title>
<meta property="og:site_name" content="Harbour Herald">
<link rel="canonical" href="https://harbourherald.example/news/quay-reopens">
<meta property="article:published_time" content="2022-06-01T10:00:00Z"></head>
<body><article><h1>Quay reopens</h1><p class="byline">By Nils Ek</p>
<p>SANDVIK – The old quay reopened on Wednesday after a year of repairs, the harbour office said.</p>
<p>Fishing boats will return to their berths there from next week, it added in a statement.</p>
</article></body></html>"""


def test_html_document_gets_its_id_path_and_page_metadata() -> None:
    """An HTML file: id and path from the document, everything else from the page."""
    article = clean_document(Document(id="news/quay.html", path="news/quay.html", kind="html", content=PAGE))
    assert (article.id, article.path) == ("news/quay.html", "news/quay.html")
    assert article.title == "Quay reopens"
    assert article.authors == ("Nils Ek",)
    assert article.source == "Harbour Herald"
    assert article.url == "https://harbourherald.example/news/quay-reopens"
    assert article.published == datetime(2022, 6, 1, 10, 0, tzinfo=UTC)
    assert article.dateline == "SANDVIK"
    assert article.body.startswith("SANDVIK – The old quay reopened")


def test_stated_metadata_wins_over_the_page() -> None:
    """A WARC target URL or JSON fields override what the page says; the raw date string is parsed."""
    document = Document(
        id="feed.jsonl#3",
        path="feed.jsonl",
        kind="html",
        content=PAGE,
        url="https://mirror.example/quay",
        title="Old quay back in use",
        published="2022-06-02 08:30:00+02:00",
        authors=("By Sara Lind",),
        source="Herald Wire",
        language="en-GB",
    )
    article = clean_document(document)
    assert article.id == "feed.jsonl#3"
    assert article.title == "Old quay back in use"
    assert article.url == "https://mirror.example/quay"
    assert article.published == datetime(2022, 6, 2, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    assert article.authors == ("Sara Lind",)
    assert article.source == "Herald Wire"
    assert article.language == "en"
    assert "The old quay reopened" in article.body


def test_caller_url_overrides_every_other_url() -> None:
    """`url` from the command line beats the document's and the page's."""
    document = Document(id="a.html", path="a.html", kind="html", content=PAGE, url="https://mirror.example/quay")
    assert clean_document(document, url="https://given.example/q").url == "https://given.example/q"


def test_unparseable_stated_date_falls_back_to_the_page() -> None:
    """A stated date that is no date leaves the page's own date."""
    document = Document(id="a", path="a", kind="html", content=PAGE, published="sometime last week")
    assert clean_document(document).published == datetime(2022, 6, 1, 10, 0, tzinfo=UTC)


def test_text_dump_document() -> None:
    """A .txt document is read as a dump: title line, date line, paragraphs."""
    text = "Quay reopens\n\nJune 1, 2022 - 10:00\n\nThe old quay reopened on Wednesday.\n\nLeave a Comment\n"
    article = clean_document(Document(id="t.txt", path="t.txt", kind="text", content=text))
    assert article.title == "Quay reopens"
    assert article.published == datetime(2022, 6, 1, 10, 0)
    assert article.body == "The old quay reopened on Wednesday."


def test_json_text_body_with_a_stated_title_is_all_body() -> None:
    """A JSON record's plain body has no title line: its first line is a paragraph, not a title."""
    document = Document(
        id="f.jsonl#1",
        path="f.jsonl",
        kind="text",
        title="Quay reopens",
        published="2022-06-01",
        content="The old quay reopened on Wednesday.\nFishing boats return next week.",
    )
    article = clean_document(document)
    assert article.title == "Quay reopens"
    assert article.body == "The old quay reopened on Wednesday.\n\nFishing boats return next week."
    assert article.published == date(2022, 6, 1)


def test_json_text_body_repeating_its_title_drops_it() -> None:
    """A body whose first line repeats the stated title loses that line."""
    document = Document(
        id="f#2",
        path="f",
        kind="text",
        title="Quay reopens",
        content="Quay reopens\n\nThe old quay reopened on Wednesday.",
    )
    assert clean_document(document).body == "The old quay reopened on Wednesday."


def test_json_html_fragment_body_is_cleaned_as_html() -> None:
    """An HTML fragment in a JSON body (ingest marks it html) loses its markup and furniture."""
    fragment = (
        "<p>The old quay reopened on <b>Wednesday</b> after a year of repairs, officials said.</p>"
        '<div class="share-links"><a href="#">Share on Twitter</a></div>'
        "<p>Fishing boats will return to their berths there from next week.</p>"
    )
    document = Document(id="f#3", path="f", kind="html", title="Quay reopens", content=fragment, source="Herald Wire")
    article = clean_document(document)
    assert article.title == "Quay reopens"
    assert article.body == (
        "The old quay reopened on Wednesday after a year of repairs, officials said.\n\n"
        "Fishing boats will return to their berths there from next week."
    )
    assert article.source == "Herald Wire"


def test_source_from_the_url_host_when_nothing_names_it() -> None:
    """A plain dump with a URL gets its host as the source."""
    document = Document(
        id="t", path="t", kind="text", content="Quay\n\nThe quay reopened.", url="https://www.herald.example/q"
    )
    assert clean_document(document).source == "herald.example"


def test_stated_author_named_like_a_job_keeps_the_whole_name() -> None:
    """A JSON author "Ann Writer" is a person, not "Ann" with a job title cut off."""
    document = Document(
        id="feed.json",
        path="feed.json",
        kind="text",
        title="Quay reopens",
        content="The old quay reopened on Wednesday after a year of repairs.",
        authors=("Ann Writer",),
    )
    assert clean_document(document).authors == ("Ann Writer",)
