"""Plain-text dumps: title line, date and byline lines, paragraphs, and the scraping leftovers removed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from newsbrowse.clean import clean_text

SEED = (
    Path(__file__).resolve().parents[1] / "sample_archive" / "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"
)

DUMP = """Harbour authority approves new breakwater

March 3, 2022 - 09:15

PORTHAVEN – The harbour authority approved a new breakwater on Wednesday, ending two years of debate.

The structure will protect the inner basin from winter storms, engineers said.

"It is the biggest project here in fifty years," said Mara Quint, who chairs the authority.
"""


def test_seed_dump() -> None:
    """The real seed article: title, date line with its time, dateline, and no leftovers."""
    article = clean_text(SEED.read_text(encoding="utf-8"))
    assert article.title == "Iranian, Russian diplomats discuss counterterrorism efforts"
    assert article.published == datetime(2021, 5, 21, 18, 31)
    assert article.published.tzinfo is None
    assert article.dateline == "TEHRAN"
    assert article.body.startswith("TEHRAN – Iranian Ambassador to Russia Kazem Jalali")
    assert article.body.endswith("Araghchi told Iran’s state media late on Tuesday.")
    assert "Leave a Comment" not in article.body
    assert "3 + 7 =" not in article.body
    assert "May 21, 2021" not in article.body
    assert len(article.body.split("\n\n")) == 13
    assert article.language == "en"


def test_title_date_and_paragraphs() -> None:
    """First line the title, then the date line, then one paragraph per line."""
    article = clean_text(DUMP)
    assert article.title == "Harbour authority approves new breakwater"
    assert article.published == datetime(2022, 3, 3, 9, 15)
    assert article.dateline == "PORTHAVEN"
    assert article.body.split("\n\n") == [
        "PORTHAVEN – The harbour authority approved a new breakwater on Wednesday, ending two years of debate.",
        "The structure will protect the inner basin from winter storms, engineers said.",
        '"It is the biggest project here in fifty years," said Mara Quint, who chairs the authority.',
    ]


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("2022-03-03", date(2022, 3, 3)),
        ("3 March 2022", date(2022, 3, 3)),
        ("Thursday, March 3, 2022 9:15 AM", datetime(2022, 3, 3, 9, 15)),
        ("Published: 03.03.2022 - 09:15", datetime(2022, 3, 3, 9, 15)),
    ],
)
def test_date_line_formats(date_line: str, expected: datetime) -> None:
    """Common date lines under the title."""
    article = clean_text(f"Breakwater approved\n\n{date_line}\n\nThe harbour authority approved a breakwater.\n")
    assert article.published == expected
    assert article.body == "The harbour authority approved a breakwater."


def test_byline_line_becomes_authors() -> None:
    """A "By ..." line under the title gives the authors and leaves the body."""
    article = clean_text("Breakwater approved\nBy Mara Quint and Olle Berg\nMarch 3, 2022\n\nThe authority voted.\n")
    assert article.authors == ("Mara Quint", "Olle Berg")
    assert article.published == date(2022, 3, 3)
    assert article.body == "The authority voted."


LEFTOVERS = """Breakwater approved

The harbour authority approved a new breakwater on Wednesday after two years of debate.

Work starts in the autumn and should take three years, the authority said.

{tail}
"""


@pytest.mark.parametrize(
    "tail",
    [
        "Leave a Comment\n\n3 + 7 =",
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nName *\n\nEmail *",
        "Share this:\n\nTwitter\n\nFacebook",
        "Share this article",
        "Related\n\nHarbour dredging to resume in spring\n\nFerry operator orders new vessel",
        "Related Articles\n\nHarbour dredging to resume in spring",
        "Tags: harbour, breakwater, Porthaven",
        "3 Comments\n\nGreat news for the town, finally after all these years of waiting and arguing about it.",
        "What is 4 + 5 ?",
        "Advertisement\n\nPrint\n\nEmail",
        "- Harbour Wire",
        "— AP",
    ],
)
def test_trailing_leftovers_are_removed(tail: str) -> None:
    """Comment forms and threads, captcha sums, share prompts, related links and tags go."""
    article = clean_text(LEFTOVERS.format(tail=tail))
    assert article.body.split("\n\n") == [
        "The harbour authority approved a new breakwater on Wednesday after two years of debate.",
        "Work starts in the autumn and should take three years, the authority said.",
    ]


def test_related_heading_followed_by_article_text_is_not_cut() -> None:
    """A "Related" line followed by long paragraphs is not a link block: the text stays."""
    long_paragraph = (
        "The authority also discussed the budget for the coming year, which includes money for "
        "new lighting on the quay, repairs to the slipway and a study of the silting in the "
        "outer harbour, which has worsened since the storms of the last two winters."
    )
    article = clean_text(f"Breakwater approved\n\nThe authority voted.\n\nRelated\n\n{long_paragraph}\n")
    assert long_paragraph in article.body


def test_hard_wrapped_text_joins_its_lines() -> None:
    """A dump wrapped at a fixed width gets its paragraphs back, without stray newlines."""
    text = (
        "Breakwater approved\n\n"
        "The harbour authority approved a new breakwater on Wednesday,\n"
        "ending two years of debate about the cost and the design of the\n"
        "structure, which will protect the inner basin.\n\n"
        "Work starts in the autumn and should take three years to finish,\n"
        "the authority said in a statement after the meeting.\n"
    )
    assert clean_text(text).body.split("\n\n") == [
        "The harbour authority approved a new breakwater on Wednesday, ending two years of debate about the "
        "cost and the design of the structure, which will protect the inner basin.",
        "Work starts in the autumn and should take three years to finish, the authority said in a statement "
        "after the meeting.",
    ]


def test_whitespace_and_line_endings_are_normalised() -> None:
    """CRLF line endings, tabs and runs of spaces inside a line; no leading or trailing spaces."""
    text = "  Breakwater approved  \r\n\r\n  The   authority\tvoted on   Wednesday.  \r\n"
    article = clean_text(text)
    assert article.title == "Breakwater approved"
    assert article.body == "The authority voted on Wednesday."


def test_markdown_title_marks_are_removed() -> None:
    """A Markdown dump's "# Title" reads as the title."""
    assert clean_text("# Breakwater approved\n\nThe authority voted.").title == "Breakwater approved"


def test_empty_and_title_only_dumps() -> None:
    """Empty text gives an empty article; a lone line is the title."""
    empty = clean_text("")
    assert (empty.title, empty.body) == ("", "")
    assert clean_text("Breakwater approved\n").title == "Breakwater approved"


def test_dump_without_a_title_line_keeps_its_first_paragraph() -> None:
    """A first line too long to be a title is a paragraph; the title is made from it."""
    first = "The harbour authority approved " + "a very long and detailed plan " * 8 + "on Wednesday."
    article = clean_text(f"{first}\n\nWork starts in the autumn.\n")
    assert article.body.startswith(first)
    assert article.title.startswith("The harbour authority approved")


def test_markdown_dump_reads_as_plain_text() -> None:
    """Headings, bullets, emphasis and link targets of a Markdown dump are not text."""
    text = (
        "# Harbour timeline\n\nMarch 3, 2022\n\n*A short guide to the works.*\n\n## Spring\n\n"
        "- **4 April** – Dredging starts, says [the authority](https://harbour.example/a).\n"
        "- **9 May** – The breakwater's first section is laid.\n"
    )
    article = clean_text(text)
    assert article.title == "Harbour timeline"
    assert article.body.split("\n\n") == [
        "A short guide to the works.",
        "Spring",
        "4 April – Dredging starts, says the authority.",
        "9 May – The breakwater's first section is laid.",
    ]


def test_plain_dump_keeps_its_asterisks_and_underscores() -> None:
    """Without Markdown signs, asterisks and underscores are text."""
    body = "The file harbour_plan_v2 lists 2*3 berths and *two* cranes."
    assert clean_text(f"Plans\n\n{body}\n").body == body


def test_sentence_starting_with_by_under_the_title_is_body_text() -> None:
    """ "By early 2025 the harbour..." under the title is the first paragraph, not a byline."""
    article = clean_text("Harbour plans\n\nBy early 2025 the harbour could have two new berths.\n\nWork starts soon.\n")
    assert article.authors == ()
    assert article.body.startswith("By early 2025 the harbour")


def test_a_list_ending_with_a_dashed_item_keeps_it() -> None:
    """A dash line after another dash line ends a list, not a wire story."""
    article = clean_text("Ports on the route\n\nThe ferry calls at three ports:\n\n- Porthaven\n\n- Holm Quay\n")
    assert article.body.endswith("- Holm Quay")
