"""Where an article comes from when its page does not say: the section from its folder, the source from its file name.

Scraped archives are often laid out by outlet and section (`bbc/business/012.txt`,
`northfieldpost/world/2021/may/20/x.html`) and text dumps named after their outlet
(`tehrantimes-2021-05-21-slug.txt`). These are the last resort, after what the page,
the JSON record or the WARC header states.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

# Folder names that say how an archive is stored, not what an article is about.
_STORAGE = frozenset(
    "archive archives article articles content crawl crawls data doc docs document documents download downloads"
    " dump dumps export exports feed feeds file files htm html input json jsonl news output page pages raw"
    " scraped site stories story text texts txt warc warcs web www".split()
)
# Month folders of dated layouts (2021/may/20) name no section either.
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec".split())
_NOT_SECTIONS = _STORAGE | _MONTHS
# A folder named like an article ("analysts-expect-busy-spring") is the article's own, not a section.
_MOST_SECTION_WORDS = 3
_SEPARATORS = re.compile(r"[-_.]+")
# "tehrantimes-2021-05-21-slug": an outlet's name (a word or three) before a date.
_NAME_BEFORE_DATE = re.compile(
    r"^(?P<outlet>[a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*){0,2})[-_](?:19|20)\d\d[-_]?\d\d[-_]?\d\d(?:[-_.]|$)",
    re.IGNORECASE,
)
# Runs of up to four capitalised words in a text, where the outlet's own spelling may be found.
_CAPITALISED_RUN = re.compile(r"\b(?:The\s+)?[A-Z][\w&'’]*(?:\s+[A-Z][\w&'’]*){0,3}")


def _compact(text: str) -> str:
    """Letters and digits only, lower case: "The Tehran Times" and "tehran-times" both give "thetehrantimes"."""
    return "".join(char for char in text.casefold() if char.isalnum())


def _is_section(name: str, source: str | None) -> bool:
    """Whether a folder or URL segment can name a section: a word or two, no date, no storage word, not the outlet."""
    words = [word for word in _SEPARATORS.split(name.casefold()) if word]
    if not words or len(words) > _MOST_SECTION_WORDS or len(name) < 3:
        return False
    if any(word.isdigit() for word in words) or name.casefold() in _NOT_SECTIONS:
        return False
    if source and _compact(name) in (_compact(source), _compact(source).removeprefix("the")):
        return False
    return any(char.isalpha() for char in name)


def section_of(path: str, url: str | None = None, source: str | None = None) -> str | None:
    """The section an article's place suggests: its nearest folder that can name one, else its URL's path.

    `path` is the file's path in the archive (a record inside a WARC or JSONL file takes
    the container's folders, which say little, so its URL comes first); `source` is the
    outlet, whose own folder is no section. None when neither tells anything.
    """
    folders = list(reversed(PurePosixPath(path).parent.parts))
    segments: list[str] = []
    if url:
        try:
            segments = [part for part in urlsplit(url).path.split("/") if part][:-1]  # the last one is the page
        except ValueError:
            segments = []
    places = [*folders, *reversed(segments)] if "#" not in path else [*reversed(segments), *folders]
    return next((place for place in places if _is_section(place, source)), None)


def source_from_name(path: str, text: str = "") -> str | None:
    """The outlet a file is named after ("tehrantimes-2021-05-21-….txt" -> "tehrantimes"), spelt as `text` writes it.

    When the article's text names the outlet in words that make the same letters
    ("Tehran Times"), that spelling is used; otherwise the file name's.
    """
    found = _NAME_BEFORE_DATE.match(PurePosixPath(path.split("#", 1)[0]).name)
    if found is None:
        return None
    outlet = found.group("outlet")
    wanted = _compact(outlet)
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group().split()
        for start in range(len(words)):  # "Iran's Tehran Times Reported" holds it in its middle
            for end in range(start + 1, len(words) + 1):
                if _compact(" ".join(words[start:end])) in (wanted, "the" + wanted):
                    return " ".join(words[start:end])
    return outlet
