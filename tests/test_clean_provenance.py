"""Where an article comes from when its page does not say: the section from its folder, the source from its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrowse.clean import clean_document
from newsbrowse.clean.provenance import section_of, source_from_name
from newsbrowse.model import Document


@pytest.mark.parametrize(
    ("path", "url", "source", "section"),
    [
        ("bbc/business/012.txt", None, None, "business"),
        ("northfieldpost/world/2021/may/20/envoy.html", None, "Northfield Post", "world"),
        ("alpenpost/en/international/2021/07/15/zurich.html", None, None, "international"),
        ("viennaledger/un-city/2021/05/03/inside.html", None, "The Vienna Ledger", "un-city"),
        # The outlet's own folder, an article's own folder, dates and storage folders are no sections.
        ("viennaledger/parties-gather.html", None, "The Vienna Ledger", None),
        ("caspianwire/2021/03/18/analysts-expect-busy-spring/index.html", None, "Caspian Wire", None),
        ("text/caspianwire-2021-04-20-negotiators.txt", None, None, None),
        ("story.txt", None, None, None),
        # A record of a WARC or JSONL file: its URL says more than the container's folder.
        ("crawl/wire.warc.gz#3", "https://wire.example/politics/2021/04/09/talks", None, "politics"),
        ("crawl/wire.warc.gz#4", "https://wire.example/news/2021/04/09/talks", None, None),
        ("pages/talks.html", "https://wire.example/energy/talks", None, "energy"),
    ],
)
def test_the_section_is_the_nearest_folder_that_can_name_one(
    path: str, url: str | None, source: str | None, section: str | None
) -> None:
    """Folders nearest first, then the URL's path; a date, a storage word, the outlet or a slug is passed over."""
    assert section_of(path, url, source) == section


def test_the_source_is_the_outlet_a_file_is_named_after() -> None:
    """A name before a date in the file name; spelt as the text spells it when the text names it."""
    assert source_from_name("tehrantimes-2021-05-21-iran-russia.txt") == "tehrantimes"
    assert source_from_name("text/harbourline-notes-2021-03-25-x.txt") == "harbourline-notes"
    named = "As Harbourline Notes said."
    assert source_from_name("text/harbourline-notes-2021-03-25-x.txt", named) == "Harbourline Notes"
    assert source_from_name("eurasiabrief-20210629-road.txt", "Staff of The Eurasia Brief") == "The Eurasia Brief"
    assert source_from_name("bbc/business/012.txt") is None
    assert source_from_name("2021-05-21-talks.txt") is None


def test_clean_document_fills_in_what_the_page_does_not_say() -> None:
    """A text dump gets its source from its file name and its section from its folder; a page's own wins."""
    name = "world/tehrantimes-2021-05-21-talks.txt"
    text = "Talks resume\n\nMay 21, 2021 - 18:31\n\nTEHRAN – The talks resumed on Friday."
    dump = Document(name, name, "text", text)
    article = clean_document(dump)
    assert (article.source, article.section) == ("tehrantimes", "world")
    page = (
        '<html><head><meta property="og:site_name" content="Caspian Wire">'
        '<meta property="article:section" content="Interviews"><title>Q and A</title></head>'
        "<body><article><h1>Q and A</h1><p>An interview with the envoy about the talks.</p></article></body></html>"
    )
    stated = clean_document(Document("caspianwire/world/qa.html", "caspianwire/world/qa.html", "html", page))
    assert (stated.source, stated.section) == ("Caspian Wire", "Interviews")


def test_the_sample_archive_seed_has_its_source() -> None:
    """The Tehran Times dump in the sample archive, which names its outlet only in its file name."""
    seed = Path(__file__).parents[1] / "sample_archive" / "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"
    text = seed.read_text(encoding="utf-8")
    assert clean_document(Document(seed.name, seed.name, "text", text)).source == "tehrantimes"
