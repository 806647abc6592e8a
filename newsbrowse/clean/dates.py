"""Publication dates from meta values, URLs and article text; aware only when an offset is given.

A date written without a time is a `date`, never a `datetime` at an invented midnight.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

from dateutil import parser as dateutil_parser

from newsbrowse.clean.localdates import TIME_AFTER, build_local, local_dates

_MIN_YEAR, _MAX_YEAR = 1900, 2100
# Long enough for any real date string; caps the work done on junk.
_MAX_DATE_CHARS = 120
# A line this short that is mostly a date is a date line ("Published May 3, 2021, 6:31 PM").
_DATE_LINE_CHARS = 80
_DATE_LINE_OTHER_WORDS = 4

# Zone abbreviations that name one offset; ambiguous ones (IST, ET, CST-as-China) are left naive.
_ZONES: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "EST": -300,
    "EDT": -240,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "WET": 0,
    "WEST": 60,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "IRST": 210,
    "IRDT": 270,
    "PKT": 300,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
}
_TZINFOS = {name: minutes * 60 for name, minutes in _ZONES.items()}

_MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:\s*(?:[-–—|,@/]|\bat\b)?\s*(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?"
    r"(?:\s*(?P<zone>[A-Z]{1,5}\b|(?:GMT|UTC)?\s?[+-]\d\d:?\d\d))?)?"
)
_ISO = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(?P<zone>Z|(?:UTC|GMT)?\s?[+-]\d\d(?::?\d\d)?|UTC|GMT)?)?(?!\d)"
)
# Month-name dates, either order, each with an optional time: "May 21, 2021 - 18:31", "21 May 2021 6:31 pm".
_MDY = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b{_TIME}", re.IGNORECASE)
_DMY = re.compile(rf"\b{_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b{_TIME}", re.IGNORECASE)
# Numeric dates with dots are day-first wherever they are used ("21.05.2021").
_DOTTED = re.compile(rf"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{_YEAR}(?![\d.]){_TIME}")
# In a short date line, also with a two-digit year ("Publisert: 05.08.24 kl. 14:05").
_DOTTED_SHORT = re.compile(
    r"(?<![\d.])(?P<day>[0-3]\d)\.(?P<month>[01]\d)\.(?P<year>\d\d)(?![\d.])"
    r"(?:\s*(?:kl\.?|um|à|om|klo\.?|,|-)?\s*(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?!\d))?"
)
# Slashed dates, read day first only in languages that write them so ("30/07/2018 14h05").
_SLASHED = re.compile(rf"(?<![\d/])(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/{_YEAR}(?![\d/]){TIME_AFTER}")
# Year, month and day with the CJK signs ("2025年1月13日 21時37分", "2018년 8월 25일 오후 3:04").
_CJK = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]"
    r"(?:\s*(?P<half>午前|午後|上午|下午|오전|오후)?\s*(?P<hour>[0-2]?\d)\s*[:時时시]\s*(?P<minute>[0-5]\d))?"
)
_AFTERNOON = frozenset({"午後", "下午", "오후"})
_DIGIT = re.compile(r"\d")
# Lines up to this long are date lines, where two-digit years are read.
_SHORT_DATE_TEXT = 160
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
# Dates in URL paths: /2021/05/21/, /2019/11/8/, /2021-05-21-, and digit runs /20210521/, /2024/0424/.
_URL_SEPARATED = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[/_-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?!\d)"
)
_URL_COMPACT = re.compile(r"(?<=[/_-])(?P<year>(?:19|20)\d\d)/?(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)")
_URL_MONTH_NAME = re.compile(rf"/{_YEAR}/{_MONTH}/{_DAY}/", re.IGNORECASE)


def _zone(name: str | None) -> timezone | None:
    """A fixed-offset timezone for an abbreviation or a "+04:30"-style offset, else None."""
    if not name:
        return None
    name = name.strip().upper()
    if name in _ZONES:
        return timezone(timedelta(minutes=_ZONES[name]))
    match = re.fullmatch(r"(?:GMT|UTC)?\s?([+-])(\d\d):?(\d\d)?", name)
    if match is None:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if match.group(1) == "-" else minutes))


# A date, or a date and time: what the page wrote, no more.
Published = date | datetime


def _build(match: re.Match[str]) -> Published | None:
    """The date of a match with year/month/day groups, with its time when an hour group matched
    (minute, second, ampm, zone and CJK half-day groups optional)."""
    groups = match.groupdict()
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    year = int(groups["year"])
    if year < 100:
        year += 2000
    try:
        day = date(year, month, int(groups["day"]))
    except ValueError:
        return None
    if not groups.get("hour"):
        return day
    hour = int(groups["hour"])
    ampm = (groups.get("ampm") or "").lower()
    if (ampm == "p" or groups.get("half") in _AFTERNOON) and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    try:
        value = datetime(year, month, day.day, hour, int(groups.get("minute") or 0), int(groups.get("second") or 0))
    except ValueError:
        return None
    zone = _zone(groups.get("zone"))
    return value.replace(tzinfo=zone) if zone is not None else value


def _fixed(value: datetime) -> datetime:
    """The datetime with any tzinfo replaced by a plain fixed offset (stable, serialisable)."""
    offset = value.utcoffset()
    return value if offset is None else value.replace(tzinfo=timezone(offset))


def _plausible(value: Published | None) -> Published | None:
    """The value if its year is believable for a news article, else None; a stated midnight is a
    date alone (systems that know only the day write "T00:00:00")."""
    if value is None or not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    return value


def day_of(value: Published) -> date:
    """The calendar day of a date or datetime."""
    return value.date() if isinstance(value, datetime) else value


@lru_cache(maxsize=256)
def _patterns(language: str | None, short: bool) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """The patterns to look for in a text in `language` (short: a date line), each with whether it is
    a local one, read with the language's words."""
    found: list[tuple[re.Pattern[str], bool]] = [
        (_ISO, False),
        (_MDY, False),
        (_DMY, False),
        (_DOTTED, False),
        (_CJK, False),
    ]
    if short:
        found.append((_DOTTED_SHORT, False))
    local = local_dates(language)
    if local is not None:
        found.extend((pattern, True) for pattern in local.patterns)
        if local.day_first:
            found.append((_SLASHED, False))
    return tuple(found)


def find_date(text: str, language: str | None = None) -> tuple[Published, int, int] | None:
    """The first written date in `text` (ISO, "May 21, 2021 - 18:31", "21 May 2021", "21.05.2021",
    "2025年1月13日", and in `language`'s own words: "30. Juli 2018") with its (start, end) span, or None."""
    if _DIGIT.search(text) is None:  # every date has digits; most lines have none
        return None
    best: tuple[Published, int, int] | None = None
    local = local_dates(language)
    for pattern, is_local in _patterns(language, len(text) <= _SHORT_DATE_TEXT):
        match = pattern.search(text)
        # The earliest date wins; of two starting together, the longer reading (with its time).
        if match is None or (best is not None and (match.start(), -match.end()) >= (best[1], -best[2])):
            continue
        value = _plausible(build_local(local, match) if is_local and local is not None else _build(match))
        if value is not None:
            best = (value, match.start(), match.end())
    return best


def date_line(text: str, language: str | None = None) -> Published | None:
    """The date of a short line that is mostly a date ("May 21, 2021 - 18:31", "Updated: 21 May 2021",
    "Publisert: 05.08.24"), else None."""
    if len(text) > _DATE_LINE_CHARS:
        return None
    found = find_date(text, language)
    if found is None:
        return None
    value, start, end = found
    other_words = (text[:start] + " " + text[end:]).split()
    return value if len(other_words) <= _DATE_LINE_OTHER_WORDS else None


def _dateutil(text: str) -> Published | None:
    """dateutil's reading of `text` (a date alone when it names no time), or None when it lacks a
    year or day or is not a date."""
    readings = []
    for default in (datetime(1, 1, 1, 0, 0), datetime(2, 2, 2, 1, 1)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                readings.append(dateutil_parser.parse(text, default=default, tzinfos=_TZINFOS))
        except (ValueError, OverflowError, TypeError, LookupError):
            return None
    first: datetime = readings[0]
    second: datetime = readings[1]
    # A field that follows the default was not in the text.
    if first.year != second.year or first.day != second.day:
        return None
    if (first.hour, first.minute) != (second.hour, second.minute):
        return first.date()
    return _fixed(first)


def parse_date(value: str | None, language: str | None = None) -> Published | None:
    """A date, with its time if one is given, from one date string (meta tag, JSON-LD, JSON field,
    date line), or None. Aware when the string gives an offset or zone, naive otherwise.
    """
    if not value:
        return None
    text = " ".join(str(value).split())[:_MAX_DATE_CHARS]
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        seconds = int(text[:10])
        return _plausible(datetime.fromtimestamp(seconds, tz=UTC))
    iso = _ISO.match(text)
    if iso is not None:
        return _plausible(_build(iso))
    found = find_date(text, language)
    if found is not None:
        return found[0]
    try:
        rfc = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        rfc = None
    if rfc is not None:
        return _plausible(_fixed(rfc))
    return _plausible(_dateutil(text))


def date_from_url(url: str | None) -> date | None:
    """The date written in a URL path (/2021/05/21/, /2021-05-21/, /20210521/), or None."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    scheme_end = path.find("//")
    if scheme_end >= 0:
        slash = path.find("/", scheme_end + 2)
        path = path[slash:] if slash >= 0 else ""
    for pattern in (_URL_SEPARATED, _URL_MONTH_NAME, _URL_COMPACT):
        for match in pattern.finditer(path):
            value = _plausible(_build(match))
            if value is not None:
                return day_of(value)
    return None
