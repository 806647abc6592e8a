"""Dates written in an article's own language ("30. Juli 2018", "5. august 2024 kl. 14.05", "14 мая 2025").

The month names, the words for a.m. and p.m. and the order of numeric dates come from
dateparser's locale data (some 200 languages); only the article's language is looked at,
so finding a date stays one regular-expression search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from newsbrowse.extract.languages import MONTH_KEYS, WEEKDAY_KEYS, locale_info

_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
# Up to two short words or a separator between the date and its time ("kl.", "um", "à", "a las", ",").
_JOIN = r"(?:\s*(?:[-–—|,@/]|[^\W\d]{1,5}\.?)){0,2}\s*"
_CLOCK = r"(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?!\d)"
# The time that may follow a date written in any language, a.m./p.m. aside.
TIME_AFTER = rf"(?:{_JOIN}{_CLOCK})?"


# The languages whose weekday names are known wherever a byline is read.
_WEEKDAY_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "da", "nb", "nn", "sv", "fi", "pl", "ru", "uk")


@lru_cache(maxsize=1)
def weekday_names() -> frozenset[str]:
    """The full weekday names (casefolded) of the main European languages, from dateparser's locale data."""
    names: set[str] = set()
    for language in _WEEKDAY_LANGUAGES:
        info = locale_info(language) or {}
        names.update(name.casefold() for key in WEEKDAY_KEYS for name in info.get(key, ()) if len(name) >= 5)
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class LocalDates:
    """What finding dates in one language needs: its patterns and its words."""

    patterns: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    afternoon: frozenset[str]
    day_first: bool


def _alternatives(words: set[str]) -> str:
    """A regular-expression alternation of words, longest first."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=64)
def local_dates(language: str | None) -> LocalDates | None:
    """The date patterns of a language (ISO 639-1 code), or None for English and unknown languages.

    English dates are read by newsbrowse.clean.dates' own patterns.
    """
    if not language or language == "en":
        return None
    info = locale_info(language)
    if info is None:
        return None
    months: dict[str, int] = {}
    for number, key in enumerate(MONTH_KEYS, start=1):
        for name in info.get(key, ()):
            # Names holding digits ("1月") are numeric dates, read by the generic patterns.
            if not any(char.isdigit() for char in name) and len(name) >= 3:
                months[name.casefold()] = number
    if not months:
        return None
    meridiem = {word.casefold() for word in (*info.get("am", ()), *info.get("pm", ())) if word}
    afternoon = frozenset(word.casefold() for word in info.get("pm", ()) if word)
    ampm = rf"(?:\s*(?P<ampm>{_alternatives(meridiem)})(?!\w))?" if meridiem else ""
    time = rf"(?:{_JOIN}{_CLOCK}{ampm})?"
    month = rf"(?<!\w)(?P<month>{_alternatives(set(months))})(?!\w)\.?"
    # "30. Juli 2018", "15 de octubre de 2024", "1er septembre 2023"; and "Juli 30, 2018".
    day_month = rf"(?<!\d){_DAY}(?:er|º|°)?\.?\s*(?:de\s+)?{month},?\s*(?:de\s+|del\s+)?{_YEAR}(?!\d){time}"
    month_day = rf"{month}\s+{_DAY}\.?,?\s+{_YEAR}(?!\d){time}"
    patterns = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (day_month, month_day))
    return LocalDates(patterns, months, afternoon, str(info.get("date_order", "DMY")).startswith("D"))


def build_local(found: LocalDates, match: re.Match[str]) -> date | datetime | None:
    """The date (or date and time, when one is written) of a match of one of the language's patterns."""
    groups = match.groupdict()
    month = found.months.get(groups["month"].casefold())
    if month is None:
        return None
    try:
        day = date(int(groups["year"]), month, int(groups["day"]))
        if groups.get("hour") is None:
            return day
        hour = int(groups["hour"])
        if (groups.get("ampm") or "").casefold() in found.afternoon and hour < 12:
            hour += 12
        return datetime(day.year, day.month, day.day, hour, int(groups["minute"]), int(groups.get("second") or 0))
    except ValueError:
        return None
