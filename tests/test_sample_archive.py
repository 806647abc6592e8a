"""The shipped sample archive: every file ingests and cleans, the seed is unchanged, names recur."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from datetime import datetime
from io import BytesIO
from pathlib import Path
from types import ModuleType

import pytest

from newsbrowse.clean import clean_document
from newsbrowse.ingest import iter_documents
from newsbrowse.model import Article, Document, Skipped

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_archive"
SCRIPTS = ROOT / "scripts"

SEED = "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"
# sha256 of the real article as shipped in ../shared/seed/; it must never be edited.
SEED_SHA256 = "a97626a00187fa38e86ab968b93b7db3ebb2b1ac317beed35bc33f6974d84b31"
README = "README.md"
WARC = "crawl/meridian-daily.warc.gz"
# Records 1, 2, 4, 5, 6, 8, 10 are warcinfo, requests and the stylesheet: not articles.
WARC_ARTICLE_RECORDS = (3, 7, 9, 11)
JSONL = "feeds/eurasia-brief.jsonl"
JSONL_LINES = 6
ARTICLES = 48

# Each name is written in several forms across the archive; each form must appear in at
# least two articles, so the entity views have aliases to merge.
NAME_FORMS: dict[str, tuple[str, ...]] = {
    "Mikhail Ulyanov": ("Mikhail Ulyanov", "envoy Mikhail Ulyanov", "Mr. Ulyanov", "Mr Ulyanov"),
    "Abbas Araghchi": ("Seyed Abbas Araghchi", "Abbas Araghchi", "Araghchi said"),
    "Kazem Jalali": ("Kazem Jalali", "Ambassador Jalali"),
    "Oleg Syromolotov": ("Oleg Syromolotov", "Syromolotov Oleg"),
    "Sergei Ryabkov": ("Sergei Ryabkov",),
    "Lena Hartmann": ("Dr. Lena Hartmann", "Dr Lena Hartmann", "Hartmann said"),
    "Vera Lobanova": ("Vera Lobanova", "Lobanova said"),
    "Reza Farahani": ("Reza Farahani", "Farahani said"),
}
# How many articles must name each of these at least once (by the given substring).
RECURRING: dict[str, int] = {
    "Ulyanov": 25,
    "Araghchi": 20,
    "Jalali": 10,
    "Syromolotov": 6,
    "Ryabkov": 6,
    "Hartmann": 12,
    "Lobanova": 8,
    "Farahani": 8,
    "Haddad": 5,
    "Ferreira": 5,
    "Joint Commission": 12,
    "IAEA": 5,
    "IRNA": 5,
    "Security Council": 5,
    "Baghdad": 5,
    "Brussels": 2,
}
# Text that only boilerplate carries (share bars, forms, ads, banners, comment sections).
BOILERPLATE = (
    "Leave a Comment",
    "Leave a Reply",
    "Post Comment",
    "Post comment",
    "Share on Twitter",
    "Share this",
    "Join the discussion",
    "Sign up",
    "Subscribe",
    "Advertisement",
    "cookie",
    "Most read",
    "Most viewed",
    "You may also like",
    "Related articles",
    "Reader comments",
    "3 + 7 =",
    "Sixth time lucky?",
    "Saving this for my class.",
    "Good to see Vienna hosting again.",
)


def _load_script(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import a script from scripts/ (not a package) by its file path, for this test only."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script runs.
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


def _archive_files() -> list[str]:
    """Every shipped file under sample_archive/, as POSIX paths, ignoring hidden folders (an index)."""
    return sorted(
        path.relative_to(SAMPLE).as_posix()
        for path in SAMPLE.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(SAMPLE).parts)
    )


@pytest.fixture(scope="module")
def ingested() -> list[Document | Skipped]:
    """Everything ingest yields for the sample archive."""
    return list(iter_documents(SAMPLE))


@pytest.fixture(scope="module")
def articles(ingested: list[Document | Skipped]) -> dict[str, Article]:
    """The cleaned articles by id (the README describing the archive is no article)."""
    return {item.id: clean_document(item) for item in ingested if isinstance(item, Document) and item.id != README}


def test_every_file_ingests_without_skips(ingested: list[Document | Skipped]) -> None:
    """Only non-article WARC records may be skipped; every article record is read."""
    skipped = [item for item in ingested if isinstance(item, Skipped)]
    article_records = {f"{WARC}#{n}" for n in WARC_ARTICLE_RECORDS}
    for item in skipped:
        assert item.path.startswith(WARC), f"{item.path} skipped: {item.reason}"
        assert item.path not in article_records, f"{item.path} skipped: {item.reason}"


def test_each_file_and_record_is_one_document(ingested: list[Document | Skipped]) -> None:
    """One document per file, one per WARC article record, one per JSON line."""
    ids = [item.id for item in ingested if isinstance(item, Document)]
    assert len(ids) == len(set(ids))
    expected = {name for name in _archive_files() if name not in (README, WARC, JSONL)}
    expected |= {f"{WARC}#{n}" for n in WARC_ARTICLE_RECORDS}
    expected |= {f"{JSONL}#{n}" for n in range(1, JSONL_LINES + 1)}
    assert len(expected) == ARTICLES
    assert expected <= set(ids)
    assert set(ids) - expected <= {README}


def test_seed_is_shipped_unchanged() -> None:
    """The one real article is byte-for-byte the seed."""
    assert hashlib.sha256((SAMPLE / SEED).read_bytes()).hexdigest() == SEED_SHA256


def test_every_article_cleans_to_a_title_body_and_date(articles: dict[str, Article]) -> None:
    """Each document cleans to a title, several paragraphs and a publication date."""
    assert len(articles) == ARTICLES
    for article_id, article in articles.items():
        assert article.title.strip(), article_id
        assert len(article.body.split("\n\n")) >= 4, article_id
        assert article.published is not None, article_id


def test_articles_span_march_to_september(articles: dict[str, Article]) -> None:
    """The story runs over seven months of 2021."""
    months = {(a.published.year, a.published.month) for a in articles.values() if a.published}
    assert months == {(2021, month) for month in range(3, 10)}


def test_no_boilerplate_in_bodies(articles: dict[str, Article]) -> None:
    """Share bars, forms, ads, banners, comments and scraping leftovers are cleaned away."""
    for article_id, article in articles.items():
        for marker in BOILERPLATE:
            assert marker not in article.body, f"{marker!r} in {article_id}"


def test_seed_metadata(articles: dict[str, Article]) -> None:
    """The seed's title, date line and dateline are read from the text dump."""
    seed = articles[SEED]
    assert seed.title == "Iranian, Russian diplomats discuss counterterrorism efforts"
    assert seed.published is not None
    assert seed.published.replace(tzinfo=None) == datetime(2021, 5, 21, 18, 31)
    assert seed.dateline == "TEHRAN"


def test_non_utf8_and_gzip_pages_read_right(articles: dict[str, Article]) -> None:
    """The windows-1252 page keeps its accents; the gzip page is decompressed."""
    alpenpost = articles["alpenpost/en/international/2021/07/15/zurich-conference-hears-calls-for-patience.html"]
    assert alpenpost.title.startswith("Zürich conference")
    assert "Hélène Favre" in alpenpost.body and "Grüninger" in alpenpost.body
    assert "\ufffd" not in alpenpost.body and "Ã" not in alpenpost.body
    gz = articles["northfieldpost/world/2021/sep/24/six-months-on-what-the-vienna-talks-achieved.html.gz"]
    assert "Six months ago, delegations gathered in Vienna" in gz.body


@pytest.mark.parametrize(("name", "forms"), NAME_FORMS.items())
def test_name_forms_recur(articles: dict[str, Article], name: str, forms: tuple[str, ...]) -> None:
    """Every written form of a recurring name appears in at least two articles."""
    bodies = [article.body.replace("\u2019", "'") for article in articles.values()]
    for form in forms:
        assert sum(form in body for body in bodies) >= 2, f"{form!r} (for {name})"


@pytest.mark.parametrize(("name", "minimum"), RECURRING.items())
def test_names_recur_across_articles(articles: dict[str, Article], name: str, minimum: int) -> None:
    """People, organisations and places recur across many articles."""
    assert sum(name in article.body for article in articles.values()) >= minimum


def test_sample_warc_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    """scripts/make_sample_warc.py rebuilds the shipped WARC byte for byte."""
    script = _load_script("make_sample_warc", monkeypatch)
    output = BytesIO()
    script.build(output)
    assert output.getvalue() == (SAMPLE / WARC).read_bytes()


def test_encoded_samples_are_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    """scripts/make_sample_encoded.py rebuilds the shipped .gz and windows-1252 pages byte for byte."""
    script = _load_script("make_sample_encoded", monkeypatch)
    files = script.encoded_files()
    assert len(files) == 2
    for relpath, data in files.items():
        assert data == (SAMPLE / relpath).read_bytes(), relpath
