"""Metadata from HTML pages: title, authors, site, canonical URL, language and dateline, from each source."""

from __future__ import annotations

import json

import pytest

from newsbrowse.clean import clean_html
from newsbrowse.clean.authors import clean_authors
from newsbrowse.clean.dateline import find_dateline
from newsbrowse.clean.metadata import split_title

BODY = (
    "<p>The county council approved plans for a new cycle bridge over the river on Tuesday, after a "
    "two-year consultation with residents and local businesses.</p>"
    "<p>Construction is expected to start next spring and to take about eighteen months, officials said.</p>"
)


def page(head: str = "", body: str = BODY, html_attrs: str = "") -> str:
    """A minimal article page with the given head tags and body."""
    return f"<!doctype html><html {html_attrs}><head>{head}</head><body><article>{body}</article></body></html>"


def ld(data: object) -> str:
    """A JSON-LD script tag."""
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Cycle bridge approved | The Riverside Gazette", "The Riverside Gazette", "Cycle bridge approved"),
        ("Cycle bridge approved – Riverside Gazette", None, "Cycle bridge approved"),
        ("Cycle bridge approved - riversidegazette.example", None, "Cycle bridge approved"),
        (
            "Riverside Gazette: Cycle bridge approved by council",
            "Riverside Gazette",
            "Cycle bridge approved by council",
        ),
        (
            "Cycle bridge approved | Local news | Riverside Gazette",
            "Riverside Gazette",
            "Cycle bridge approved | Local news",
        ),
        (
            "Cycle bridge approved after long consultation :: Gazette Online",
            None,
            "Cycle bridge approved after long consultation",
        ),
        ("Mother-in-law wins bridge-naming vote", None, "Mother-in-law wins bridge-naming vote"),
        ("Yes - or no?", None, "Yes - or no?"),
    ],
)
def test_split_title_removes_site_suffixes(title: str, site: str | None, expected: str) -> None:
    """Site names after (or before) a separator go; hyphens inside a headline stay."""
    assert split_title(title, site, "https://www.riversidegazette.example/news/1")[0] == expected


def test_title_prefers_the_h1_that_the_title_tag_repeats() -> None:
    """The h1 gives the exact headline; <title> carries a suffix."""
    html = page("<title>Cycle bridge approved | Riverside Gazette</title>", "<h1>Cycle bridge approved</h1>" + BODY)
    assert clean_html(html).title == "Cycle bridge approved"


def test_title_from_og_title_without_suffix() -> None:
    """og:title with a site suffix, no matching h1."""
    html = page(
        '<meta property="og:title" content="Council backs cycle bridge | Riverside Gazette">'
        '<meta property="og:site_name" content="Riverside Gazette">'
    )
    assert clean_html(html).title == "Council backs cycle bridge"


def test_title_from_json_ld_headline() -> None:
    """A JSON-LD headline is a clean title."""
    html = page(
        ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge vote passes"})
        + "<title>Home | Gazette</title>"
    )
    assert clean_html(html).title == "Bridge vote passes"


def test_title_from_h1_when_nothing_else() -> None:
    """No title tags at all: the h1."""
    assert clean_html(page(body="<h1>A bridge at last</h1>" + BODY)).title == "A bridge at last"


def test_title_from_the_body_when_the_page_has_none() -> None:
    """No title anywhere: the start of the first paragraph stands in."""
    title = clean_html(page()).title
    assert title.startswith("The county council approved plans")
    assert len(title) <= 101


def test_h1_split_into_spans_reads_as_written() -> None:
    """Inline pieces of a headline join without invented spaces; block pieces get one."""
    html = page(body='<h1><span class="kicker">Transport</span><span>:</span> <span>Bridge approved</span></h1>' + BODY)
    assert clean_html(html).title == "Transport: Bridge approved"


# --- authors ------------------------------------------------------------------------------------


def test_authors_from_json_ld_people() -> None:
    """A JSON-LD author list of Person objects."""
    data = {
        "@type": "NewsArticle",
        "headline": "Bridge",
        "author": [{"@type": "Person", "name": "Amira Sol"}, {"@type": "Person", "name": "Tom Reyes"}],
    }
    assert clean_html(page(ld(data))).authors == ("Amira Sol", "Tom Reyes")


def test_authors_from_json_ld_graph() -> None:
    """An article inside an @graph, with an author string."""
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Gazette"},
            {"@type": "Article", "headline": "Bridge", "author": "By Amira Sol"},
        ],
    }
    assert clean_html(page(ld(data))).authors == ("Amira Sol",)


def test_authors_from_meta_author_skip_profile_urls() -> None:
    """meta author gives names; article:author URLs are no names."""
    head = (
        '<meta property="article:author" content="https://www.facebook.example/amira">'
        '<meta name="author" content="Amira Sol and Tom Reyes">'
    )
    assert clean_html(page(head)).authors == ("Amira Sol", "Tom Reyes")


def test_authors_from_rel_author_link() -> None:
    """A rel=author link in the byline."""
    body = '<p class="meta">Words: <a rel="author" href="/u/ines">Ines Paredes</a></p>' + BODY
    assert clean_html(page(body=body)).authors == ("Ines Paredes",)


def test_authors_from_byline_with_junk() -> None:
    """A byline element with "By", a role, a read time and a date gives only the names."""
    body = (
        '<div class="article-byline">By Amira Sol and Tom Reyes, Staff Writers | 5 min read | March 3, 2022</div>'
    ) + BODY
    assert clean_html(page(body=body)).authors == ("Amira Sol", "Tom Reyes")


def test_byline_box_reads_the_name_element_alone() -> None:
    """A byline box with the writer's name and city: only the name is an author."""
    body = (
        '<div class="author-box"><span class="author-name">Selma Durak</span>'
        '<span class="author-place">IZMIR</span></div>'
    ) + BODY
    assert clean_html(page(body=body)).authors == ("Selma Durak",)


def test_comment_authors_are_not_article_authors() -> None:
    """Commenters marked up as authors inside the comment section are ignored."""
    body = BODY + (
        '<section id="comments"><div class="comment"><span class="comment-author" itemprop="author">'
        "BridgeFan77</span><p>Finally!</p></div></section>"
    )
    byline = '<p class="byline">By Ines Paredes</p>'
    assert clean_html(page(body=byline + body)).authors == ("Ines Paredes",)
    assert clean_html(page(body=body)).authors == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By JANE DOE"], ("Jane Doe",)),
        (["Jane Doe, Senior Correspondent"], ("Jane Doe",)),
        (["By Jane Doe 4 Minute Read"], ("Jane Doe",)),
        (["Staff"], ()),
        (["By Reuters Staff"], ("Reuters",)),
        (["jane.doe@example.com"], ()),
        (["@janedoe"], ()),
        (["Updated 3 hours ago"], ()),
        (["Jane E. Doe"], ("Jane E. Doe",)),
        (["Jane Doe", "jane doe"], ("Jane Doe",)),
        (["Jean Dupont et Marie Curie"], ("Jean Dupont", "Marie Curie")),
        (["Ольга Иванова и Пётр Смирнов"], ("Ольга Иванова", "Пётр Смирнов")),
        (["李明"], ("李明",)),
        (["dpa"], ("dpa",)),
        (["admin"], ()),
        (["early"], ()),
        (["Ann Writer"], ("Ann Writer",)),
        (["By Ann Writer, Staff Writer"], ("Ann Writer",)),
        (["Tom Editor and Jane Doe Reporter"], ("Tom Editor", "Jane Doe")),
    ],
)
def test_clean_authors(raw: list[str], expected: tuple[str, ...]) -> None:
    """Bylines become names: no "By", roles, read times, emails, handles, dates or duplicates."""
    assert clean_authors(raw) == expected


# --- source and URL --------------------------------------------------------------------------------


def test_source_from_og_site_name() -> None:
    """og:site_name names the outlet."""
    assert clean_html(page('<meta property="og:site_name" content="Riverside Gazette">')).source == "Riverside Gazette"


def test_source_from_json_ld_publisher() -> None:
    """The JSON-LD publisher's name."""
    data = {"@type": "NewsArticle", "headline": "B", "publisher": {"@type": "Organization", "name": "Gazette Media"}}
    assert clean_html(page(ld(data))).source == "Gazette Media"


def test_source_from_title_suffix_then_host() -> None:
    """No stated site name: the title's suffix, else the URL's host without www."""
    assert clean_html(page("<title>Bridge approved | Riverside Gazette</title>")).source == "Riverside Gazette"
    assert clean_html(page(), url="https://www.gazette.example:8443/a/b").source == "gazette.example"


def test_canonical_url_resolved_against_the_page_url() -> None:
    """A relative canonical link is made absolute; it wins over the given URL."""
    article = clean_html(
        page('<link rel="canonical" href="/news/bridge-approved">'),
        url="https://gazette.example/amp/news/bridge-approved?utm=x",
    )
    assert article.url == "https://gazette.example/news/bridge-approved"


def test_url_from_og_url_then_the_given_url() -> None:
    """og:url when there is no canonical link; the given URL when there is neither."""
    assert clean_html(page('<meta property="og:url" content="https://gazette.example/n/1">')).url == (
        "https://gazette.example/n/1"
    )
    assert clean_html(page(), url="https://gazette.example/n/2").url == "https://gazette.example/n/2"
    assert clean_html(page()).url is None


def test_url_from_a_share_button_when_the_page_states_none() -> None:
    """A share link passes the page's own URL: the last resort, after the given URL."""
    shared = "https://gazette.example/n/3"
    body = BODY + f'<p class="teilen"><a href="https://twitter.com/share?url={shared}">Twitter</a></p>'
    assert clean_html(page(body=body)).url == shared
    assert clean_html(page(body=body), url="https://gazette.example/n/4").url == "https://gazette.example/n/4"
    canonical = '<link rel="canonical" href="https://gazette.example/n/5">'
    assert clean_html(page(canonical, body=body)).url == "https://gazette.example/n/5"


# --- datelines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("TEHRAN – Iranian and Russian officials met on Friday.", "TEHRAN"),
        ("VIENNA (Reuters) - Diplomats said talks would resume.", "VIENNA"),
        ("MOSCOW, May 3 — The ministry said on Monday.", "MOSCOW"),
        ("NEW YORK (AP) — A subway line reopened.", "NEW YORK"),
        ("SAN FRANCISCO, Calif. — Tech firms said.", "SAN FRANCISCO"),
        ("JERUSALEM—The cabinet met on Sunday.", "JERUSALEM"),
        ("NEW DELHI: The government announced.", "NEW DELHI"),
        ("Tehran, May 21 (IRNA) – The ambassador said.", "Tehran"),
        ("UPDATE: The road has reopened.", None),
        ("The bridge – which opened in 1990 – was closed.", None),
        ("US - China trade talks stalled again.", None),
        ("Iran – Russia cooperation was discussed.", None),
        ("Still, consumer prices - at 2.4% - rose faster.", None),
        ("DUBAI, United Arab Emirates — The airline said.", "DUBAI"),
        ("Hong Kong (CNN Business) A muddled view of the talks.", "Hong Kong"),
        ("The European Union (EU) Commission met on Monday.", None),
        ("Apple (AAPL) Shares rose on Monday.", None),
    ],
)
def test_find_dateline(paragraph: str, expected: str | None) -> None:
    """Wire datelines give their place; headline-like openings do not."""
    assert find_dateline(paragraph) == expected


def test_dateline_after_a_standfirst_is_found_and_kept_in_the_body() -> None:
    """The dateline may open the second paragraph (after a standfirst); the body keeps it."""
    body = (
        "<p class='standfirst'>Officials say the bridge will open in two years, if all goes well.</p>"
        "<p>RIVERSIDE – The county council approved plans for a new cycle bridge on Tuesday, it said.</p>"
        "<p>Construction is expected to start next spring and to take about eighteen months.</p>"
    )
    article = clean_html(page(body=body))
    assert article.dateline == "RIVERSIDE"
    assert "RIVERSIDE – The county council" in article.body


def test_dateline_under_a_kicker_standfirst_and_photo_is_found() -> None:
    """A one-word section kicker is no body text; the standfirst is kept; the dateline that opens
    the story under them (and under a caption) is found."""
    body = (
        "<p class='section-label'>Diplomacy</p>"
        "<p class='intro'>Officials say the bridge will open in two years, if all goes well.</p>"
        "<div class='photo'><img src='/b.jpg' alt=''><div>The river at dusk. (Gazette archive)</div></div>"
        "<p>RIVERSIDE – The county council approved plans for a new cycle bridge on Tuesday, it said.</p>"
        "<p>Construction is expected to start next spring and to take about eighteen months.</p>"
    )
    article = clean_html(page(body=body))
    assert article.dateline == "RIVERSIDE"
    assert article.body.split("\n\n")[:2] == [
        "Officials say the bridge will open in two years, if all goes well.",
        "RIVERSIDE – The county council approved plans for a new cycle bridge on Tuesday, it said.",
    ]


def test_agency_dateline_set_as_its_own_element_reads_apart_from_the_text() -> None:
    """CNN sets "Hong Kong (CNN)" in an element of its own, with no space after it."""
    body = (
        '<p><cite class="source">Hong Kong (CNN Business)</cite>A muddled view of the trade talks '
        "weighed on investors again on Monday, traders said.</p>"
        "<p>Construction is expected to start next spring and to take about eighteen months.</p>"
    )
    article = clean_html(page(body=body))
    assert article.body.startswith("Hong Kong (CNN Business) A muddled view")
    assert article.dateline == "Hong Kong"


def test_title_that_is_only_the_site_name_is_skipped() -> None:
    """og:title equal to the site name is no headline; the next stated title is used."""
    html = page(
        '<meta property="og:title" content="Riverside Gazette">'
        '<meta property="og:site_name" content="Riverside Gazette">'
        "<title>Cycle bridge approved | Riverside Gazette</title>"
    )
    assert clean_html(html).title == "Cycle bridge approved"


def test_article_as_the_main_entity_of_a_web_page() -> None:
    """JSON-LD WebPage with the article as mainEntity."""
    data = {
        "@type": "WebPage",
        "name": "Gazette",
        "mainEntity": {
            "@type": "NewsArticle",
            "headline": "Bridge vote passes",
            "datePublished": "2022-03-14",
            "author": {"@type": "Person", "name": "Amira Sol"},
        },
    }
    article = clean_html(page(ld(data)))
    assert (article.title, article.authors) == ("Bridge vote passes", ("Amira Sol",))
    assert article.published is not None and article.published.day == 14
