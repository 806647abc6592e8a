"""Publication dates: every format and source, aware only when the source gives an offset."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newsbrowse.clean import clean_html
from newsbrowse.clean.dates import date_from_url, date_line, find_date, parse_date

UTC = UTC


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
        ("2021-05-21", date(2021, 5, 21)),
        ("2021-05-21 18:31", datetime(2021, 5, 21, 18, 31)),
        ("May 21, 2021 - 18:31", datetime(2021, 5, 21, 18, 31)),
        ("21 May 2021", date(2021, 5, 21)),
        ("Friday, 21 May 2021 10:00 EST", datetime(2021, 5, 21, 10, 0, tzinfo=tz(-5))),
        ("Fri, 21 May 2021 18:31:00 GMT", datetime(2021, 5, 21, 18, 31, tzinfo=UTC)),
        ("Nov. 18, 2019 6:31 p.m.", datetime(2019, 11, 18, 18, 31)),
        ("Sept 5th, 2021 at 9:05 am", datetime(2021, 9, 5, 9, 5)),
        ("21.05.2021 - 14:30", datetime(2021, 5, 21, 14, 30)),
        ("1621621860", datetime(2021, 5, 21, 18, 31, tzinfo=UTC)),
        ("05/21/2021", date(2021, 5, 21)),
    ],
)
def test_parse_date_formats(raw: str, expected: date | datetime) -> None:
    """ISO, month-name, RFC 2822, dotted, epoch and slashed dates; offsets kept, none invented; a day
    without a time is a date, not a datetime at midnight."""
    value = parse_date(raw)
    assert value == expected
    assert type(value) is type(expected)
    assert (getattr(value, "tzinfo", None) is None) == (getattr(expected, "tzinfo", None) is None)


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
        ("https://gazette.example/2021/05/21/bridge-approved/", date(2021, 5, 21)),
        ("https://gazette.example/news/2019/11/8/12345/story", date(2019, 11, 8)),
        ("https://gazette.example/news/2021-05-21-bridge", date(2021, 5, 21)),
        ("https://gazette.example/n1/2024/0424/c1001-4022.html", date(2024, 4, 24)),
        ("https://gazette.example/archive/20210521/bridge", date(2021, 5, 21)),
        ("https://gazette.example/world/2021/may/20/talks", date(2021, 5, 20)),
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
        ("Published: 21 May 2021", date(2021, 5, 21)),
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
    head = (
        '<script type="application/ld+json">'
        + json.dumps(
            {
                "@type": "NewsArticle",
                "headline": "B",
                "datePublished": "2022-03-14T08:45:00+01:00",
                "dateModified": "2022-03-15T10:00:00+01:00",
            }
        )
        + '</script><meta property="article:published_time" content="2020-01-01T00:00:00Z">'
    )
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
    body = (
        '<time class="updated" datetime="2022-03-15T10:00:00Z">15 March</time>'
        '<time itemprop="datePublished" datetime="2022-03-14T08:45:00Z">14 March</time>' + BODY
    )
    assert clean_html(page(body=body)).published == datetime(2022, 3, 14, 8, 45, tzinfo=UTC)


def test_published_from_the_url_then_refined_by_the_text() -> None:
    """The URL gives the day; a date line by the headline on the same day adds the time."""
    url = "https://gazette.example/news/2022/03/14/bridge"
    assert clean_html(page(), url=url).published == date(2022, 3, 14)
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
    assert clean_html(page(stated, body=other_day)).published == date(2022, 3, 14)


def test_published_from_a_date_written_in_the_article() -> None:
    """No metadata at all: a date line at the start of the text."""
    body = "<p>Published March 14, 2022 8:45 am</p>" + BODY
    article = clean_html(page(body=body))
    assert article.published == datetime(2022, 3, 14, 8, 45)
    assert "Published" not in article.body


def test_no_date_anywhere_gives_none() -> None:
    """A page without any date has no publication date."""
    assert clean_html(page()).published is None


# --- dates in the article's own language, and dates without a time ------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "publiziert am 30. Juli 2018, 14:05 Uhr", datetime(2018, 7, 30, 14, 5)),
        ("de", "Montag, 3. März 2025", date(2025, 3, 3)),
        ("da", "Opdateret 5. august 2024 kl. 14.05", datetime(2024, 8, 5, 14, 5)),
        ("no", "Publisert: 05.08.24 kl. 14:05", datetime(2024, 8, 5, 14, 5)),
        ("nb", "Publisert 6. mai 2024", date(2024, 5, 6)),
        ("sv", "Publicerad 30 juli 2018 kl. 14.05", datetime(2018, 7, 30, 14, 5)),
        ("nl", "Gepubliceerd op 30 juli 2018 om 14:05", datetime(2018, 7, 30, 14, 5)),
        ("it", "Pubblicato il 30 luglio 2018 alle 14:05", datetime(2018, 7, 30, 14, 5)),
        ("fr", "Publié le 1er septembre 2023 à 06h00", datetime(2023, 9, 1, 6, 0)),
        ("fr", "Mis en ligne le 30/08/2023 à 14h52", datetime(2023, 8, 30, 14, 52)),
        ("es", "Publicado el 15 de octubre de 2024 - 08:22", datetime(2024, 10, 15, 8, 22)),
        ("ru", "Опубликовано 14 мая 2025, 10:31", datetime(2025, 5, 14, 10, 31)),
        ("ja", "2025年1月13日 21時37分", datetime(2025, 1, 13, 21, 37)),
        ("ko", "기사입력 2018년 8월 25일 오후 3:04", datetime(2018, 8, 25, 15, 4)),
    ],
)
def test_dates_in_the_articles_language(language: str, text: str, expected: date | datetime) -> None:
    """Month names and date orders of the article's language; the time only when one is written."""
    found = find_date(text, language)
    assert found is not None and found[0] == expected and type(found[0]) is type(expected)
    assert date_line(text, language) == expected


def test_a_foreign_month_name_is_not_read_in_another_language() -> None:
    """Only the article's language is looked at: German month names mean nothing in an English article."""
    assert find_date("am 30. Juli 2018", "en") is None
    assert find_date("am 30. Juli 2018", "de") is not None


def test_numbers_are_not_times_or_two_digit_years() -> None:
    """A count after a date is no time; a version number is no date, even in a short line."""
    found = find_date("Am 30. Juli 2018 12.000 Menschen", "de")
    assert found is not None and found[0] == date(2018, 7, 30)
    assert date_line("Firmware 2.1.13 released", "en") is None


@pytest.mark.parametrize(
    ("language", "paragraph"),
    [
        (
            "de",
            "Der Gemeinderat hat am Dienstag den Bau einer neuen Brücke für Radfahrer beschlossen, die über "
            "den Fluss führen soll. Die Anwohner fordern sie seit Jahren.",
        ),
        (
            "nb",
            "Kommunestyret vedtok tirsdag å bygge en ny bro for syklister over elva. Naboene har ønsket "
            "den i mange år, sier ordføreren.",
        ),
    ],
)
def test_a_date_line_in_the_page_is_read_and_dropped(language: str, paragraph: str) -> None:
    """A page stating no date: its date line in its own language gives the date and leaves the body."""
    line = {"de": "Veröffentlicht am 30. Juli 2018, 14:05 Uhr", "nb": "Publisert: 05.08.24 kl. 14:05"}[language]
    html = (
        f'<html lang="{language}"><head><title>Brücke</title></head><body><article><h1>Brücke</h1>'
        f"<p>{line}</p><p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    )
    article = clean_html(html)
    assert article.published == {"de": datetime(2018, 7, 30, 14, 5), "nb": datetime(2024, 8, 5, 14, 5)}[language]
    assert line not in article.body


def test_a_stated_midnight_is_a_date_alone() -> None:
    """Systems that know only the day write T00:00:00: that is a day, not a time."""
    assert parse_date("2024-04-24T00:00:00") == date(2024, 4, 24)
    assert parse_date("2024-04-24 00:00:00+08:00") == date(2024, 4, 24)
    assert parse_date("2024-04-24T00:01:00") == datetime(2024, 4, 24, 0, 1)


def test_a_date_only_page_has_a_date_without_a_time() -> None:
    """A page giving only its day publishes a date; a byline time on that day completes it."""
    head = '<meta property="article:published_time" content="2022-03-14">'
    assert clean_html(page(head)).published == date(2022, 3, 14)
    body = '<p class="date">March 14, 2022 17:40</p>' + BODY
    assert clean_html(page(head, body=body)).published == datetime(2022, 3, 14, 17, 40)


def test_a_date_under_the_headline_completes_the_stated_day() -> None:
    """Pages that mark the date up as nothing special put it under the headline: its time is read there."""
    head = '<meta property="article:published_time" content="2024-04-24">'
    body = "<h1>Bridge approved</h1><div class='col-1-1'>2024年04月24日23:52 | 来源：Gazette</div>" + BODY
    html = f"<html><head><title>Bridge approved</title>{head}</head><body><article>{body}</article></body></html>"
    assert clean_html(html).published == datetime(2024, 4, 24, 23, 52)
    other_day = html.replace("2024年04月24日", "2024年04月20日")
    assert clean_html(other_day).published == date(2024, 4, 24)
