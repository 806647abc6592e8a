"""Hostile input: deep nesting, huge single-line pages, empty and non-HTML data never raise."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrowse.clean import clean_document, clean_html, clean_text
from newsbrowse.model import Document

SENTENCE = "The ferry service to the outer islands resumed on Monday after a week of storms, officials said."


@pytest.mark.slow
def test_ten_thousand_levels_of_nesting() -> None:
    """A paragraph 10,000 elements deep is still found (deeper than libxml2's tree allows)."""
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{SENTENCE}</p>" + "</div>" * 10_000 + "</body></html>"
    assert clean_html(page).body == SENTENCE


@pytest.mark.slow
def test_ten_thousand_unclosed_elements_with_text_at_every_level() -> None:
    """Unclosed nested elements, each holding text: linear work, every piece kept."""
    page = "".join(f"<div>Level {n} of the nested page has a sentence, with commas, in it. " for n in range(10_000))
    body = clean_html(page).body
    assert "Level 0 of the nested page" in body
    assert "Level 9999 of the nested page" in body


@pytest.mark.slow
def test_five_megabyte_single_line_page() -> None:
    """A 5 MB page on one line cleans to its text."""
    page = "<html><body><article><p>" + "harbour " * 650_000 + "</p></article></body></html>"
    assert len(page) > 5_000_000
    body = clean_html(page).body
    assert body.startswith("harbour harbour")
    assert len(body.split()) == 650_000


@pytest.mark.slow
def test_huge_flat_page_of_links() -> None:
    """Tens of thousands of sibling elements clean without error."""
    page = "<html><body>" + '<a href="/x">link</a> ' * 20_000 + f"<p>{SENTENCE}</p></body></html>"
    assert SENTENCE in clean_html(page).body


def test_empty_and_blank_documents() -> None:
    """Empty input gives an empty article, not an exception."""
    for page in ("", "   \n\t ", b"", b"\xef\xbb\xbf"):
        article = clean_html(page)
        assert (article.title, article.body) == ("", "")
    assert clean_text("").body == ""


def test_binary_junk_bytes() -> None:
    """Random bytes decode to something and clean without error."""
    junk = bytes(random.Random(7).randrange(256) for _ in range(50_000))
    article = clean_html(junk)
    assert isinstance(article.body, str)


def test_control_characters_and_nul_bytes_are_dropped() -> None:
    """NUL and other control characters never reach the text (nor as U+FFFD)."""
    article = clean_html(f"<p>{SENTENCE[:20]}\x00\x01\x1f{SENTENCE[20:]}</p>")
    assert article.body == SENTENCE


def test_non_html_text_and_json() -> None:
    """Plain text or JSON handed to the HTML cleaner comes back as text."""
    assert clean_html(SENTENCE).body == SENTENCE
    assert clean_html('{"title": "x", "body": "y"}').body == '{"title": "x", "body": "y"}'


def test_malformed_json_ld_and_broken_markup() -> None:
    """Broken JSON-LD, unclosed tags and stray end tags are survived."""
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
        f"</head><body></div></span><article><p>{SENTENCE}<p>Second paragraph without end tags"
        "</table></body>"
    )
    body = clean_html(page).body
    assert SENTENCE in body
    assert "Second paragraph" in body


def test_enormous_attributes_and_class_names() -> None:
    """Pathological attributes cost nothing unusual."""
    attrs = " ".join(f'data-x{n}="{n}"' for n in range(5_000))
    page = f'<div {attrs} class="{"story-" * 20_000}"><p>{SENTENCE}</p></div>'
    assert clean_html(page).body == SENTENCE


def test_pathological_text_dump() -> None:
    """A dump of one giant line, or thousands of captcha lines, cleans without error."""
    assert clean_text("Title\n\n" + "word " * 200_000).body.startswith("word word")
    assert clean_text("Title\n\nFirst paragraph.\n\n" + "3 + 7 =\n\n" * 10_000).body == "First paragraph."


def test_document_with_odd_fields() -> None:
    """A document whose stated fields are junk still cleans."""
    document = Document(
        id="x",
        path="x",
        kind="html",
        content="<p>text</p>",
        title="   ",
        published="not a date",
        language="???",
        url="not a url",
    )
    article = clean_document(document)
    assert article.body == "text"
    assert article.title == "text"
    assert article.published is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdpiv\n-–&;#x0123456789")), max_size=300))
def test_arbitrary_markup_never_raises(markup: str) -> None:
    """Random tag soup never raises and never gives text with markup control characters."""
    article = clean_html(markup)
    assert "\x00" not in article.body and "\x01" not in article.body


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    """Any text, as a dump or as HTML, cleans without error."""
    clean_text(text)
    clean_html(text)


def test_xhtml_with_an_xml_declaration() -> None:
    """An XHTML page that declares its encoding (as text or bytes) cleans like any page."""
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">'
        "<head><title>Ferries | Island Times</title></head>"
        f'<body><div class="menu"><a href="/">Home</a></div><p>{SENTENCE}</p></body></html>'
    )
    for markup in (page, page.encode("utf-8")):
        article = clean_html(markup)
        assert (article.title, article.body, article.language) == ("Ferries", SENTENCE, "en")


def test_character_reference_to_a_control_after_a_dropped_element() -> None:
    """Text after a dropped script or menu starting with "&#27;" joins the text before it without error."""
    for dropped in ("<script>var a = 1;</script>", "<span class='share-bar'>Share</span>"):
        page = f"<html><body><p>The ferry{dropped}&#27;[31m resumed on Monday.</p></body></html>"
        assert clean_html(page).body == "The ferry[31m resumed on Monday."
