"""Reading the clauses around a quote: who the clause after it ("“A,” Smith said", "said the
minister") or before it ("Smith said that “A”", "According to Smith, “A”") names as the speaker.

A clause after the quote must start with its subject or its verb; after a quote that is a whole
sentence only a plain "he said" / "“Why?” Smith asked" counts, never the next quote's lead-in
("“A.” He warned that “B”"). Failing that, the clause before the quote, nearest speech verb
first. "According to reports" or "a statement" names a document, not a speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from newsbrowse.extract.context import word_char
from newsbrowse.extract.lexicon import Lexicon, lexicon
from newsbrowse.extract.quote_marks import Span
from newsbrowse.extract.quote_words import (
    NOBODY,
    TOKEN,
    WRITTEN,
    WRITTEN_SOURCES,
    QuoteWords,
    Tok,
    Who,
    quote_words,
)
from newsbrowse.extract.sentences import iter_sentences, split_sentences
from newsbrowse.model import Entity, Mention


@dataclass
class Clauses:
    """The entities of one text, indexed for reading the clauses around its quotes."""

    text: str
    entities: list[Entity]
    spans: list[Span]
    mentions: list[tuple[int, int, Entity]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    inside: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    untagged: dict[str, Entity] = field(default_factory=dict)  # people the entities missed
    sentences: list[tuple[int, int]] | None = None
    words: QuoteWords = field(default_factory=quote_words)  # the language's attribution words
    lex: Lexicon = field(default_factory=lexicon)

    def __post_init__(self) -> None:
        surnames: dict[str, Entity | None] = {}
        for entity in self.entities:
            if entity.type == "person":
                for alias in {entity.name, *entity.aliases}:
                    last = alias.split()[-1]
                    surnames[last] = entity if surnames.get(last, entity) is entity else None
        for entity in self.entities:
            if entity.type in ("person", "org"):
                self.mentions.extend((m.start, m.end, entity) for m in entity.mentions)
        self.mentions.sort(key=lambda m: (m[0], -m[1]))
        self.add_surname_mentions({k: v for k, v in surnames.items() if v is not None})
        self.starts = [m[0] for m in self.mentions]
        self.inside = [(span.opener, span.closer) for span in self.spans]
        self.breaks = [match.start() for match in re.finditer("\n", self.text)]

    def add_surname_mentions(self, surnames: dict[str, Entity]) -> None:
        """Add a mention for each bare surname the entities left untagged ("Collins" later on)."""
        if not surnames:
            return
        starts = [m[0] for m in self.mentions]
        extra = []
        for start, end, surname in _whole_words(self.text, surnames):
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and self.mentions[k][1] > start:
                continue  # inside a tagged mention
            if k + 1 < len(starts) and starts[k + 1] < end:
                continue
            extra.append((start, end, surnames[surname]))
        if extra:
            self.mentions = sorted(self.mentions + extra, key=lambda m: (m[0], -m[1]))

    # -- where things are ---------------------------------------------------------------------

    def in_quote(self, pos: int) -> bool:
        """Whether pos lies between the marks of a quote."""
        k = bisect.bisect_right(self.inside, (pos, len(self.text))) - 1
        return k >= 0 and self.inside[k][0] < pos < self.inside[k][1]

    def paragraph_start(self, pos: int) -> int:
        """The offset where the line holding pos begins."""
        k = bisect.bisect_left(self.breaks, pos)
        return self.breaks[k - 1] + 1 if k else 0

    def paragraph_end(self, pos: int) -> int:
        """The offset where the line holding pos ends."""
        k = bisect.bisect_left(self.breaks, pos)
        return self.breaks[k] if k < len(self.breaks) else len(self.text)

    def sentence_spans(self) -> list[tuple[int, int]]:
        """The sentences of the whole text, computed once when a pronoun needs them."""
        if self.sentences is None:
            self.sentences = split_sentences(self.text)
        return self.sentences

    def persons_between(self, start: int, end: int) -> list[tuple[int, Entity]]:
        """Person mentions outside quotes starting in [start, end), in order."""
        k = bisect.bisect_left(self.starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k][0] < end:
            pos, _, entity = self.mentions[k]
            if entity.type == "person" and not self.in_quote(pos):
                out.append((pos, entity))
            k += 1
        return out

    def persons_before(self, pos: int, floor: int) -> Iterator[tuple[int, Entity]]:
        """Persons mentioned outside quotes in [floor, pos), latest first, with their positions."""
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and self.mentions[k][0] >= floor:
            start, _, entity = self.mentions[k]
            if entity.type == "person" and not self.in_quote(start):
                yield start, entity
            k -= 1

    # -- tokens -------------------------------------------------------------------------------

    def tokens(self, start: int, end: int) -> list[Tok]:
        """The tokens of text[start:end], each entity mention merged into one token."""
        text = self.text
        mentions = self.mentions
        k = bisect.bisect_right(self.starts, start) - 1
        k = max(k, 0)
        if (k >= len(mentions) or mentions[k][1] <= start or mentions[k][0] >= end) and (
            k + 1 >= len(mentions) or mentions[k + 1][0] >= end
        ):
            # No mention the walk below looks at reaches into the window (later ones start later).
            words = [(*match.span(), match.group()) for match in TOKEN.finditer(text, start, end)]
            return self.name_untagged([Tok(a, b, word, word.lower()) for a, b, word in words])
        toks: list[Tok] = []
        for match in TOKEN.finditer(text, start, end):
            a, b = match.span()
            while k < len(mentions) and mentions[k][1] <= a:
                k += 1
            if k < len(mentions) and mentions[k][0] <= a < mentions[k][1]:
                m_start, _, entity = mentions[k]
                if toks and toks[-1].entity is entity and toks[-1].start >= m_start:
                    last = toks[-1]
                    last.end = b
                    last.text = text[last.start : b]
                    last.low = last.text.lower()
                    continue
                word = match.group()
                toks.append(Tok(a, b, word, word.lower(), entity))
                continue
            word = match.group()
            toks.append(Tok(a, b, word, word.lower()))
        return self.name_untagged(toks)

    def name_untagged(self, toks: list[Tok]) -> list[Tok]:
        """Merge an untagged "Given Surname" run into one person token (the entities missed it)."""
        lex = self.lex
        given_names = lex.given_names
        if given_names.isdisjoint([tok.text for tok in toks[:-1]]):
            return toks  # no given name before another token: the common case
        out: list[Tok] = []
        k = 0
        while k < len(toks):
            tok = toks[k]
            run = 1
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if tok.entity is None and tok.text in lex.given_names and nxt is not None:
                if nxt.entity is not None and nxt.entity.type != "person" and " " not in nxt.text:
                    run = 2  # "Jan Egeland" with "Egeland" typed as an organisation
                while (
                    tok.low not in lex.function_words  # "May", "Will", "Jan" alone are no names
                    and run < 3
                    and k + run < len(toks)
                    and toks[k + run].entity is None
                    and toks[k + run].text[:1].isupper()
                    and toks[k + run].text[1:].islower()
                    and toks[k + run].low not in lex.org_words
                    and toks[k + run].low not in lex.known
                ):
                    run += 1
            if run == 1:
                out.append(tok)
                k += 1
                continue
            end = toks[k + run - 1].end
            name = self.text[tok.start : end]
            entity = self.untagged.setdefault(name, Entity(name, "person", (Mention(tok.start, end, name),)))
            out.append(Tok(tok.start, end, name, name.lower(), entity))
            k += run
        return out

    # -- who is the subject -------------------------------------------------------------------

    def noun_phrase_before(self, toks: list[Tok], end: int) -> tuple[Who | None, int]:
        """Read the noun phrase that ends just before toks[end]; return it and its first index."""
        j = end - 1
        if j < 0:
            return None, -1
        tok = toks[j]
        if tok.entity is not None:
            # "Smith and Jones said": two speakers, none of them alone.
            if j >= 2 and toks[j - 1].low in ("and", "&") and toks[j - 2].entity is not None:
                return Who(NOBODY, tok.start), j - 2
            first = j
            while first > 0 and self.is_title_word(toks[first - 1]):
                first -= 1
            return Who("entity", tok.start, tok.entity), first
        low = tok.low
        if low in self.words.pronoun_gender:
            return Who("pronoun", tok.start, words=(low,)), j
        if low == "who" and j >= 2 and toks[j - 1].text == ",":
            antecedent, first = self.noun_phrase_before(toks, j - 1)
            return antecedent, first
        if low in self.words.no_one or low == "who":
            return Who(NOBODY, tok.start), j
        head = low
        plural = head not in self.words.roles and head[:-1] in self.words.roles
        if head in self.words.roles or head.endswith("-old") or plural:
            words = [head]
            k = j - 1
            while k >= 0 and j - k <= 6:
                word = toks[k]
                if word.low in self.words.possessive or word.low in self.words.indefinite or plural:
                    # "Smith's spokeswoman", "a ministry spokesman", "officials": nobody we know.
                    first = k
                    if word.low in ("'s", "’s"):
                        first = self.phrase_start(toks, k)
                    return Who(NOBODY, tok.start), first
                if word.low in self.words.the:
                    return Who("role", tok.start, words=tuple(reversed(words))), k
                if word.entity is not None and word.entity.type in ("org", "place", "other"):
                    words.append(word.low)  # "the CBT chairman", "the Utah senator"
                    k -= 1
                    continue
                if word.entity is not None or not word.text[0].isalnum():
                    break
                words.append(word.low)
                k -= 1
            # Without "the" a role is no reference back ("chief executive" before a name we missed).
            return Who(NOBODY, tok.start), k + 1
        if tok.text[:1].isalpha() and low not in self.words.function_words:
            return Who(NOBODY, tok.start), self.phrase_start(toks, j + 1)  # "the ministry said"
        return None, -1

    def phrase_start(self, toks: list[Tok], k: int) -> int:
        """Where the noun phrase ending before toks[k] begins ("the company" before "'s")."""
        first = k
        while first > 0 and k - first < 5:
            tok = toks[first - 1]
            if not tok.text[0].isalnum() or tok.low in self.words.verbs:
                break
            first -= 1
            if (
                tok.low in ("the", "a", "an", "this", "that")
                or tok.low in self.words.the
                or tok.low in self.words.indefinite
            ):
                break
        return first

    def noun_phrase_after(self, toks: list[Tok], k: int) -> Who | None:
        """Read the noun phrase that starts at toks[k] ("said Smith", "said the minister")."""
        titles = self.words.titles
        for j in range(k, min(k + 7, len(toks))):
            tok = toks[j]
            if tok.entity is not None:
                if self.possessed(toks, j):
                    continue  # "said Ernst and Young's Sanjay Mehta", "the ISM's chairman"
                return Who("entity", tok.start, tok.entity)  # "said chief executive Sam Yagan"
            if (tok.text == "." and j > k and toks[j - 1].low in titles) or tok.low in ("'s", "’s"):
                continue  # "said Dr. Lena Hartmann", "said Acme's Jane Roe"
            if not tok.text[0].isalnum() or tok.low in self.words.verbs:
                break
        for j in range(k, min(k + 7, len(toks))):
            tok = toks[j]
            if j == k and tok.low in self.words.pronoun_gender:
                return Who("pronoun", tok.start, words=(tok.low,))
            if j == k and tok.low in self.words.indefinite | self.words.possessive | self.words.no_one:
                return Who(NOBODY, tok.start)
            if not tok.text[0].isalnum() or tok.low in self.words.verbs:
                break
            if tok.low in self.words.roles and j > k:
                who, _ = self.noun_phrase_before(toks, j + 1)
                if j + 2 < len(toks) and toks[j + 1].text == "," and toks[j + 2].entity is not None:
                    return Who("entity", toks[j + 2].start, toks[j + 2].entity)
                return who
        return None

    @staticmethod
    def possessed(toks: list[Tok], j: int) -> bool:
        """Whether the name at toks[j] is followed, within its noun phrase, by a possessive
        "'s" (so owns the speaker rather than being one: "Ernst and Young's Sanjay Mehta")."""
        for k in range(j + 1, min(j + 4, len(toks))):
            if toks[k].low in ("'s", "’s"):
                return True
            if not (toks[k].text[0].isupper() or toks[k].low in ("and", "&")):
                return False
        return False

    def subject_of(self, toks: list[Tok], verb: int) -> tuple[Who | None, int]:
        """The subject of the verb at toks[verb], looking left past adverbs and an apposition."""
        j = verb - 1
        while j >= 0 and (toks[j].low in self.words.between or (toks[j].low.endswith("ly") and toks[j].text.islower())):
            j -= 1
        if j >= 0 and toks[j].text == ",":
            relative = self.relative_clause_start(toks, j)
            if relative >= 0:
                # "Ulyanov, Moscow's envoy, who leads the delegation, wrote": past the clause.
                who, first = self.subject_of(toks, relative + 1)
                return (who, first) if who is not None else self.noun_phrase_before(toks, relative)
            # "Smith, the minister, said" / "A spokeswoman, Jane Roe, said" / "Taylor, 24, said"
            k = j - 1
            while k >= 0 and toks[k].text != "," and j - k < 16:
                k -= 1
            if k >= 0 and toks[k].text == ",":
                who, first = self.noun_phrase_before(toks, k)
                inner = toks[k + 1 : j]
                if who is not None and who.kind in ("entity", "pronoun"):
                    return who, first
                if inner and inner[-1].entity is not None and all(self.is_title_word(t) for t in inner[:-1]):
                    # "Iran's chief negotiator, Deputy Foreign Minister Seyed Abbas Araghchi, said"
                    return Who("entity", inner[-1].start, inner[-1].entity), first
                if who is not None:
                    return who, first
            return None, -1
        return self.noun_phrase_before(toks, j + 1)

    @staticmethod
    def relative_clause_start(toks: list[Tok], comma: int) -> int:
        """The comma opening a relative clause that ends at toks[comma] (", who leads the
        delegation,", ", whose films include A, B and C,"), or -1."""
        for k in range(comma - 1, max(-1, comma - 30), -1):
            tok = toks[k]
            if tok.text in '.;:!?"\u201c\u201d':
                return -1
            if tok.text == "," and k + 1 < comma and toks[k + 1].low in ("who", "whose", "which"):
                return k
        return -1

    def first_subject(self, toks: list[Tok], end: int) -> Who | None:
        """The first person or pronoun of a clause: the subject a participle or colon refers to."""
        for j in range(end):
            tok = toks[j]
            if tok.entity is not None and (j + 1 >= len(toks) or toks[j + 1].low not in ("'s", "’s")):
                return Who("entity", tok.start, tok.entity)
            if tok.low in self.words.pronoun_gender:
                return Who("pronoun", tok.start, words=(tok.low,))
        return None

    # -- attribution --------------------------------------------------------------------------

    def attribution_after(self, span: Span, limit: int) -> Who | None:
        """The speaker named by the clause right after the quote ("“A,” Smith said")."""
        tail_start = span.closer + 1
        if tail_start >= limit:
            return None
        sentence = next(iter_sentences(self.text[tail_start:limit]), None)  # only the first is read
        if sentence is None:
            return None
        toks = self.tokens(tail_start, tail_start + sentence[1])
        first = 0
        while first < len(toks) and toks[first].text in ",;\u2013\u2014-.!?\u2026":
            first += 1
        if first >= len(toks) or not toks[first].text[0].isalnum():
            return None
        last_char = self.text[span.parts[-1][1] - 1]
        if last_char in ".?!\u2026":
            rest = self.text[tail_start + sentence[1] : limit]
            if not rest.strip() and limit < self.paragraph_end(span.closer):
                return None  # "“... seconds.” He warned that “...”": the next quote's lead-in
            # After a full sentence a capitalised word may start a new one ("“... lose.” Coria
            # conceded that ..."): only "“Why?” Farouk asked" is an attribution.
            new_sentence = toks[first].text[0].isupper() and toks[first].low not in self.words.pronoun_gender
            if new_sentence and self.says_it(toks, first):
                # "– Vi er glade. Det sier Stine Eilertzen til NRK.": "That says X".
                return self.noun_phrase_after(toks, first + 2) or Who(NOBODY, toks[first].start)
            if new_sentence and (last_char not in "?!" or not self.plain_attribution(toks, first)):
                return None
        according = self.words.according_at(toks, first)
        if according:
            source = toks[first + according : first + according + 3]
            if any(tok.low in WRITTEN_SOURCES for tok in source) and all(tok.entity is None for tok in source):
                return Who(WRITTEN, toks[first].start)
            return self.noun_phrase_after(toks, first + according) or Who(NOBODY, toks[first].start)
        if toks[first].low in self.words.aux and first + 1 < len(toks) and toks[first + 1].low in self.words.say:
            first += 1  # "«…», ha detto Meloni", "« … », a déclaré Sophie Binet"
        if toks[first].low in self.words.say and toks[first].low not in ("told", "tells", "tell"):
            # "said" names the speaker here: one we cannot read is nobody, never the last one.
            return self.noun_phrase_after(toks, first + 1) or Who(NOBODY, toks[first].start)
        for verb in range(first + 1, min(len(toks), first + 20)):
            if toks[verb].low in self.words.say or toks[verb].low in self.words.call:
                who, start = self.subject_of(toks, verb)
                return who if start == first else None
        return None

    def says_it(self, toks: list[Tok], first: int) -> bool:
        """Whether a clause opens "Det sier" / "Das sagte" (that, then a verb of saying)."""
        return toks[first].low in self.words.it and first + 1 < len(toks) and toks[first + 1].low in self.words.say

    def is_title_word(self, tok: Tok) -> bool:
        """Whether a token can stand in a title before a name ("Interior Ministry spokesman")."""
        if tok.entity is not None:
            return tok.entity.type == "org"
        return tok.text[:1].isupper() or tok.low in self.words.roles or tok.low in ("the", "of", "for", "'s", "’s")

    def plain_attribution(self, toks: list[Tok], first: int) -> bool:
        """Whether the tail is just a name and a saying verb ("Farouk asked", "said Farouk")."""
        if toks[first].low in self.words.plain_say:
            return True
        return first + 1 < len(toks) and toks[first].entity is not None and toks[first + 1].low in self.words.plain_say

    def attribution_before(self, span: Span, floor: int) -> Who | None:
        """The speaker named by the clause before the quote ("Smith said that “A”")."""
        if span.opener <= floor:
            return None
        sentences = split_sentences(self.text[floor : span.opener])
        if not sentences:
            return None
        toks = self.tokens(floor + sentences[-1][0], span.opener)
        participle = False
        for verb in range(len(toks) - 1, -1, -1):
            low = toks[verb].low
            according = self.words.according_at(toks, verb)
            if according:
                return self.noun_phrase_after(toks, verb + according) or Who(NOBODY, toks[verb].start)
            if low in self.words.saying:
                participle = True
            elif low in self.words.say or low in self.words.call:
                who, _ = self.subject_of(toks, verb)
                if who is not None:
                    return who
        if participle or (toks and toks[-1].text == ":"):
            return self.first_subject(toks, len(toks))
        return None


def _whole_words(text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, word) of each occurrence of one of the words standing alone in the text, left to right,
    the longest where several start at one place, none overlapping an earlier one.

    What finditer of an alternation of the words (longest first) between (?<!\\w) and (?!\\w) finds, without
    compiling a new expression for each text (that costs more than the search).
    """
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and word_char(text[at - 1])) and not (end < len(text) and word_char(text[end])):
                found.append((at, end, word))
            at = text.find(word, at + 1)
    found.sort(key=lambda hit: (hit[0], -hit[1]))
    kept = []
    free = 0  # where the next occurrence may start
    for hit in found:
        if hit[0] >= free:
            kept.append(hit)
            free = hit[1]
    return kept
