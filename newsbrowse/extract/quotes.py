"""Direct quotes and who said them: quote marks paired per paragraph, attribution cues, anaphora.

The rules, in the order they run:

1. Marks. “Curly”, "straight", ‘single’, 'single', «guillemets» (either direction), „low“ and
   ‚low‘ marks are paired with a stack per paragraph. An apostrophe (Russia’s, don’t, ’90s,
   ministers’) never opens a quote and closes one only when a single quote is open; a straight
   double mark after a digit is inches. Only the outermost pair is a quote; inner marks stay in
   its text. A paragraph that ends inside a quote continues it when the next paragraph opens with
   a quote mark (the multi-paragraph convention), and so does an opening mark right after a
   sentence end inside the quote (a paragraph break lost in scraping); otherwise a double-mark
   quote ends with its paragraph and an unclosed single mark is dropped. A line break inside a
   quote that does not follow a sentence end is a hard wrap and runs on.
2. Attribution. First the clause after the quote ("“A,” Smith said", "said Smith", "the minister
   told reporters", "according to Smith"), which must start with its subject or its verb; after
   a quote that is a whole sentence only a plain "he said" / "“Why?” Smith asked" counts, never
   the next quote's lead-in ("“A.” He warned that “B”"). Failing that, the clause before the
   quote, nearest speech verb first ("Smith said that “A”", "Smith praised Russia's “A”",
   "Smith told reporters: “A”", "..., adding that “A”", "According to Smith, “A”"). "According to
   reports" or "a statement" names a document, so only a lead-in within the quote's own sentence
   names the speaker ("Smith praised Russia's “A”, according to reports").
3. Speaker. A named person is returned under its canonical Entity.name; a "Given Surname" the
   entities missed is returned as written. A named organisation as the subject ("Greenpeace
   said") gives the organisation's name; a generic one ("the ministry said") gives None, as do
   indefinite or possessed speakers ("a spokesman", "officials", "Smith's spokeswoman"), two
   speakers ("Smith and Jones said") and first-person narrators. "he"/"she" go on with the last
   quote's speaker when nobody else was named since; otherwise they resolve to the nearest
   sentence naming one person of that gender (or of unknown gender: the given name's gender
   from the name lists, titles, gendered role words and pronouns near the name tell); two
   equally fitting people give None. "the Russian diplomat" / "the minister" resolve to the
   latest person, within a few paragraphs, introduced with a fitting role ("Moscow's
   Representative ...", "the agriculture minister, Anna Kowalski") and no other nationality,
   unless an unnamed one ("A European diplomat who asked not to be named", "an official") was
   introduced since: then None. "said Dr. Lena Hartmann", "said Acme's Jane Roe" and a
   subject before an apposition or a relative clause ("X, Moscow's envoy, who leads ...,
   wrote:") name the speaker; a "said ..." whose speaker cannot be read is nobody. A title
   word said of nobody yet ("the Conservative leader") goes to the person just named if no
   role is known for them; "the driver" or "a resident" is someone new: None.
4. Not quotes. A short span (under five words, no sentence inside) is a quote only with an
   attribution: otherwise it is a scare quote, term or title ("the so-called “maximum pressure”
   campaign"). After "so-called", "dubbed", "entitled" and the like a span of up to twelve words
   is a name, never a quote; after "the term", "called", "known as" a short one is a term; a
   Title Case span without attribution is a title ("The Quiet Harbour"); a short span used as a
   modifier after a determiner is a scare quote ("the government's “maximum pressure”
   campaign"). A longer span without attribution is a quote that keeps the previous quote's
   speaker when it follows that quote's sentence directly, or takes the one person of a
   speech sentence just before it ("Smith described the ward. ¶ “We are ...”"); else None.

5. Languages. The article's language adds its verbs of saying (after an auxiliary too: "ha
   detto", "a déclaré"), pronouns, "according to" and role words, and "Det sier X" after a quote;
   in the languages that quote so, a paragraph opening with a dash is a quote up to its
   attribution ("– Vi er glade, siger hun.", "— Да, — сказал он. — Конечно.").

Quote offsets span the quoted text inside the marks, without surrounding spaces and without a
trailing comma ("“A,” he said" gives "A"); for a one-part quote text[start:end] == quote.text,
and for a multi-paragraph quote each part is such a slice, joined by a blank line.
Everything runs in time linear in the text: clause windows are bounded and lookups bisect.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from newsbrowse.extract.attribution import Clauses
from newsbrowse.extract.entities import extract_entities
from newsbrowse.extract.lexicon import lexicon
from newsbrowse.extract.quote_marks import Span, pair_marks
from newsbrowse.extract.quote_words import (
    CLAUSE_REACH,
    FEMALE_WORDS,
    MALE_WORDS,
    NAMING_BEFORE,
    NOBODY,
    POSSESSIVE,
    RECENT,
    ROLE_ABBREVIATIONS,
    ROLE_CLASSES,
    ROLE_REACH,
    SCARE_BEFORE,
    TITLE_WORDS,
    TOKEN,
    WRITTEN,
    Who,
    demonyms,
    is_title,
    quote_words,
    role_words,
    unnamed_pattern,
)
from newsbrowse.extract.sentences import iter_sentences
from newsbrowse.model import Entity, Quote

# A comma as the first token after a position: an apposition may follow ("Smith, the minister").
_COMMA_NEXT = re.compile(r"\s*,")


@dataclass
class Found:
    """A quote accepted so far, with the entity it was attributed to (for continuations)."""

    span: Span
    speaker: Entity | None
    cue: int  # where the attribution (or the quote) is, for later pronouns


@dataclass
class Reader(Clauses):
    """The entities of one text, indexed for the attribution of its quotes, and the quotes found so far."""

    genders: dict[str, str | None] = field(default_factory=dict)
    evidence: dict[str, frozenset[str]] = field(default_factory=dict)
    found: list[Found] = field(default_factory=list)

    def gender(self, entity: Entity) -> str | None:
        """The person's gender, "m" or "f", from titles, gendered role words and pronouns nearby."""
        if entity.name in self.genders:
            return self.genders[entity.name]
        votes = {"m": 0, "f": 0}
        given = _given_name_gender(entity.name)
        if given is not None:
            votes[given] += 3  # the name's own gender outweighs one title or pronoun nearby
        words = self.role_evidence(entity)
        votes["f"] += 2 * len(words & FEMALE_WORDS)
        votes["m"] += 2 * len(words & MALE_WORDS)
        spans = self.sentence_spans()
        sentence_starts = [s[0] for s in spans]
        for mention in entity.mentions[:6]:
            k = bisect.bisect_right(sentence_starts, mention.start) - 1
            if k < 0 or self.in_quote(mention.start):
                continue
            start, end = spans[k]
            people = {e.name for _, e in self.persons_between(start, end)}
            if people != {entity.name}:
                continue
            for tok in TOKEN.finditer(self.text, mention.end, end):
                low = tok.group().lower()
                kind = "m" if low in self.words.male else "f" if low in self.words.female else None
                if kind is not None and not self.in_quote(tok.start()):  # a pronoun outside quotes
                    votes[kind] += 1
        gender = None
        if votes["m"] != votes["f"]:
            gender = "m" if votes["m"] > votes["f"] else "f"
        self.genders[entity.name] = gender
        return gender

    def role_evidence(self, entity: Entity) -> frozenset[str]:
        """Lowercase words seen with a person: its role, the words before its name, an apposition."""
        if entity.name in self.evidence:
            return self.evidence[entity.name]
        words = {word.rstrip(".") for word in (entity.role or "").lower().split()}
        titles = self.words.titles
        for mention in entity.mentions[:4]:
            if self.in_quote(mention.start):
                continue
            before = self.tokens(max(self.paragraph_start(mention.start), mention.start - 90), mention.start)
            if before and before[-1].text == ",":
                before.pop()  # "the agriculture minister, Anna Kowalski"
            window = before[-8:]
            for k in range(len(window) - 1, -1, -1):
                tok = window[k]
                if tok.text == "." and k and window[k - 1].low in titles:
                    continue  # "Mrs. Collins", "Sen. Vale"
                if (not tok.text[0].isalnum() and tok.low not in ("'s", "’s")) or tok.low in self.words.verbs:
                    break
                if tok.entity is not None and tok.entity.type == "person":
                    break
                words.add(tok.low)
            words.update(self.apposition(mention.end))
        evidence = frozenset(words | {ROLE_ABBREVIATIONS[word] for word in words if word in ROLE_ABBREVIATIONS})
        self.evidence[entity.name] = evidence
        return evidence

    def apposition(self, end: int) -> list[str]:
        """The lowercase words of an apposition after a name ending at `end` ("Smith, the
        minister"), up to the next punctuation."""
        stop = min(self.paragraph_end(end), end + 120)
        if _COMMA_NEXT.match(self.text, end, stop) is None and self.lex.given_names.isdisjoint(
            TOKEN.findall(self.text, end, stop)
        ):
            return []  # no comma first, so nothing to read; no given name, so no person to note
        after = self.tokens(end, stop)
        words = []
        if after and after[0].text == ",":
            for tok in after[1:12]:
                if tok.text in ",.;:()":
                    break
                words.append(tok.low)
        return words

    def resolve_pronoun(self, who: Who, previous: Entity | None) -> Entity | None:
        """The person a "he"/"she" refers to: the nearest sentence naming exactly one who fits."""
        wanted = self.words.pronoun_gender[who.words[0]]
        spans = self.sentence_spans()
        k = bisect.bisect_right(spans, (who.pos, len(self.text))) - 1
        if self.found and self.same_speaker(self.found[-1], who.pos, wanted, k):
            return self.found[-1].speaker
        paragraphs = 0
        for back in range(8):
            if k - back < 0 or paragraphs > 2:
                break
            start, end = spans[k - back]
            if back:
                gap = self.text[end : spans[k - back + 1][0]]
                paragraphs += gap.count("\n")
            people = [e for _, e in self.persons_between(start, min(end, who.pos))]
            people += [
                f.speaker
                for f in self.found[-RECENT:]
                if f.speaker is not None and f.speaker.type == "person" and start <= f.cue < min(end, who.pos)
            ]
            if self.opens_with_unnamed(start, min(end, who.pos)):
                return None  # "A Labour spokesman criticised Howard's plan. He said: ..."
            # Keyed by name: hashing an Entity would hash all of its mentions.
            fitting = list({e.name: e for e in people if self.gender(e) in (wanted, None)}.values())
            if not fitting:
                continue
            known = [e for e in fitting if self.gender(e) == wanted]
            if len(fitting) == 1:
                chosen = fitting[0]
            elif len(known) == 1:
                chosen = known[0]
            elif previous is not None and any(e.name == previous.name for e in fitting):
                chosen = previous
            else:
                return None
            if self.genders.get(chosen.name) is None:
                self.genders[chosen.name] = wanted  # learnt: later pronouns can tell them apart
            return chosen
        return None

    def same_speaker(self, last: Found, pos: int, wanted: str, sentence: int) -> bool:
        """Whether a pronoun at pos (in the given sentence) goes on with the last quote's speaker:
        close by, of a fitting gender, and nobody else named in between."""
        speaker = last.speaker
        if speaker is None or speaker.type != "person" or self.gender(speaker) not in (wanted, None):
            return False
        spans = self.sentence_spans()
        first = bisect.bisect_right(spans, (last.cue, len(self.text)))
        if any(self.opens_with_unnamed(a, min(b, pos)) for a, b in spans[first : sentence + 1]):
            return False  # someone unnamed took the floor since
        spans = self.sentence_spans()
        if sentence - bisect.bisect_right(spans, (last.cue, len(self.text))) + 1 > 2:
            return False
        since = bisect.bisect_right(self.starts, last.cue)
        for start, end, entity in self.mentions[since : bisect.bisect_left(self.starts, pos)]:
            possessive = self.text[end : end + 2] in ("'s", "’s")
            if entity.type == "person" and entity.name != speaker.name and not possessive and not self.in_quote(start):
                return False
        return True

    def resolve_role(self, who: Who) -> Entity | None:
        """The latest person before who.pos introduced with a role that fits who.words, unless
        an unnamed one ("a European diplomat", "an official") was introduced since."""
        head = who.words[-1]
        accepted = ROLE_CLASSES.get(head, frozenset((head,)))
        nationalities = demonyms()
        wanted_nation = {w for w in who.words[:-1] if w in nationalities}
        floor = max(0, who.pos - ROLE_REACH, self.unnamed_intro(who.pos, accepted | {head}))
        rejected: set[str] = set()
        for _, entity in self.persons_before(who.pos, floor):
            if entity.name in rejected:
                continue
            evidence = self.role_evidence(entity)
            if head.endswith("-old"):
                fits = head.split("-")[0] in evidence
            else:
                fits = bool(evidence & accepted) or (head == "diplomat" and {"foreign", "minister"} <= evidence)
            nations = {w for w in evidence if w in nationalities}
            if wanted_nation and nations and not (nations & wanted_nation):
                fits = False
            if head in FEMALE_WORDS and self.gender(entity) == "m":
                fits = False
            if fits:
                return entity
            rejected.add(entity.name)
        if floor > max(0, who.pos - ROLE_REACH):
            return None  # the unnamed source introduced last
        return self.newly_titled(who)

    def opens_with_unnamed(self, start: int, end: int) -> bool:
        """Whether the sentence text[start:end] opens with an unnamed person ("A Labour Party
        spokesman criticised ...", "One analyst said ...") outside quotes."""
        match = unnamed_pattern(role_words()).match(self.text, start, end)
        if match is None or self.in_quote(start):
            return False
        # "Another analyst, Vera Lobanova, said": named after all.
        return not self.persons_between(match.end(), min(end, match.end() + 4))

    def unnamed_intro(self, pos: int, heads: frozenset[str]) -> int:
        """Where the latest unnamed person with one of these role nouns was introduced before
        pos ("A European diplomat who asked not to be named", "one analyst"), or -1."""
        pattern = unnamed_pattern(heads)
        latest = -1
        for match in pattern.finditer(self.text, max(0, pos - ROLE_REACH), pos):
            if not self.in_quote(match.start()):
                latest = match.start()
        return latest

    def newly_titled(self, who: Who) -> Entity | None:
        """The person just named, when a title word ("the Conservative leader") is said of them
        for the first time: the latest person of the last two sentences, if no role is known for them."""
        if who.words[-1] not in ROLE_CLASSES and self.words.titles.get(who.words[-1]) != "role":
            return None  # "the driver", "the resident": someone new
        spans = self.sentence_spans()
        k = bisect.bisect_right(spans, (who.pos, len(self.text))) - 1
        floor = spans[max(0, k - 2)][0] if k >= 0 else 0
        for _, entity in self.persons_before(who.pos, floor):
            known = self.role_evidence(entity) & self.words.roles
            nations = self.role_evidence(entity) & demonyms()
            if known or (nations and not nations & set(who.words)):
                return None
            if who.words[-1] in FEMALE_WORDS and self.gender(entity) == "m":
                return None
            return entity
        return None

    def speaker(self, who: Who | None, previous: Entity | None) -> Entity | None:
        """The entity a Who stands for, or None when it names nobody we can tell."""
        if who is None or who.kind == NOBODY:
            return None
        if who.kind == "entity":
            return who.entity
        if who.kind == "pronoun":
            return self.resolve_pronoun(who, previous)
        return self.resolve_role(who)

    # -- the quotes ---------------------------------------------------------------------------

    def quote_text(self, span: Span) -> str:
        """The quoted words: the parts joined by a blank line."""
        return "\n\n".join(self.text[a:b] for a, b in span.parts)

    def not_a_quote(self, span: Span, short: bool) -> bool:
        """Whether a span is a name or title ("entitled ‘...’") or, if short, a scare quote,
        a term or a modifier rather than speech."""
        before = TOKEN.findall(self.text, max(0, span.opener - 40), span.opener)[-5:]
        last = before[-1].lower() if before else ""
        if last in NAMING_BEFORE:
            return True
        if not short:
            return False
        if last in SCARE_BEFORE or (last == "as" and {"known", "referred", "billed"} & {w.lower() for w in before}):
            return True
        after = TOKEN.match(self.text, span.closer + 1 + (self.text[span.closer + 1 : span.closer + 2] == " "))
        if (last in POSSESSIVE | {"the", "a", "an", "this", "that"} or last in self.words.the) and after is not None:
            nxt = after.group()
            return (
                nxt.isalpha() and nxt.islower() and nxt not in self.words.function_words and nxt not in self.words.verbs
            )
        return False

    def read(self) -> list[Quote]:
        """Attribute every paired span and keep those that are quotes."""
        quotes: list[Quote] = []
        for index, span in enumerate(self.spans):
            text = self.quote_text(span)
            words = text.split()
            # A sentence inside, not only at the end, makes a few words speech ("“lung.”" is not).
            short = len(words) < 5 and not re.search(r"[.!?]\s", text)
            if len(words) <= TITLE_WORDS and self.not_a_quote(span, short):
                continue
            # The clauses around the quote: within its paragraph, not past a neighbouring quote,
            # and bounded so that a text without line breaks stays linear.
            floor = max(self.paragraph_start(span.opener), span.opener - CLAUSE_REACH)
            if index and self.spans[index - 1].closer >= floor:
                floor = self.spans[index - 1].closer + 1
            limit = min(self.paragraph_end(span.closer), span.closer + CLAUSE_REACH)
            if index + 1 < len(self.spans) and self.spans[index + 1].opener < limit:
                limit = self.spans[index + 1].opener
            previous = self.found[-1].speaker if self.found else None
            who = self.attribution_after(span, limit) if span.closed else None
            if who is not None and who.kind == WRITTEN:
                # "Jalali praised Russia's “...”, according to reports": the clause leading into
                # the quote, in its own sentence, names him.
                lead = self.text[floor : span.opener].rstrip()
                within = lead and lead[-1] not in ".!?\u201d\"'"
                who = (self.attribution_before(span, floor) if within else None) or Who(NOBODY, who.pos)
            if who is None:
                if short and is_title(words):
                    continue
                who = self.attribution_before(span, floor)
            if who is not None and who.kind == "pronoun" and len(span.parts) > 1:
                # "“A. ¶ “B. ¶ “C,” he said": he is whom the quote's first paragraph follows on from,
                # whatever its paragraphs took the reader through.
                who = Who("pronoun", span.opener, words=who.words)
            if who is not None:
                entity = self.speaker(who, previous)
                cue = who.pos
            elif short:
                continue
            else:
                entity = self.continued_speaker(span)
                cue = span.opener
            self.found.append(Found(span, entity, cue))
            start, end = span.parts[0][0], span.parts[-1][1]
            quotes.append(Quote(text, entity.name if entity else None, start, end))
        return quotes

    def continued_speaker(self, span: Span) -> Entity | None:
        """The speaker of an unattributed quote: the previous quote's, when nobody else came between."""
        if self.found:
            last = self.found[-1]
            between = self.text[last.span.closer + 1 : span.opener]
            others = {e.name for _, e in self.persons_between(last.span.closer, span.opener)}
            # Only right after the previous quote's own sentence: narrative in between may be
            # leading up to someone else.
            if (
                last.speaker is not None
                and len(list(islice(iter_sentences(between), 2))) <= 1
                and others <= {last.speaker.name}
            ):
                return last.speaker
            if last.span.closer >= self.paragraph_start(span.opener) - 2:
                return None
        # A quote opening a paragraph after a sentence that introduces one speaker.
        spans = self.sentence_spans()
        k = bisect.bisect_left(spans, (span.opener, 0)) - 1
        if k < 0:
            return None
        start, end = spans[k]
        people = {e.name: e for _, e in self.persons_between(start, end)}
        sentence = self.text[start:end]
        says = any(tok.lower() in self.words.verbs for tok in TOKEN.findall(sentence)) or sentence.endswith(":")
        return next(iter(people.values())) if len(people) == 1 and says else None


def _given_name_gender(name: str) -> str | None:
    """The gender ("m"/"f") of a full name's given name, if the name lists tell it ("Claire
    Dupont" f); the given name of "Chen Yiming" is the second word."""
    words = name.split()
    if len(words) < 2:
        return None  # a bare surname says nothing
    lex = lexicon()
    given = words[1] if words[0] in lex.east_asian_surnames else words[0]
    return lex.given_gender.get(given)


def extract_quotes(
    text: str,
    entities: list[Entity] | None = None,
    language: str | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[Quote]:
    """Return the direct quotes in text with their speakers' canonical names (module docstring).

    `language` (an ISO 639-1 code; None reads English) adds its verbs of saying, pronouns and
    quoting conventions (a paragraph opening with a dash in Scandinavian, Russian or Spanish).
    `sentences`, the text's `split_sentences` when the caller has them, saves splitting it again."""
    words = quote_words(language)
    spans = pair_marks(text, words.dash_attribution)
    if not spans:
        return []
    if entities is None:
        entities = extract_entities(text, language)
    known = list(sentences) if sentences is not None else None
    return Reader(text, entities, spans, sentences=known, words=words, lex=lexicon(language)).read()
