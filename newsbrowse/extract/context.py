"""What a text tells about its own words: its lines, the words it writes in lowercase, the
capitalised words it uses alone, and the checks built on them ("is this capitalised word an
ordinary word here?")."""

from __future__ import annotations

import bisect
import functools
import re

from newsbrowse.extract.languages import Language
from newsbrowse.extract.lexicon import Known, Lexicon
from newsbrowse.extract.names import base_forms, folded_endings, name_key, stem_key
from newsbrowse.extract.runs import LOWER_LETTERS, UPPER, Token

_NEWLINE = re.compile(r"\n")
_LOWERCASE_NEXT = re.compile(r"[ \t]+[a-z]")
_ENGLISH_SPEECH = "said says told tells added adds wrote writes".split()
# The last word of a two-word capitalised run: a surname when the run is a full name.
_NAME_TAIL = re.compile(rf"[{UPPER}][\w'\u2019.-]*[ \t]+([{UPPER}][a-z]+)\b")
# Plural endings of words for jobs and groups ("Refiners", "Investors", "Analysts", "Residents").
_GROUP_PLURALS = ("ers", "ors", "ists", "ants", "ents", "ians")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:/-]\d+)*(?![\w])")
_TWO_CAPITALS = re.compile(rf"[{UPPER}][^{UPPER}]*[{UPPER}]")
LOWER = re.compile(rf"[{LOWER_LETTERS}]")
_MID_CAPS = re.compile(r"[A-Z](?<=[a-z,] .)[a-z]+(?=[ ,.;:][ a-z(])")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
# What TextFacts looks through word by word (characters, per text: this plus 16 times its
# length) before it collects every lowercase word of the text instead.
_FIND_BUDGET = 4096
# A capitalised word in mid-sentence: after a lowercase word or a comma (outside English, a name).
_CAPITALISED_MID = re.compile(rf"(?<=[{LOWER_LETTERS},] )[{UPPER}][\w'\u2019-]*")
# The word right before a position, and endings of inflected adjectives ("schwierige", "neuen").
_WORD_ENDING = re.compile(r"(\w+)[ \t]+$")
_INFLECTED_ENDINGS = ("e", "en", "er", "es", "em")
# The whole word after a position and the spaces before it.
_NEXT_WORD_WHOLE = re.compile(r"[ \t]+(\w[\w-]*)")
# Two capitalised words side by side (overlapping: "Ola Nordmann Hansen" gives both pairs).
_WORD_PAIR = re.compile(rf"(?<![\w'\u2019-])(?=([{UPPER}][\w'\u2019-]*)[ \t]+([{UPPER}][\w-]*)(?![\w-]))")
# Endings of German adjectives that open a name ("Europäische Union", "Deutsche Bank").
_ADJECTIVE_ENDINGS = ("ische", "ischen", "ischer", "isches", "sche", "schen")
_NEXT_WORD = re.compile(r"[ \t]+(\S)")
_WORD_CHAR = re.compile(r"[\w'\u2019-]")
# A word contracted with a verb or "not": "we’re", "it's", "don’t".
_CONTRACTION = re.compile(r"([a-z]+?)(n['\u2019]t|['\u2019](?:re|ve|ll|d|m|s))")
_SPACES = re.compile(r"\s+")
# A sentence-initial word this common in English is taken as an ordinary word.
COMMON_RANK = 20_000
VERY_COMMON_RANK = 2_000
# Places below the rank of a region's capital: a town may be named like a common word.
MINOR_PLACES = frozenset({"city", "region"})


def word_char(char: str) -> bool:
    """Whether a character is one that regular expressions' \\w matches (a letter, digit or other numeral, "_")."""
    return char.isalnum() or char == "_"


class TextFacts:
    """One text with its lists, and what it says about its own words (each computed once, when first needed)."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.language: Language = lex.language
        self._speech_next = _speech_pattern(lex.language)
        self._capitalised_mid: frozenset[str] | None = None
        self._after_given: frozenset[str] | None = None
        self.acronyms: set[str] = set()  # acronyms the text defines ("(JCPOA)")
        self._mid_caps: frozenset[str] | None = None
        self._lowercase: dict[str, bool] = {}
        self._lower_words: frozenset[str] | None = None  # every lowercase word, once looking one by one costs too much
        self._looked = 0
        self._surnames: frozenset[str] | None = None
        self._alone: dict[str, bool] = {}
        self._tables: dict[int, bool] = {}
        self.line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
        self._line_kinds = [""] * len(self.line_starts)
        self._current_line = (0, -1, "")  # the line kind_of_line was last asked about: start, end, kind

    # -- lines ------------------------------------------------------------------------------

    def kind_of_line(self, position: int) -> str:
        """Whether the line holding a position is prose, ALL CAPS or a title-case headline."""
        start, end, kind = self._current_line
        if start <= position < end:
            return kind  # runs come in text order: most are on the line asked about last
        line = self._line_of(position)
        kind = self._line_kinds[line]
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        if not kind:
            kind = self._line_kinds[line] = self._line_kind(self.text[start:end])
        self._current_line = (start, end, kind)
        return kind

    def _line_kind(self, line: str) -> str:
        """ "caps" for a line without lowercase letters, "headline" for title case, else "prose"."""
        if not LOWER.search(line):
            return "caps" if _TWO_CAPITALS.search(line) else "prose"
        if len(line) > 160 or line.rstrip().endswith((".", ":", ";", ",")):
            return "prose"
        words = line.split()
        if len(words) < 3:
            return "prose"
        capitalised_common = 0
        lowercase_long = 0
        for word in words:
            bare = word.strip("\"'\u201c\u201d\u2018\u2019,;:!?()")
            if len(bare) < 4:
                continue
            if bare[0].islower():
                lowercase_long += 1
            elif not bare.isupper() and self.ordinary(bare):
                capitalised_common += 1
        return "headline" if capitalised_common >= 2 and lowercase_long == 0 else "prose"

    def in_table(self, position: int) -> bool:
        """Whether a position is on a line of figures (a results or standings table)."""
        line = self._line_of(position)
        table = self._tables.get(line)
        if table is None:
            start = self.line_starts[line]
            end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
            table = self._tables[line] = len(_NUMBER.findall(self.text, start, end)) >= 2
        return table

    def _line_of(self, position: int) -> int:
        """The index of the line holding a position."""
        return bisect.bisect_right(self.line_starts, position) - 1

    def at_line_start(self, position: int) -> bool:
        """Whether only spaces stand between a position and the start of its line."""
        line_start = self.text.rfind("\n", 0, position) + 1
        return not self.text[line_start:position].strip()

    def at_sentence_start(self, position: int) -> bool:
        """Whether a position opens a sentence, a line or a quotation."""
        text = self.text
        index = position - 1
        while index >= 0 and text[index] in " \t\"'\u201c\u2018\u00ab":
            if text[index] in '"\u201c\u2018\u00ab':
                return True
            index -= 1
        if index < 0:
            return True
        ch = text[index]
        if ch == "-" and index > 0 and not text[index - 1].isspace():
            word_start = index - 1
            while word_start > 0 and text[word_start - 1].isalnum():
                word_start -= 1
            if text[word_start].isupper():
                return False  # a hyphen joining two names ("United-Arsenal"), not a dash
        if ch in "\n.!?:\u2013\u2014-|":
            return True
        return ch in "\u201d\u2019\"'" and index > 0 and text[index - 1] in ".!?"

    def span(self, tokens: list[Token]) -> str:
        """The text of tokens, with runs of whitespace made single spaces."""
        return _SPACES.sub(" ", self.text[tokens[0].start : tokens[-1].end])

    def longest_known(self, tokens: list[Token], index: int) -> tuple[int, Known] | None:
        """The longest listed name starting at tokens[index]: (end index, entry)."""
        lex = self.lex
        if name_key(tokens[index].text).split(" ", 1)[0] not in lex.known_openers:
            inflected = self.inflected_known(tokens[index : index + 1]) if lex.language.endings else None
            return (index + 1, inflected) if inflected is not None else None
        best = None
        limit = min(len(tokens), index + lex.longest_known)
        for end in range(index + 1, limit + 1):
            if tokens[end - 1].connector:
                continue
            known = lex.known.get(name_key(self.text[tokens[index].start : tokens[end - 1].end]))
            if known is not None:
                best = (end, known)
        return best

    def inflected_known(self, tokens: list[Token]) -> Known | None:
        """A listed name written with a case ending ("Norges", "Deutschlands", "Москве",
        "Малайзии"): its last word without the ending, or its stem, is listed."""
        lex = self.lex
        endings = lex.language.endings
        last = tokens[-1]
        if not endings or name_key(last.text) in lex.known:
            return None
        head = self.text[tokens[0].start : last.start]
        for base in base_forms(last.text, endings):
            known = lex.known.get(name_key(head + base))
            # A town is found by one letter's ending and a long stem: "Марией" is no "Мари", the
            # adjective "Подольский" no "Подольск".
            if known is not None and (
                known.kind not in MINOR_PLACES or (len(base) >= 5 and len(last.text) - len(base) == 1)
            ):
                return known
        key = name_key(head + last.text)
        stems = [stem_key(key, endings), *base_forms(key, folded_endings(endings))]
        return next((lex.known_stems[stem] for stem in stems if stem in lex.known_stems), None)

    # -- ordinary words ---------------------------------------------------------------------

    def is_common(self, token: Token, alone: bool) -> bool:
        """Whether a capitalised word is an ordinary word rather than a name: a common English
        word, or one the text itself writes in lowercase. A given name counts as a name when
        more capitalised words follow ("Mark Taylor")."""
        lex = self.lex
        if not self.language.english:
            return not self.word_evidence(token)
        word = token.lower.rstrip(".")
        known = lex.known.get(name_key(token.text))
        if known is not None:
            # "Mobile phones ...", "Split decisions ...": a town named like a common word.
            return (
                alone
                and known.kind in MINOR_PLACES
                and lex.common_rank.get(word, COMMON_RANK) < COMMON_RANK
                and _LOWERCASE_NEXT.match(self.text, token.end) is not None
            )
        well_known = lex.canonical.get(name_key(token.text))
        if well_known is not None and (token.text.isupper() or name_key(well_known.name) == name_key(token.text)):
            return False  # "Arsenal boss ...", "WTO rules ...": a well-known entity's own name
        if token.text in self._alone_mid_sentence():
            return False  # a name elsewhere in the text ("said Bush.")
        if self._writes_lowercase(word):
            return True  # the text writes it in lowercase too
        rank = lex.common_rank.get(word)
        if rank is None and "-" in word:
            # "No-one knows", "Well-known figures": a compound of very common words is common;
            # "Rolls-Royce", "Coca-Cola" are made of rarer ones.
            ranks = [lex.common_rank.get(part, COMMON_RANK) for part in word.split("-")]
            rank = max(ranks) if max(ranks) < VERY_COMMON_RANK else None
        before_verb = alone and _LOWERCASE_NEXT.match(self.text, token.end) is not None
        if rank is None:
            # "Refiners plan ...": a plural of a job or group before a verb, if no list names it.
            return (
                before_verb
                and word.endswith(_GROUP_PLURALS)
                and token.text not in lex.given_names
                and token.text not in lex.surnames
                and not self.speech_after(token.end)
            )
        if token.text in lex.given_names or token.text in lex.surnames:
            # "Johnson said", "Mark Taylor": a name unless it is a very common word ("Police"),
            # or a common one before a verb that no full name in the text ends with ("Banks will").
            if rank < VERY_COMMON_RANK:
                return alone or token.text not in lex.given_names
            return (
                before_verb
                and rank < COMMON_RANK
                and token.text not in lex.given_names  # "Jasper blew right by me"
                and token.text not in self._surnames_in_text()
                and not self.speech_after(token.end)
            )
        # Alone before a lowercase word, any listed word is ordinary ("Rescuers reached ...").
        return rank < COMMON_RANK or before_verb

    def speech_after(self, position: int) -> bool:
        """Whether a verb of speech follows a position ("Banks said", "Jensen siger")."""
        return self._speech_next.match(self.text, position) is not None

    # -- evidence for a name outside English ---------------------------------------------------

    def word_evidence(self, token: Token) -> bool:
        """Whether a capitalised word of a text in another language is a name rather than an
        ordinary word capitalised by its place (a sentence's start, or a noun in German): the
        lists know it, it is an acronym, a verb of saying follows it, it ends in an
        organisation's word ("Finanzministerium"), or the text uses it as a name elsewhere (in
        mid-sentence, outside German; after a given name, in any language)."""
        lex = self.lex
        text = token.text.rstrip(".")
        key = name_key(text)
        if key in lex.known or key in lex.canonical:
            return True
        if any(sum(1 for ch in part if ch.isupper()) >= 2 for part in text.split("-")):
            return True  # "SPD", "AfD" (not "Viertelfinal-Serie")
        language = self.language
        if language.capitalises_nouns:
            lower = token.lower.rstrip(".")
            if any(
                lower.endswith(word) and len(lower) - len(word) >= 3 for word in language.org_words if len(word) >= 4
            ):
                return True
            if self.after_determiner(token.start):
                return False  # "der Wahl", "eine schwierige Lage": a noun, whatever lists hold the word
        elif text in lex.surnames or text in self.capitalised_mid_sentence():
            return True
        if text in lex.given_names or self.speech_after(token.end) or self.lowercase_org_tail(token) is not None:
            return True  # "Jensen siger", "Высший совет"
        for base in base_forms(text, language.endings)[:1]:
            if base in lex.given_names or name_key(base) in lex.known or base in self.after_given_names():
                return True  # "Stines", "Norges", "Nordmanns" after "Ola Nordmann"
        return text in self.after_given_names()

    def uninflected(self, word: str) -> str:
        """A lone word without its case ending when the lists know it so and not as written
        ("Mettes" -> "Mette"; "Hans", a given name, and "Stines", a surname, stay)."""
        lex = self.lex
        if word in lex.given_names or word in lex.surnames or name_key(word) in lex.known:
            return word
        for base in base_forms(word, self.language.endings)[:1]:
            if base in lex.given_names or base in lex.surnames:
                return base
        return word

    def noun_evidence(self, tokens: list[Token], role: str | None) -> bool:
        """Whether capitalised words in a language that capitalises its nouns are a name: a
        title before them, or a word with evidence of its own (`word_evidence`), or an adjective
        opening a name ("Europäische Zentralbank")."""
        if role is not None:
            return True
        words = [t for t in tokens if not t.connector]
        if len(words) > 1 and words[0].lower.endswith(_ADJECTIVE_ENDINGS):
            return True  # "Europäische Zentralbank"
        if len(words) > 1 and not self.at_sentence_start(words[0].start) and not self.after_determiner(words[0].start):
            return True  # nouns are rarely written side by side in mid-sentence without an article
        return any(self.word_evidence(t) for t in words)

    def after_determiner(self, position: int) -> bool:
        """Whether the word before a position is an article ("der", "im") or looks like an
        inflected adjective ("schwierige", "neuen"): what follows is a noun phrase."""
        before = _WORD_ENDING.search(self.text, max(0, position - 40), position)
        if before is None:
            return False
        word = before.group(1)
        lower = word.lower()
        if not word.islower():
            return False
        if lower in self.language.articles:
            return True
        return (
            len(lower) >= 4
            and lower.endswith(_INFLECTED_ENDINGS)
            and lower not in self.lex.function_words
            and lower not in self.language.say
        )

    def after_given_names(self) -> frozenset[str]:
        """The capitalised words the text writes as the last of a full name: right after a given
        name ("Scholz" of "Olaf Scholz"); where nouns are lowercase, after any capitalised word
        but a function word ("Ибрагим" of "Анвар Ибрагим")."""
        if self._after_given is None:
            lex = self.lex
            nouns = self.language.capitalises_nouns
            self._after_given = frozenset(
                match.group(2)
                for match in _WORD_PAIR.finditer(self.text)
                if match.group(1) in lex.given_names
                or (not nouns and match.group(1).lower() not in lex.function_words and not match.group(1).isupper())
            )
        return self._after_given

    def capitalised_mid_sentence(self) -> frozenset[str]:
        """The capitalised words the text writes in mid-sentence (after a lowercase word or a comma)."""
        if self._capitalised_mid is None:
            self._capitalised_mid = frozenset(word.rstrip("'\u2019-") for word in _CAPITALISED_MID.findall(self.text))
        return self._capitalised_mid

    def lowercase_org_tail(self, token: Token) -> int | None:
        """Where an organisation's name ends that a capitalised adjective opens and lowercase words
        go on with, up to the language's word for a body: "Высший совет", "Окружного
        административного суда" (None if the words after the adjective hold no such word)."""
        language = self.language
        if not language.adjective_endings or not token.lower.endswith(language.adjective_endings):
            return None
        heads = language.org_words
        position = token.end
        for _ in range(3):
            match = _NEXT_WORD_WHOLE.match(self.text, position)
            if match is None or not match.group(1)[0].islower():
                return None
            word = match.group(1)
            if word in heads or any(base in heads for base in base_forms(word, language.endings)):
                return match.end()
            position = match.end()
        return None

    def given_name_in_mid_sentence(self, token: Token) -> bool:
        """Whether a capitalised function word is a given name in mid-sentence, in a language that
        writes its function words and nouns in lowercase there ("med Hans", Danish for "with Hans")."""
        language = self.language
        return (
            not language.english
            and not language.capitalises_nouns
            and token.text in self.lex.given_names
            and not self.at_sentence_start(token.start)
        )

    def function_word_as_name(self, token: Token) -> bool:
        """Whether a capitalised function word that is also a given name may be the name ("May
        Olsen"): in English, always; elsewhere only in mid-sentence, or where the text writes it
        so ("Hans" is "his" in Danish, and opens many sentences)."""
        if self.language.english:
            return True
        return not self.at_sentence_start(token.start) or token.text in self.capitalised_mid_sentence()

    def _surnames_in_text(self) -> frozenset[str]:
        """The capitalised words the text writes after another one, as in a full name."""
        if self._surnames is None:
            self._surnames = frozenset(_NAME_TAIL.findall(self.text))
        return self._surnames

    def ordinary(self, word: str) -> bool:
        """Whether a capitalised word is a common English word and no name (for headlines)."""
        lex = self.lex
        return (
            lex.common_rank.get(word.lower(), COMMON_RANK) < COMMON_RANK
            and name_key(word) not in lex.known
            and word not in lex.given_names
            and word not in lex.surnames
        )

    def _alone_mid_sentence(self) -> frozenset[str]:
        """The capitalised words the text uses alone in mid-sentence."""
        if self._mid_caps is None:
            text = self.text
            alone = set(_MID_CAPS.findall(text))
            # An organisation word that only ends longer names ("Pearl Line Shipping") is no name
            # alone: it counts only after a lowercase word or a comma.
            for word in [word for word in alone if word.lower() in self.lex.org_words]:
                if not self._after_a_lowercase_word(word):
                    alone.discard(word)
            self._mid_caps = frozenset(alone)
        return self._mid_caps

    def _writes_lowercase(self, word: str) -> bool:
        """Whether the text writes a word of two or more ASCII lowercase letters as a word of its
        own (no letter, digit or underscore touching it). Few words are asked about, so each is
        looked for rather than every lowercase word of the text collected, until the looking
        costs more than collecting them would (a long text, or one built to make it slow)."""
        if self._lower_words is None:
            found = self._lowercase.get(word)
            if found is not None:
                return found
            if _LOWER_WORD.fullmatch(word) is None:
                return False
            found = self._whole_word(word)
            if found is not None:
                self._lowercase[word] = found
                return found
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return word in self._lower_words

    def _whole_word(self, word: str) -> bool | None:
        """Whether the text holds a word with no word character (as regex \\w) on either side;
        None once the looking has gone past its budget (then every lowercase word is collected)."""
        text = self.text
        budget = _FIND_BUDGET + 16 * len(text)
        if self._looked > budget:
            return None
        start = 0
        position = text.find(word)
        while position >= 0:
            self._looked += position - start + 64  # characters scanned, and a share for the Python around them
            if self._looked > budget:
                return None
            end = position + len(word)
            if (position == 0 or not word_char(text[position - 1])) and (end == len(text) or not word_char(text[end])):
                return True
            start = position + 1
            position = text.find(word, start)
        self._looked += len(text) - start
        return False

    def stands_alone(self, word: str) -> bool:
        """Whether the text writes a capitalised word somewhere as a name on its own: neither
        after a capitalised word ("Syromolotov Oleg") nor before one."""
        alone = self._alone.get(word)
        if alone is None:
            alone = self._alone[word] = self._find_alone(word)
        return alone

    def _find_alone(self, word: str) -> bool:
        """The search behind stands_alone."""
        text = self.text
        position = text.find(word)
        while position >= 0:
            end = position + len(word)
            whole = (position == 0 or not _WORD_CHAR.match(text, position - 1)) and not _WORD_CHAR.match(text, end)
            after = _NEXT_WORD.match(text, end)
            if whole and (after is None or not after.group(1).isupper()):
                last = position - 1
                while last >= 0 and text[last] in " \t":
                    last -= 1
                first = last
                while first >= 0 and not text[first].isspace():
                    first -= 1
                previous = text[first + 1 : last + 1]
                if last == position - 1 or not previous[:1].isupper() or not previous[-1:].isalnum():
                    return True
            position = text.find(word, end)
        return False

    def follows_given_name(self, word: str, other_than: str) -> bool:
        """Whether the text writes a word right after a given name other than `other_than`
        somewhere ("Robert Kilroy-Silk" for "Euro-Sceptic Kilroy-Silk")."""
        text = self.text
        position = text.find(" " + word)
        while position > 0:
            before = text.rfind(" ", 0, position) + 1
            given = text[before:position]
            end = position + 1 + len(word)
            if given != other_than and given in self.lex.given_names and not _WORD_CHAR.match(text, end):
                return True
            position = text.find(" " + word, position + 1)
        return False

    def written_mid_sentence(self, first: Token, last: Token) -> bool:
        """Whether the words from first to last are written elsewhere after a lowercase word or
        a comma: "Deutsche Boerse" opening a sentence is the firm the text names mid-sentence."""
        text = self.text
        phrase = text[first.start : last.end]
        position = text.find(phrase)
        while position >= 0:
            if position and not self.at_sentence_start(position) and text[position - 1] in " \t":
                before = text.rfind(" ", 0, position - 1) + 1
                if text[position - 2] == "," or text[before].islower():
                    return True
            position = text.find(phrase, position + 1)
        return False

    def _after_a_lowercase_word(self, word: str) -> bool:
        """Whether the text writes a word after a lowercase word or a comma somewhere."""
        text = self.text
        position = text.find(" " + word)
        while position > 0:
            before = text.rfind(" ", 0, position) + 1
            if text[position - 1] == "," or text[before].islower():
                return True
            position = text.find(" " + word, position + 1)
        return False

    def shouted_word(self, token: Token) -> bool:
        """Whether an ALL-CAPS word in prose is an ordinary word shouted ("SALE"), not an acronym."""
        text = token.text
        return (
            len(text) > 1
            and text.isupper()
            and self.lex.common_rank.get(token.lower, COMMON_RANK) < COMMON_RANK
            and name_key(text) not in self.lex.known
            and name_key(text) not in self.acronyms
        )

    def contraction(self, token: Token) -> bool:
        """Whether a word is a pronoun or a common word contracted with a verb or "not"
        ("We’re", "That’s", "Don’t"); "Trump’s" is a name's possessive."""
        match = _CONTRACTION.fullmatch(token.lower) if "'" in token.text or "\u2019" in token.text else None
        if match is None:
            return False
        base, ending = match.groups()
        if ending in ("n't", "n\u2019t"):
            return True
        if ending[1:] == "s":
            return base in self.lex.function_words
        return base in self.lex.function_words or self.lex.common_rank.get(base, COMMON_RANK) < VERY_COMMON_RANK

    # -- given names and surnames -------------------------------------------------------------

    def is_place(self, word: str) -> bool:
        """Whether a word is a listed place."""
        known = self.lex.known.get(name_key(word))
        return known is not None and known.type == "place"

    def given_not_place(self, first: str, last: str) -> bool:
        """Whether a given name opening a name is no place: not listed as one, or only as a
        town before a listed surname ("George Adams", not "Georgia Tech")."""
        known = self.lex.known.get(name_key(first))
        return known is None or (known.kind in MINOR_PLACES and last in self.lex.surnames)

    def given_and_surname(self, given: Token, surname: Token) -> bool:
        """Whether two words are a given name and a surname-like word ("Jan Egeland"), the
        second being no common English word unless it is a listed surname."""
        lex = self.lex
        word = surname.lower.rstrip(".")
        return (
            given.text in lex.given_names
            and lex.common_rank.get(given.lower, COMMON_RANK) >= VERY_COMMON_RANK  # not "The"
            and not surname.text.isupper()
            and word not in lex.function_words
            and (surname.text in lex.surnames or lex.common_rank.get(word, COMMON_RANK) >= COMMON_RANK)
        )

    def keeps_last_word(self, tokens: list[Token]) -> bool:
        """Whether a two-word name keeps a last word that is a function word or a day: after
        a given name ("Mike Friday"), or after a common word in mid-sentence ("Take That")."""
        first = tokens[0]
        if first.text.isupper() or tokens[1].text.isupper():
            return False
        if first.text in self.lex.given_names and first.text not in self.lex.surnames:
            return True
        return self.lex.common_rank.get(first.lower, COMMON_RANK) < COMMON_RANK and not self.at_sentence_start(
            first.start
        )


@functools.cache
def _speech_pattern(language: Language) -> re.Pattern[str]:
    """The regex of a verb of saying right after a name, in English and the text's language."""
    verbs = sorted({*_ENGLISH_SPEECH, *language.say}, key=len, reverse=True)
    return re.compile(rf"[ \t]+(?:{'|'.join(map(re.escape, verbs))})\b")
