"""Names across spellings and scripts: precision and recall of lookups and merges on an archive written here.

Run: .venv/bin/python benchmarks/spellings_eval.py [--articles-per-spelling N]

The archive (benchmarks/out/spellings-archive, rewritten each run) holds short news items in
English, German and Russian about twelve people, each written in the spellings those languages'
newspapers use (Ulyanov, Uljanow, Oulianov, Ульянов; Zelensky, Selenskyj, Зеленський ...), with
the company each keeps (places, organisations) in the article's language. Two pairs are traps:
Heydar and Ilham Aliyev (one surname, two people), and two Alexander Ivanovs (one name in two
spellings, a chess player and a painter, never in the same company).

Figures:
- lookup: every spelling (those in the archive and a few that are not) looked up with
  Archive.entity; precision and recall over pairs of spellings (a pair is "joined" when both
  find the same entity), against the true person of each spelling;
- articles: for each person, the articles `person:"<any spelling>"` finds against the articles
  written about them (precision and recall over all people's articles);
- the traps: whether the Aliyevs and the Ivanovs stay apart.
With --held-out ARCHIVE (an indexed archive, e.g. the BBC corpus), the joins spellings made
there are listed, for a person to judge: every entity with two names of one variant key or
consonant skeleton that are not one name otherwise.

A baseline in the same run: the same figures with names compared by their exact key only
(no transliteration, no variants), which is what search did before.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from newsbrowse.archive import open_archive
from newsbrowse.errors import QueryError
from newsbrowse.extract.names import name_key

OUT = Path(__file__).resolve().parent / "out" / "spellings-archive"


@dataclass(frozen=True)
class Person:
    """A person with the spellings each language writes, and the company each language's articles name."""

    key: str
    en: tuple[str, ...]
    de: tuple[str, ...]
    ru: tuple[str, ...]
    company: dict[str, tuple[str, str]]  # language -> (place, organisation)
    unseen: tuple[str, ...] = ()  # spellings looked up but never written in the archive


VIENNA = {"en": ("Vienna", "the IAEA"), "de": ("Wien", "der IAEA"), "ru": ("Вене", "МАГАТЭ")}
MOSCOW = {"en": ("Moscow", "the Kremlin"), "de": ("Moskau", "dem Kreml"), "ru": ("Москве", "Кремль")}
BAKU = {"en": ("Baku", "the Politburo"), "de": ("Baku", "dem Politbüro"), "ru": ("Баку", "Политбюро")}
KARABAKH = {
    "en": ("Baku", "the Karabakh commission"),
    "de": ("Baku", "der Karabach-Kommission"),
    "ru": ("Баку", "Карабахской комиссии"),
}
TEHRAN = {
    "en": ("Tehran", "the JCPOA commission"),
    "de": ("Teheran", "der JCPOA-Kommission"),
    "ru": ("Тегеране", "СВПД"),
}
KYIV = {"en": ("Kyiv", "the Rada"), "de": ("Kiew", "der Rada"), "ru": ("Киеве", "Рады")}
CHESS = {
    "en": ("Sofia", "the Chess Federation"),
    "de": ("Sofia", "dem Schachverband"),
    "ru": ("Софии", "Шахматной федерации"),
}
ART = {
    "en": ("St Petersburg", "the Hermitage"),
    "de": ("Sankt Petersburg", "der Eremitage"),
    "ru": ("Петербурге", "Эрмитаже"),
}

PEOPLE = (
    Person(
        "ulyanov",
        ("Mikhail Ulyanov", "Mikhail Ulianov"),
        ("Michail Uljanow",),
        ("Михаил Ульянов",),
        VIENNA,
        ("Mikhaïl Oulianov",),
    ),
    Person("lavrov", ("Sergei Lavrov", "Sergey Lavrov"), ("Sergej Lawrow",), ("Сергей Лавров",), MOSCOW),
    Person("peskov", ("Dmitry Peskov", "Dmitri Peskov"), ("Dmitrij Peskow",), ("Дмитрий Песков",), MOSCOW),
    Person("heydar", ("Heydar Aliyev", "Geidar Aliev"), ("Heidar Alijew",), ("Гейдар Алиев",), BAKU),
    Person("ilham", ("Ilham Aliyev", "Ilham Aliev"), ("Ilham Alijew",), ("Ильхам Алиев",), KARABAKH),
    Person("araghchi", ("Abbas Araghchi", "Abbas Araqchi"), ("Abbas Araktschi",), (), TEHRAN),
    Person(
        "zarif",
        ("Mohammad Javad Zarif", "Mohammed Javad Zarif"),
        ("Mohammad Dschawad Sarif",),
        ("Мохаммад Джавад Зариф",),
        TEHRAN,
    ),
    Person(
        "zelensky",
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Wolodymyr Selenskyj",),
        ("Владимир Зеленский",),
        KYIV,
    ),
    Person("tymoshenko", ("Yulia Tymoshenko", "Yuliya Tymoshenko"), ("Julija Tymoschenko",), ("Юлия Тимошенко",), KYIV),
    Person("navalny", ("Alexei Navalny", "Aleksei Navalny"), ("Alexej Nawalny",), ("Алексей Навальный",), MOSCOW),
    Person("ivanov-chess", ("Alexander Ivanov",), (), ("Александр Иванов",), CHESS),
    Person("ivanov-art", ("Aleksandr Ivanov",), (), (), ART),
)

TEMPLATES = {
    "en": (
        "{title}\n\nIn {place} on {day}, {name} met delegates of {org}. {name} told reporters the work would go on.\n",
        "{title}\n\nOfficials in {place} said {name} had written to {org} on {day}. The letter from {name} was short.\n",
    ),
    "de": (
        "{title}\n\nIn {place} sagte {name} am {day}, die Gespräche mit {org} würden fortgesetzt. {name} blieb zuversichtlich.\n",
    ),
    "ru": (
        "{title}\n\nВ {place} в {day} {name} встретился с представителями {org}. По словам журналистов, {name} был спокоен.\n",
    ),
}
DAYS = {
    "en": ("Monday", "Tuesday", "Friday"),
    "de": ("Montag", "Dienstag", "Freitag"),
    "ru": ("понедельник", "вторник", "пятницу"),
}
TITLES = {"en": "News from {place}", "de": "Nachrichten aus {place}", "ru": "Новости"}


def write_archive(root: Path, per_spelling: int, seed: int = 11) -> dict[str, set[str]]:
    """Write the archive; the article ids about each person."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    about: dict[str, set[str]] = {person.key: set() for person in PEOPLE}
    number = 0
    for person in PEOPLE:
        for language in ("en", "de", "ru"):
            for spelling in getattr(person, language):
                for _ in range(per_spelling):
                    number += 1
                    place, org = person.company[language]
                    text = rng.choice(TEMPLATES[language]).format(
                        title=TITLES[language].format(place=place),
                        place=place,
                        org=org,
                        day=rng.choice(DAYS[language]),
                        name=spelling,
                    )
                    name = f"{language}-{number:04d}.txt"
                    (root / name).write_text(text, encoding="utf-8")
                    about[person.key].add(name)
    return about


def spellings() -> list[tuple[str, str]]:
    """(spelling, person) of every spelling written or looked up."""
    return [
        (spelling, person.key) for person in PEOPLE for spelling in (*person.en, *person.de, *person.ru, *person.unseen)
    ]


def pair_scores(found: dict[str, str | None], truth: dict[str, str]) -> tuple[float, float]:
    """Precision and recall over pairs of spellings: joined when both found the same entity."""
    tp = fp = fn = 0
    for first, second in itertools.combinations(sorted(truth), 2):
        joined = found[first] is not None and found[first] == found[second]
        same = truth[first] == truth[second]
        tp += joined and same
        fp += joined and not same
        fn += same and not joined
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def main() -> None:
    """Build the archive, look every spelling up, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles-per-spelling", type=int, default=3)
    parser.add_argument("--held-out", type=Path, help="list the spelling joins in this archive too")
    args = parser.parse_args()
    if args.held_out:
        held_out(args.held_out)
    about = write_archive(OUT, args.articles_per_spelling)
    truth = dict(spellings())
    started = time.perf_counter()
    with open_archive(OUT) as archive:
        archive.update(jobs=1)
        built = time.perf_counter() - started

        def entity_of(spelling: str) -> str | None:
            """The entity a spelling finds (None when none, or several)."""
            try:
                found = archive.entity(spelling)
            except QueryError:
                return None
            return None if found is None else found.name

        found = {spelling: entity_of(spelling) for spelling in truth}
        exact = {spelling: name_key(spelling) for spelling in truth}  # the baseline: one key per way of writing
        tp = fp = fn = 0
        for person in PEOPLE:
            chosen = entity_of(person.en[0])
            hits = {hit.id for hit in archive.search(f'person:"{chosen}"', limit=10_000).hits} if chosen else set()
            tp += len(hits & about[person.key])
            fp += len(hits - about[person.key])
            fn += len(about[person.key] - hits)
        aliyevs_apart = entity_of("Heydar Aliyev") != entity_of("Ilham Aliyev") and None not in (
            entity_of("Heydar Aliyev"),
            entity_of("Ilham Aliyev"),
        )
        ivanovs_apart = entity_of("Alexander Ivanov") != entity_of("Aleksandr Ivanov")
    precision, recall = pair_scores(found, truth)
    base_precision, base_recall = pair_scores(dict(exact), truth)
    print(
        f"archive: {sum(len(ids) for ids in about.values())} articles about {len(PEOPLE)} people, {len(truth)} spellings"
    )
    print(f"built in {built:.1f} s")
    print(
        f"lookup pairs   precision {precision:.3f}  recall {recall:.3f}   (exact keys: {base_precision:.3f} / {base_recall:.3f})"
    )
    article_p = tp / (tp + fp) if tp + fp else 1.0
    print(
        f"articles       precision {article_p:.3f}  recall {tp / (tp + fn):.3f}   ({tp} of {tp + fn} found, {fp} wrong)"
    )
    print(f"Heydar and Ilham Aliyev apart: {aliyevs_apart};  the two Alexander Ivanovs apart: {ivanovs_apart}")
    misses = sorted(s for s, person in truth.items() if found[s] != entity_of_majority(found, truth, person))
    for spelling in misses:
        print(f"  not with its person: {spelling!r} -> {found[spelling]!r} (is {truth[spelling]})")


def held_out(path: Path) -> None:
    """Print the entities of an archive holding names that only a spelling rule makes one."""
    from newsbrowse.extract.spellings import skeleton_keys, variant_key

    with open_archive(path) as archive:
        archive.update()
        entities = archive.entities(limit=None)
    joins = []
    for entity in entities:
        keys = {name_key(alias) for alias in entity.aliases}
        for first, second in itertools.combinations(sorted(keys), 2):
            if first.split()[-1:] == second.split()[-1:]:
                continue  # one surname: the rules of names and short names, not of spellings
            if variant_key(first) == variant_key(second) or skeleton_keys(first) & skeleton_keys(second):
                joins.append((entity.name, entity.type, first, second))
    print(f"held-out {path}: {len(entities):,} entities, {len(joins)} pairs of names joined as spellings")
    for name, type_, first, second in joins:
        print(f"  {name} ({type_}): {first!r} ~ {second!r}")


def entity_of_majority(found: dict[str, str | None], truth: dict[str, str], person: str) -> str | None:
    """The entity most of a person's spellings find."""
    names = [found[s] for s, p in truth.items() if p == person and found[s] is not None]
    return max(set(names), key=names.count) if names else None


if __name__ == "__main__":
    main()
