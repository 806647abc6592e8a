"""Publication dates: every format and source, aware only when the source gives an offset."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from newsbrowse.clean import clean_html
from newsbrowse.clean.dates import date_from_url, date_line, find_date, parse_date

UTC = timezone.utc


def tz(hours: float) -> timezone:
    """A fixed offset of so many hours."""
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-05-21T18:31:00+04:30", datetime(2021, 5, 21, 18, 31, tzinfo=tz(4.5))),
        ("2021-05-21T14:01:00Z", datetime(2021, 5, 21, 14, 1, tzinfo=UTC)),
        ("2025-05-14 20:28:12.467000+03:00", datetime(2025, 5, 14, 20, 28, 12, tzinfo=tz(3))),
        ("2021-05-21T18:31:00-0500", datetime(2021, 5, 21, 18, 31, tzinfo=tz(-5))),
        ("2021-05-21T18:31:00 GMT+0430", datetime(2021, 5, 21, 18, 31, tzinfo=tz(4.5))),
        ("2021-05-21", datetime(2021, 5, 21)),
        ("2021-05-21 18:31", datetime(2021, 5, 21, 18, 31)),
        ("May 21, 2021 - 18:31", datetime(2021, 5, 21, 18, 31)),
        ("21 May 2021", datetime(2021, 5, 21)),
        ("Friday, 21 May 2021 10:00 EST", datetime(2021, 5, 21, 10, 0, tzinfo=tz(-5))),
        ("Fri, 21 May 2021 18:31:00 GMT", datetime(2021, 5, 21, 18, 31, tzinfo=UTC)),
        ("Nov. 18, 2019 6:31 p.m.", datetime(2019, 11, 18, 18, 31)),
        ("Sept 5th, 2021 at 9:05 am", datetime(2021, 9, 5, 9, 5)),
        ("21.05.2021 - 14:30", datetime(2021, 5, 21, 14, 30)),
        ("1621621860", datetime(2021, 5, 21, 18, 31, tzinfo=UTC)),
        ("05/21/2021", datetime(2021, 5, 21)),
    ],
)
def test_parse_date_formats(raw: str, expected: datetime) -> None:
    """ISO, month-name, RFC 2822, dotted, epoch and slashed dates; offsets kept, none invented."""
    value = parse_date(raw)
    assert value == expected
    assert (value.tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize("raw", ["", "   ", "yesterday", "3 hours ago", "May 2021", "12", "junk 99/99/9999", None])
def test_parse_date_rejects_non_dates(raw: str | None) -> None:
    """Relative times, month-only dates, numbers and junk give None."""
    assert parse_date(raw) is None


def test_parse_date_rejects_implausible_years() -> None:
    """Years outside any news archive are not dates."""
    assert parse_date("1066-10-14") is None
    assert parse_date("2999-01-01") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://gazette.example/2021/05/21/bridge-approved/", datetime(2021, 5, 21)),
        ("https://gazette.example/news/2019/11/8/12345/story", datetime(2019, 11, 8)),
        ("https://gazette.example/news/2021-05-21-bridge", datetime(2021, 5, 21)),
        ("https://gazette.example/n1/2024/0424/c1001-4022.html", datetime(2024, 4, 24)),
        ("https://gazette.example/archive/20210521/bridge", datetime(2021, 5, 21)),
        ("https://gazette.example/world/2021/may/20/talks", datetime(2021, 5, 20)),
        ("https://gazette.example/news/2019-11-bridge", None),
        ("https://gazette.example/story/1077343476-bridge", None),
        ("https://2021.gazette.example/bridge", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: datetime | None) -> None:
    """Dates in URL paths, with or without separators; ids and host names are no dates."""
    assert date_from_url(url) == expected


def test_find_date_in_text_gives_the_first_date_and_its_span() -> None:
    """The first written date in a line, with where it is."""
    text = "By Ana Ruiz | Published March 3, 2022 at 6:31 pm | Updated March 4, 2022"
    found = find_date(text)
    assert found is not None
    value, start, end = found
    assert value == datetime(2022, 3, 3, 18, 31)
    assert text[start:end].startswith("March 3, 2022")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("May 21, 2021 - 18:31", datetime(2021, 5, 21, 18, 31)),
        ("Published: 21 May 2021", datetime(2021, 5, 21)),
        ("Updated on Friday, May 21, 2021, 6:31 PM", datetime(2021, 5, 21, 18, 31)),
        ("On May 14, Jalali met with the deputy foreign minister in Moscow in 2021.", None),
        ("The council met on 21 May 2021 to approve the bridge plans after a long debate.", None),
    ],
)
def test_date_line(line: str, expected: datetime | None) -> None:
    """A short line that is mostly a date is a date line; a sentence with a date is not."""
    assert date_line(line) == expected


BODY = "<p>The county council approved plans for a new cycle bridge over the river on Tuesday, officials said.</p>"


def page(head: str = "", body: str = BODY) -> str:
    """A minimal page."""
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def test_published_from_json_ld_beats_meta_tags() -> None:
    """JSON-LD datePublished (with its offset) wins over a meta tag."""
    head = ('<script type="application/ld+json">'
            + json.dumps({"@type": "NewsArticle", "headline": "B", "datePublished": "2022-03-14T08:45:00+01:00",
                          "dateModified": "2022-03-15T10:00:00+01:00"})
            + '</script><meta property="article:published_time" content="2020-01-01T00:00:00Z">')
    assert clean_html(page(head)).published == datetime(2022, 3, 14, 8, 45, tzinfo=tz(1))


@pytest.mark.parametrize(
    "meta",
    [
        '<meta property="article:published_time" content="2022-03-14T08:45:00+01:00">',
        '<meta name="pubdate" content="2022-03-14T08:45:00+01:00">',
        '<meta name="date" content="2022-03-14T08:45:00+01:00">',
        '<meta name="DC.date.issued" content="2022-03-14T08:45:00+01:00">',
        '<meta itemprop="datePublished" content="2022-03-14T08:45:00+01:00">',
    ],
)
def test_published_from_meta_tags(meta: str) -> None:
    """Each common meta tag for the publication date."""
    assert clean_html(page(meta)).published == datetime(2022, 3, 14, 8, 45, tzinfo=tz(1))


def test_published_from_time_element_prefers_the_publication_one() -> None:
    """A <time> marked as the publication date wins over an earlier 'updated' one."""
    body = ('<time class="updated" datetime="2022-03-15T10:00:00Z">15 March</time>'
            '<time itemprop="datePublished" datetime="2022-03-14T08:45:00Z">14 March</time>' + BODY)
    assert clean_html(page(body=body)).published == datetime(2022, 3, 14, 8, 45, tzinfo=UTC)


def test_published_from_the_url_then_refined_by_the_text() -> None:
    """The URL gives the day; a date line by the headline on the same day adds the time."""
    url = "https://gazette.example/news/2022/03/14/bridge"
    assert clean_html(page(), url=url).published == datetime(2022, 3, 14)
    body = '<div class="article-date">14.03.2022 - 08:45</div>' + BODY
    assert clean_html(page(body=body), url=url).published == datetime(2022, 3, 14, 8, 45)


@pytest.mark.parametrize(
    "stated",
    [
        '<meta name="date" content="2022-03-14">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-03-14"}</script>',
    ],
)
def test_stated_day_without_a_time_takes_the_bylines_time(stated: str) -> None:
    """A meta or JSON-LD date without a time gets the time written in the byline for that day."""
    body = '<p class="autor">By Ana Sol, Riverside – 14 March 2022, 17:40</p>' + BODY
    assert clean_html(page(stated, body=body)).published == datetime(2022, 3, 14, 17, 40)
    other_day = '<p class="byline">By Ana Sol – 15 March 2022, 17:40</p>' + BODY
    assert clean_html(page(stated, body=other_day)).published == datetime(2022, 3, 14)


def test_published_from_a_date_written_in_the_article() -> None:
    """No metadata at all: a date line at the start of the text."""
    body = "<p>Published March 14, 2022 8:45 am</p>" + BODY
    article = clean_html(page(body=body))
    assert article.published == datetime(2022, 3, 14, 8, 45)
    assert "Published" not in article.body


def test_no_date_anywhere_gives_none() -> None:
    """A page without any date has no publication date."""
    assert clean_html(page()).published is None
