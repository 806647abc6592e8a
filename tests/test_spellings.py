"""One name across spellings and scripts: the keys that find it, and the archive joining it (and not more)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrowse.archive import open_archive
from newsbrowse.corrections import Correction
from newsbrowse.errors import QueryError
from newsbrowse.extract.names import name_key
from newsbrowse.extract.spellings import near_spellings, skeleton_keys, variant_key


def variant(name: str) -> str:
    """The variant key of a name as written."""
    return variant_key(name_key(name))


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mikhail Ulyanov", "Mikhail Ulianov", "Michail Uljanow", "Mikhaïl Oulianov", "Михаил Ульянов"),
        ("Sergei Lavrov", "Sergey Lavrov", "Sergej Lawrow", "Сергей Лавров"),
        ("Abbas Araghchi", "Abbas Araqchi"),
        ("Heydar Aliyev", "Гейдар Алиев"),
    ],
)
def test_spellings_of_one_name_share_a_variant_key(spellings: tuple[str, ...]) -> None:
    """Transliteration and the usual romanisation variants fold to one key."""
    assert len({variant(name) for name in spellings}) == 1


def test_different_names_keep_different_keys() -> None:
    """Two people of one surname differ by the given name; a skeleton alone is only a proposal."""
    assert variant("Heydar Aliyev") != variant("Ilham Aliyev")
    assert variant("Hassan Rouhani") != variant("Hussein Rouhani")
    assert skeleton_keys(name_key("عباس عراقچی")) & skeleton_keys(name_key("Abbas Araghchi"))
    assert near_spellings(variant("Mohammad"), variant("Muhammad"))
    assert not near_spellings(variant("Ulyanov"), variant("Lavrov"))


ARTICLES = {
    "u1.txt": "Talks resume in Vienna\n\nMikhail Ulyanov, Russia's envoy to the IAEA in Vienna, said the talks would "
    "resume. Ulyanov spoke to reporters.\n",
    "u2.txt": "Envoy speaks\n\nMikhail Ulianov, the Russian envoy in Vienna, told the IAEA board of progress.\n",
    "u3.txt": "Gespräche in Wien\n\nMichail Uljanow, der russische Gesandte bei der IAEA in Wien, sagte, die "
    "Gespräche würden fortgesetzt.\n",
    "u4.txt": "Переговоры в Вене\n\nВ Вене постоянный представитель России Михаил Ульянов заявил, что переговоры "
    "продолжатся. Ульянов добавил, что МАГАТЭ готово.\n",
    "u5.txt": "Ульянов о переговорах\n\nПо словам дипломата, Ульянов считает, что переговоры в Вене продолжатся.\n",
    "a1.txt": "Iran's negotiator\n\nAbbas Araghchi, Iran's deputy foreign minister, said in Tehran that the JCPOA "
    "talks were useful.\n",
    "a2.txt": "Tehran responds\n\nAbbas Araqchi, Iran's chief negotiator, said in Tehran the JCPOA could be restored.\n",
    "h1.txt": "Baku remembers\n\nHeydar Aliyev, the former Soviet Politburo member, led Azerbaijan from 1993. "
    "Heydar Aliyev died in 2003.\n",
    "h2.txt": "Памяти лидера\n\nВ Баку вспоминают, что Гейдар Алиев руководил Азербайджаном с 1993 года.\n",
    "i1.txt": "Karabakh statement\n\nIlham Aliyev, the president of Azerbaijan, spoke about Karabakh in Baku on "
    "Tuesday. Ilham Aliyev said the war was over.\n",
    "i2.txt": "Президент о Карабахе\n\nИльхам Алиев, президент Азербайджана, заявил о Карабахе в Баку.\n",
}


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles above, indexed once."""
    root = tmp_path_factory.mktemp("spellings") / "archive"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    with open_archive(root) as archive:
        archive.update(jobs=1)
    return root


def test_one_person_across_spellings_and_scripts_is_one_entity(archive_dir: Path) -> None:
    """Five spellings in three languages (a lone Cyrillic surname too) are one person in five articles."""
    with open_archive(archive_dir) as archive:
        people = {e.name: e for e in archive.entities(type="person", limit=None)}
        ulyanov = archive.entity("Mikhail Ulyanov")
        assert ulyanov is not None and ulyanov.articles == 5
        assert ulyanov.name in people and "Ульянов" not in people
        for spelling in ("Ulianov", "Uljanow", "Михаил Ульянов", "Ульянов", "Mikhaïl Oulianov"):
            found = archive.entity(spelling)
            assert found is not None and found.name == ulyanov.name, spelling
        assert {hit.id for hit in archive.search("person:Ульянов", limit=20).hits} == {f"u{n}.txt" for n in range(1, 6)}


def test_two_aliyevs_stay_apart_and_a_bare_aliyev_asks_which(archive_dir: Path) -> None:
    """Heydar and Ilham Aliyev, each in Latin and Cyrillic, are two people; "Aliyev" alone is ambiguous."""
    with open_archive(archive_dir) as archive:
        heydar, ilham = archive.entity("Гейдар Алиев"), archive.entity("Ильхам Алиев")
        assert heydar is not None and ilham is not None
        assert (heydar.name, heydar.articles) == ("Heydar Aliyev", 2)
        assert (ilham.name, ilham.articles) == ("Ilham Aliyev", 2)
        with pytest.raises(QueryError, match="may mean"):
            archive.entity("Aliyev")


def test_a_name_in_arabic_script_finds_the_latin_spelling(archive_dir: Path) -> None:
    """Araghchi and Araqchi are one; the Persian spelling, consonants alone, finds it."""
    with open_archive(archive_dir) as archive:
        araghchi = archive.entity("عباس عراقچی")
        assert araghchi is not None and (araghchi.name, araghchi.articles) == ("Abbas Araghchi", 2)


def test_a_correction_undoes_a_wrong_spelling_join(tmp_path: Path) -> None:
    """Splitting a spelling off (entity alias --remove) makes it an entity of its own; the rest stay joined."""
    root = tmp_path / "archive"
    root.mkdir()
    for name in ("u1.txt", "u2.txt", "u3.txt"):
        (root / name).write_text(ARTICLES[name], encoding="utf-8")
    with open_archive(root) as archive:
        archive.update(jobs=1)
        joined = archive.entity("Uljanow")
        assert joined is not None and joined.articles == 3
        spelling = next(name for name in ("Mikhail Ulianov", "Michail Uljanow") if name != joined.name)
        archive.correct(Correction("split", spelling, joined.name))
        apart = archive.entity(spelling)
        rest = archive.entity("Mikhail Ulyanov")
        assert apart is not None and rest is not None and apart.name != rest.name
        assert (apart.articles, rest.articles) == (1, 2)
