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

Quote offsets span the quoted text inside the marks, without surrounding spaces and without a
trailing comma ("“A,” he said" gives "A"); for a one-part quote text[start:end] == quote.text,
and for a multi-paragraph quote each part is such a slice, joined by a blank line.
Everything runs in time linear in the text: clause windows are bounded and lookups bisect.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from newsbrowse.extract.entities import extract_entities
from newsbrowse.extract.lexicon import lexicon
from newsbrowse.extract.sentences import split_sentences
from newsbrowse.model import Entity, Mention, Quote

# ---------------------------------------------------------------------------------------------
# 1. Pairing the marks

_MARKS = re.compile("[\"'\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a\n]")
_DOUBLE = "double"
_SINGLE = "single"
# Each opener: its family and the marks that close it.
_CLOSERS: dict[str, tuple[str, str]] = {
    "\u201c": (_DOUBLE, "\u201d\u201c"),  # “ ... ” (a second “ closes only when it cannot open)
    "\u201e": (_DOUBLE, "\u201c\u201d"),  # „ ... “ (German) or „ ... ” (Polish)
    "\u201d": (_DOUBLE, "\u201d"),  # ” ... ” (Swedish, Finnish)
    '"': (_DOUBLE, '"'),
    "\u00ab": (_DOUBLE, "\u00bb"),  # « ... »
    "\u00bb": (_DOUBLE, "\u00ab"),  # » ... « (German, Danish)
    "\u2018": (_SINGLE, "\u2019"),
    "\u201a": (_SINGLE, "\u2018\u2019"),
    "'": (_SINGLE, "'"),
    "\u2039": (_SINGLE, "\u203a"),
    "\u203a": (_SINGLE, "\u2039"),
}
# Characters after which a mark may open a quote.
_OPEN_AFTER = frozenset(" \t\n\r\u00a0([{\u2014\u2013-/:;\u201c\u2018\u201e\u201a\u00ab\u00bb\"'")
# An apostrophe that opens a word: ’90s, 'em, ‘tis, rock ’n’ roll.
_ELISION = re.compile(r"\d\d|(?:em|tis|twas|n|cause|til)\b", re.IGNORECASE)
_SENTENCE_FINAL = frozenset(".!?\u2026:")
_CLOSING_MARKS = frozenset("\"'\u201d\u2019\u00bb\u203a)")


@dataclass
class _Span:
    """An outermost quote found by the pairing: its parts and where its marks are."""

    parts: list[tuple[int, int]]
    opener: int
    closer: int  # index of the closing mark, or the end of the paragraph if it never closed
    closed: bool = True


@dataclass
class _Open:
    """An opening mark waiting for its closer."""

    pos: int
    char: str
    span: _Span | None = None  # the quote an outer opener continues (multi-paragraph)


def _can_open(text: str, i: int) -> bool:
    """Whether the mark at i stands where a quote can begin (after a space, before a non-space)."""
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev in _OPEN_AFTER and not nxt.isspace()


def _is_apostrophe(text: str, i: int) -> bool:
    """Whether the single mark at i is inside a word (don’t) or opens an elided word (’90s)."""
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    return _ELISION.match(text, i + 1) is not None


def _find_opener(stack: list[_Open], char: str) -> int:
    """The index in the stack of the innermost opener that `char` closes, or -1."""
    for k in range(len(stack) - 1, -1, -1):
        if char in _CLOSERS[stack[k].char][1]:
            return k
    return -1


def _trim(text: str, start: int, end: int, last: bool) -> tuple[int, int]:
    """Shrink (start, end) past surrounding spaces and, for the last part, a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or (last and text[end - 1] == ",")):
        end -= 1
    return start, end


def _line_end(text: str, i: int) -> int:
    """The end of the paragraph content before the line break at i (trailing spaces dropped)."""
    while i > 0 and text[i - 1] in " \t\r":
        i -= 1
    return i


def _next_line_start(text: str, i: int) -> tuple[int, bool]:
    """The first non-space character after the line break at i, and whether a blank line precedes it."""
    j = i + 1
    blank = False
    while j < len(text) and text[j].isspace():
        if text[j] == "\n":
            blank = True
        j += 1
    return j, blank


_OPEN_MARK = -2
_SKIP_MARK = -1


def _action(text: str, i: int, char: str, stack: list[_Open]) -> int:
    """What the mark at i does: _OPEN_MARK, _SKIP_MARK, or the stack index of the opener it closes."""
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if char in "'\u2018\u2019" and _is_apostrophe(text, i):
        return _SKIP_MARK
    k = _find_opener(stack, char)
    if char in "\u00ab\u00bb\u2039\u203a":
        # Guillemets take (narrow) spaces inside: « Bonjour ».
        if k >= 0 and (char in "\u00bb\u203a" or not _can_open(text, i)):
            return k
        return _OPEN_MARK if char in "\u00ab\u2039" or _can_open(text, i) else _SKIP_MARK
    if char in "\u201e\u201a":
        return _SKIP_MARK if nxt.isspace() else _OPEN_MARK
    if char in "\u201d\"'\u2019":
        # A closing mark follows text; a straight one between a space and a word opens.
        if k >= 0 and not (prev.isspace() and (char != "\u201d" and not nxt.isspace())):
            return k
        if char == "\u2019":
            return _SKIP_MARK  # never opens: an apostrophe or a stray closer
        if char == "'":
            return _OPEN_MARK if _can_open(text, i) else _SKIP_MARK
        # After a digit a straight double mark is inches (a 70" TV).
        return _SKIP_MARK if nxt.isspace() or prev.isdigit() else _OPEN_MARK
    # “ and ‘ open, and close only a low opener („ “, ‚ ‘) or, misused, one of their own kind
    # when they cannot open.
    if k >= 0 and not _can_open(text, i) and not prev.isspace():
        return k
    return _SKIP_MARK if nxt.isspace() else _OPEN_MARK


def _reopens(text: str, i: int, char: str, stack: list[_Open]) -> bool:
    """Whether an opening double mark after a sentence end, inside the same kind of quote,
    continues that quote rather than nesting a new one."""
    if len(stack) != 1 or _CLOSERS[char][0] != _DOUBLE or _CLOSERS[stack[0].char][0] != _DOUBLE:
        return False
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j < i and j > 0 and text[j - 1] in ".!?\u2026"


def _pair_marks(text: str) -> list[_Span]:
    """Pair the quote marks of text and return the outermost quotes in order."""
    spans: list[_Span] = []
    stack: list[_Open] = []
    continuing: dict[int, _Span] = {}  # position of a paragraph's first mark -> quote it continues

    def end_part(opened: _Open, end: int) -> _Span:
        """End the current part of the quote `opened` at `end`; the quote goes on."""
        span = opened.span
        if span is None:
            span = _Span([], opened.pos, end)
            spans.append(span)
        start, stop = _trim(text, opened.pos + 1, end, last=False)
        if stop > start:
            span.parts.append((start, stop))
        return span

    def close_outer(opened: _Open, closer: int, closed: bool) -> None:
        """End the quote `opened` at `closer` (closed: by a closing mark), keeping its last part."""
        span = opened.span
        if span is None:
            span = _Span([], opened.pos, closer, closed)
            spans.append(span)
        start, end = _trim(text, opened.pos + 1, closer, last=True)
        if end > start:
            span.parts.append((start, end))
        span.closer, span.closed = closer, closed

    for match in _MARKS.finditer(text):
        i = match.start()
        char = match.group()
        if char == "\n":
            if not stack:
                continue
            before = _line_end(text, i)
            nxt, blank = _next_line_start(text, i)
            next_char = text[nxt] if nxt < len(text) else ""
            last_char = text[before - 1] if before else ""
            wrapped = not blank and last_char not in _SENTENCE_FINAL and last_char not in _CLOSING_MARKS
            if wrapped and next_char not in _CLOSERS:
                continue  # a hard-wrapped line inside the quote
            bottom = stack[0]
            if next_char in _CLOSERS and _CLOSERS[next_char][0] == _CLOSERS[bottom.char][0]:
                # The next paragraph reopens the quote: this part ends here, the quote goes on.
                continuing[nxt] = end_part(bottom, before)
            elif _CLOSERS[bottom.char][0] == _DOUBLE:
                close_outer(bottom, before, closed=False)
            stack.clear()
            continue
        if i in continuing:
            stack.append(_Open(i, char, continuing.pop(i)))
            continue
        action = _action(text, i, char, stack)
        if action == _OPEN_MARK and _reopens(text, i, char, stack):
            # A paragraph break lost in the text ("... grasp. “Yet ..."): a new part.
            stack[0] = _Open(i, char, end_part(stack[0], i))
        elif action == _OPEN_MARK:
            stack.append(_Open(i, char))
        elif action >= 0:
            opened = stack[action]
            del stack[action:]
            if not stack:
                close_outer(opened, i, closed=True)
    if stack:
        bottom = stack[0]
        if _CLOSERS[bottom.char][0] == _DOUBLE:
            close_outer(bottom, _line_end(text, len(text)), closed=False)
    return [span for span in spans if span.parts]


# ---------------------------------------------------------------------------------------------
# 2. Words and word lists


def _forms(*groups: str) -> frozenset[str]:
    """All the words of space-separated groups."""
    return frozenset(word for group in groups for word in group.split())


# Verbs that can attribute a whole quote, before or after it, and take the speaker after them
# ("said Smith").
_SAY = _forms(
    "said says say added adds asked asks wrote writes write explained explains noted notes",
    "stated states declared declares insisted insists argued argues warned warns stressed stresses",
    "emphasised emphasises emphasized emphasizes replied replies answered answers continued",
    "continues recalled recalls observed observes concluded concludes remarked remarks tweeted",
    "tweets posted posts admitted admits acknowledged acknowledges conceded concedes cautioned",
    "cautions shouted shouts whispered whispers quipped quips joked jokes told tells tell urged",
    "urges countered counters responded responds commented comments reiterated reiterates",
    "affirmed affirms asserted asserts maintained maintains announced announces confirmed",
    "confirms claimed claims complained complains lamented laments predicted predicts promised",
    "promises pledged pledges vowed vows suggested suggests boasted boasts agreed agrees",
    "thundered thunders sighed sighs laughed laughs cried cries pleaded pleads testified",
    "testifies mused muses exclaimed exclaims reflected reflects revealed reveals speaking spoke",
    "read reads",
)
# The verbs of a bare "Smith asked" after a question.
_PLAIN_SAY = _forms("said says asked asks added adds replied replies wrote writes shouted cried exclaimed told")
# Verbs that attribute a partial quote that is their object ("Smith praised Russia's “A”",
# "described the talks as “A”").
_CALL = _forms(
    "praised praises criticised criticises criticized criticizes described describes called calls",
    "condemned condemns hailed hails welcomed welcomes denounced denounces accused accuses",
    "blamed blames dismissed dismisses branded brands labelled labeled labels slammed slams",
    "rejected rejects defended defends quoted termed terms characterised characterized",
)
# Participles whose subject is the clause's subject ("..., adding that “A”").
_SAYING = _forms(
    "saying adding noting stressing warning insisting explaining arguing telling writing",
    "declaring emphasising emphasizing urging asking calling describing praising recalling",
    "observing replying claiming promising pledging vowing conceding admitting acknowledging",
)
_VERBS = _SAY | _CALL | _SAYING
# Words between a subject and its verb ("Ulyanov has recently said").
_BETWEEN = _forms(
    "has have had also later then again further recently previously once reportedly earlier",
    "separately would will could did does was were is simply only just still quickly angrily",
    "repeatedly publicly privately initially subsequently finally frequently often herself himself",
    "themselves itself even",
)
_PRONOUN_GENDER = {"he": "m", "she": "f"}
_NO_ONE = _forms("i we they you it this that which there")  # subjects that name nobody we track
_INDEFINITE = _forms("a an one another some any two three several many most other others")
_POSSESSIVE = _forms("his her their its our my your 's ’s")
# Words after which a quoted name or title of any length follows.
_NAMING_BEFORE = _forms("titled entitled named nicknamed codenamed code-named dubbed so-called")
# Words after which a few quoted words are a term, not speech.
_SCARE_BEFORE = _forms("word term phrase slogan hashtag motto label headline called")
_TITLE_WORDS = 12  # a quoted name or title after "entitled" is at most this long
# Role nouns a speaker can be referred to by ("the diplomat said"), beyond the title words the
# entities' data lists ("minister", "ambassador").
_ROLE_EXTRA = _forms(
    "diplomat official officer negotiator politician lawmaker legislator analyst economist",
    "expert scientist researcher historian author writer novelist poet singer actor actress",
    "artist musician player athlete runner champion winner veteran activist campaigner lawyer",
    "doctor nurse teacher student farmer worker owner driver resident witness survivor victim",
    "executive chief boss founder investor banker trader engineer glaciologist epidemiologist",
    "spokesman spokeswoman spokesperson adviser advisor aide candidate incumbent",
    "premier monarch ruler leader head chairman chairwoman president minister secretary",
    "rector dean principal designer architect director producer judge prosecutor detective",
    "commander general coach manager captain striker goalkeeper referee host elder",
    "mayor governor senator congressman congresswoman envoy ambassador representative",
)
_ROLE_CLASSES: dict[str, frozenset[str]] = {
    "diplomat": _forms("diplomat ambassador envoy representative consul emissary negotiator attache"),
    "official": _forms(
        "official minister secretary spokesman spokeswoman spokesperson director governor mayor",
        "ambassador envoy representative commissioner chief head officer adviser advisor",
        "diplomat president premier chairman chairwoman chair",
    ),
    "spokesman": _forms("spokesman spokeswoman spokesperson"),
    "spokeswoman": _forms("spokesman spokeswoman spokesperson"),
    "spokesperson": _forms("spokesman spokeswoman spokesperson"),
    "lawmaker": _forms("lawmaker legislator senator congressman congresswoman mp deputy"),
    "executive": _forms("executive ceo chief director president chairman chairwoman founder"),
    "politician": _forms("politician lawmaker senator minister leader candidate president mayor"),
}
_FEMALE_WORDS = _forms(
    "mrs ms miss madam madame mme mlle lady dame queen princess duchess countess baroness",
    "empress spokeswoman chairwoman congresswoman businesswoman councilwoman assemblywoman",
    "actress mother wife daughter sister grandmother frau señora senora signora",
)
_MALE_WORDS = _forms(
    "mr sir lord king prince duke count baron emperor chairman congressman businessman",
    "councilman assemblyman father husband son brother grandfather herr señor senor signor",
    "monsieur",
)


@cache
def _role_words() -> frozenset[str]:
    """Every noun that can head a role ("the minister"): the title words plus _ROLE_EXTRA."""
    titles = lexicon().titles
    return _ROLE_EXTRA | {word for word, kind in titles.items() if kind == "role"}


@cache
def _unnamed_pattern(heads: frozenset[str]) -> re.Pattern[str]:
    """The regex of an unnamed person introduced with one of these role nouns."""
    return re.compile(_UNNAMED.format(heads="|".join(sorted(heads, key=len, reverse=True))), re.IGNORECASE)


@cache
def _demonyms() -> frozenset[str]:
    """Nationality words in lowercase ("russian", "iranian")."""
    return frozenset(key for key, known in lexicon().known.items() if known.kind == "demonym")


_TOKEN = re.compile(r"\w+(?:[-.]\w+|['\u2019](?!s\b)\w+)*|['\u2019]s\b|[^\w\s]")


@dataclass
class _Tok:
    """A word, a punctuation mark, or a whole entity mention ("Mikhail Ulyanov") in a clause."""

    start: int
    end: int
    text: str
    entity: Entity | None = None

    @property
    def low(self) -> str:
        """The token in lowercase."""
        return self.text.lower()


@dataclass
class _Who:
    """Who a clause names as the speaker: a named entity, a pronoun, a role, or nobody."""

    kind: str  # "entity", "pronoun", "role", "nobody" or "written" (a document, not a speaker)
    pos: int
    entity: Entity | None = None
    words: tuple[str, ...] = ()  # a role's words, head last; a pronoun's word


_NOBODY = "nobody"
# "according to reports": where the words were read, not who said them.
_WRITTEN = "written"
_WRITTEN_SOURCES = frozenset(
    """report reports media documents document statement statements transcript transcripts records
    readout readouts accounts summary minutes""".split()
)
_CLAUSE_REACH = 600  # characters an attribution may stand from its quote
_ROLE_REACH = 3_000  # characters back to where a role ("the minister") was introduced
# An indefinite noun phrase introducing someone unnamed: "A European diplomat", "an
# official", "one Gulf-based analyst" (up to three modifiers before the role noun).
_UNNAMED = (
    r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+"
    r"(?:(?!(?:the|a|an|of|to|and|in|at|for|by|from|on|with)\b)[\w'\u2019-]+\s+){{0,3}}?(?:{heads})\b"
)
_RECENT = 8  # earlier quotes whose speakers a pronoun may refer to


# ---------------------------------------------------------------------------------------------
# 3. Reading one text


@dataclass
class _Found:
    """A quote accepted so far, with the entity it was attributed to (for continuations)."""

    span: _Span
    speaker: Entity | None
    cue: int  # where the attribution (or the quote) is, for later pronouns


@dataclass
class _Reader:
    """The entities of one text, indexed for the attribution of its quotes."""

    text: str
    entities: list[Entity]
    spans: list[_Span]
    mentions: list[tuple[int, int, Entity]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    inside: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    untagged: dict[str, Entity] = field(default_factory=dict)  # people the entities missed
    sentences: list[tuple[int, int]] | None = None
    genders: dict[str, str | None] = field(default_factory=dict)
    evidence: dict[str, frozenset[str]] = field(default_factory=dict)
    found: list[_Found] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.entities = [_as_person(entity) if _misread_person(entity) else entity for entity in self.entities]
        surnames: dict[str, Entity | None] = {}
        for entity in self.entities:
            if entity.type == "person":
                for alias in {entity.name, *entity.aliases}:
                    last = alias.split()[-1]
                    surnames[last] = entity if surnames.get(last, entity) is entity else None
        for entity in self.entities:
            if entity.type not in ("person", "org"):
                continue
            target = entity
            if entity.type == "org" and surnames.get(entity.name) is not None:
                # An organisation named like a person's surname ("Wagner" beside "Felix Wagner")
                # is that person, mistyped.
                target = surnames[entity.name] or entity
            self.mentions.extend((m.start, m.end, target) for m in entity.mentions)
        self.mentions.sort(key=lambda m: (m[0], -m[1]))
        self.add_surname_mentions({k: v for k, v in surnames.items() if v is not None})
        self.starts = [m[0] for m in self.mentions]
        self.inside = [(span.opener, span.closer) for span in self.spans]
        self.breaks = [match.start() for match in re.finditer("\n", self.text)]

    def add_surname_mentions(self, surnames: dict[str, Entity]) -> None:
        """Add a mention for each bare surname the entities left untagged ("Collins" later on)."""
        if not surnames:
            return
        names = "|".join(map(re.escape, sorted(surnames, key=len, reverse=True)))
        pattern = re.compile(rf"(?<!\w)(?:{names})(?!\w)")
        starts = [m[0] for m in self.mentions]
        extra = []
        for match in pattern.finditer(self.text):
            k = bisect.bisect_right(starts, match.start()) - 1
            if k >= 0 and self.mentions[k][1] > match.start():
                continue  # inside a tagged mention
            if k + 1 < len(starts) and starts[k + 1] < match.end():
                continue
            extra.append((match.start(), match.end(), surnames[match.group()]))
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

    def tokens(self, start: int, end: int) -> list[_Tok]:
        """The tokens of text[start:end], each entity mention merged into one token."""
        toks: list[_Tok] = []
        k = bisect.bisect_right(self.starts, start) - 1
        k = max(k, 0)
        for match in _TOKEN.finditer(self.text, start, end):
            a, b = match.span()
            while k < len(self.mentions) and self.mentions[k][1] <= a:
                k += 1
            if k < len(self.mentions) and self.mentions[k][0] <= a < self.mentions[k][1]:
                m_start, _, entity = self.mentions[k]
                if toks and toks[-1].entity is entity and toks[-1].start >= m_start:
                    toks[-1].end = b
                    toks[-1].text = self.text[toks[-1].start : b]
                    continue
                toks.append(_Tok(a, b, match.group(), entity))
                continue
            toks.append(_Tok(a, b, match.group()))
        return self.name_untagged(toks)

    def name_untagged(self, toks: list[_Tok]) -> list[_Tok]:
        """Merge an untagged "Given Surname" run into one person token (the entities missed it)."""
        lex = lexicon()
        out: list[_Tok] = []
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
            out.append(_Tok(tok.start, end, name, entity))
            k += run
        return out

    # -- who is the subject -------------------------------------------------------------------

    def noun_phrase_before(self, toks: list[_Tok], end: int) -> tuple[_Who | None, int]:
        """Read the noun phrase that ends just before toks[end]; return it and its first index."""
        j = end - 1
        if j < 0:
            return None, -1
        tok = toks[j]
        if tok.entity is not None:
            # "Smith and Jones said": two speakers, none of them alone.
            if j >= 2 and toks[j - 1].low in ("and", "&") and toks[j - 2].entity is not None:
                return _Who(_NOBODY, tok.start), j - 2
            first = j
            while first > 0 and _is_title_word(toks[first - 1]):
                first -= 1
            return _Who("entity", tok.start, tok.entity), first
        low = tok.low
        if low in _PRONOUN_GENDER:
            return _Who("pronoun", tok.start, words=(low,)), j
        if low == "who" and j >= 2 and toks[j - 1].text == ",":
            antecedent, first = self.noun_phrase_before(toks, j - 1)
            return antecedent, first
        if low in _NO_ONE or low == "who":
            return _Who(_NOBODY, tok.start), j
        head = low
        plural = head not in _role_words() and head[:-1] in _role_words()
        if head in _role_words() or head.endswith("-old") or plural:
            words = [head]
            k = j - 1
            while k >= 0 and j - k <= 6:
                word = toks[k]
                if word.low in _POSSESSIVE or word.low in _INDEFINITE or plural:
                    # "Smith's spokeswoman", "a ministry spokesman", "officials": nobody we know.
                    first = k
                    if word.low in ("'s", "’s"):
                        first = self.phrase_start(toks, k)
                    return _Who(_NOBODY, tok.start), first
                if word.low == "the":
                    return _Who("role", tok.start, words=tuple(reversed(words))), k
                if word.entity is not None or not word.text[0].isalnum():
                    break
                words.append(word.low)
                k -= 1
            # Without "the" a role is no reference back ("chief executive" before a name we missed).
            return _Who(_NOBODY, tok.start), k + 1
        if tok.text[:1].isalpha() and low not in lexicon().function_words:
            return _Who(_NOBODY, tok.start), self.phrase_start(toks, j + 1)  # "the ministry said"
        return None, -1

    @staticmethod
    def phrase_start(toks: list[_Tok], k: int) -> int:
        """Where the noun phrase ending before toks[k] begins ("the company" before "'s")."""
        first = k
        while first > 0 and k - first < 5:
            tok = toks[first - 1]
            if not tok.text[0].isalnum() or tok.low in _VERBS:
                break
            first -= 1
            if tok.low in ("the", "a", "an", "this", "that"):
                break
        return first

    def noun_phrase_after(self, toks: list[_Tok], k: int) -> _Who | None:
        """Read the noun phrase that starts at toks[k] ("said Smith", "said the minister")."""
        titles = lexicon().titles
        for j in range(k, min(k + 7, len(toks))):
            tok = toks[j]
            if tok.entity is not None:
                if self.possessed(toks, j):
                    continue  # "said Ernst and Young's Sanjay Mehta", "the ISM's chairman"
                return _Who("entity", tok.start, tok.entity)  # "said chief executive Sam Yagan"
            if (tok.text == "." and j > k and toks[j - 1].low in titles) or tok.low in ("'s", "’s"):
                continue  # "said Dr. Lena Hartmann", "said Acme's Jane Roe"
            if not tok.text[0].isalnum() or tok.low in _VERBS:
                break
        for j in range(k, min(k + 7, len(toks))):
            tok = toks[j]
            if j == k and tok.low in _PRONOUN_GENDER:
                return _Who("pronoun", tok.start, words=(tok.low,))
            if j == k and tok.low in _INDEFINITE | _POSSESSIVE | _NO_ONE:
                return _Who(_NOBODY, tok.start)
            if not tok.text[0].isalnum() or tok.low in _VERBS:
                break
            if tok.low in _role_words() and j > k:
                who, _ = self.noun_phrase_before(toks, j + 1)
                if j + 2 < len(toks) and toks[j + 1].text == "," and toks[j + 2].entity is not None:
                    return _Who("entity", toks[j + 2].start, toks[j + 2].entity)
                return who
        return None

    @staticmethod
    def possessed(toks: list[_Tok], j: int) -> bool:
        """Whether the name at toks[j] is followed, within its noun phrase, by a possessive
        "'s" (so owns the speaker rather than being one: "Ernst and Young's Sanjay Mehta")."""
        for k in range(j + 1, min(j + 4, len(toks))):
            if toks[k].low in ("'s", "’s"):
                return True
            if not (toks[k].text[0].isupper() or toks[k].low in ("and", "&")):
                return False
        return False

    def subject_of(self, toks: list[_Tok], verb: int) -> tuple[_Who | None, int]:
        """The subject of the verb at toks[verb], looking left past adverbs and an apposition."""
        j = verb - 1
        while j >= 0 and (toks[j].low in _BETWEEN or (toks[j].low.endswith("ly") and toks[j].text.islower())):
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
                if inner and inner[-1].entity is not None and all(_is_title_word(t) for t in inner[:-1]):
                    # "Iran's chief negotiator, Deputy Foreign Minister Seyed Abbas Araghchi, said"
                    return _Who("entity", inner[-1].start, inner[-1].entity), first
                if who is not None:
                    return who, first
            return None, -1
        return self.noun_phrase_before(toks, j + 1)

    @staticmethod
    def relative_clause_start(toks: list[_Tok], comma: int) -> int:
        """The comma opening a relative clause that ends at toks[comma] (", who leads the
        delegation,", ", whose films include A, B and C,"), or -1."""
        for k in range(comma - 1, max(-1, comma - 30), -1):
            tok = toks[k]
            if tok.text in ".;:!?\"\u201c\u201d":
                return -1
            if tok.text == "," and k + 1 < comma and toks[k + 1].low in ("who", "whose", "which"):
                return k
        return -1

    def first_subject(self, toks: list[_Tok], end: int) -> _Who | None:
        """The first person or pronoun of a clause: the subject a participle or colon refers to."""
        for j in range(end):
            tok = toks[j]
            if tok.entity is not None and (j + 1 >= len(toks) or toks[j + 1].low not in ("'s", "’s")):
                return _Who("entity", tok.start, tok.entity)
            if tok.low in _PRONOUN_GENDER:
                return _Who("pronoun", tok.start, words=(tok.low,))
        return None

    # -- attribution --------------------------------------------------------------------------

    def attribution_after(self, span: _Span, limit: int) -> _Who | None:
        """The speaker named by the clause right after the quote ("“A,” Smith said")."""
        tail_start = span.closer + 1
        if tail_start >= limit:
            return None
        sentences = split_sentences(self.text[tail_start:limit])
        if not sentences:
            return None
        toks = self.tokens(tail_start, tail_start + sentences[0][1])
        first = 0
        while first < len(toks) and toks[first].text in ",;\u2013\u2014-":
            first += 1
        if first >= len(toks) or not toks[first].text[0].isalnum():
            return None
        last_char = self.text[span.parts[-1][1] - 1]
        if last_char in ".?!\u2026":
            rest = self.text[tail_start + sentences[0][1] : limit]
            if not rest.strip() and limit < self.paragraph_end(span.closer):
                return None  # "“... seconds.” He warned that “...”": the next quote's lead-in
            # After a full sentence a capitalised word may start a new one ("“... lose.” Coria
            # conceded that ..."): only "“Why?” Farouk asked" is an attribution.
            new_sentence = toks[first].text[0].isupper() and toks[first].low not in _PRONOUN_GENDER
            if new_sentence and (last_char not in "?!" or not self.plain_attribution(toks, first)):
                return None
        if toks[first].low == "according" and first + 1 < len(toks) and toks[first + 1].low == "to":
            source = toks[first + 2 : first + 5]
            if any(tok.low in _WRITTEN_SOURCES for tok in source) and all(tok.entity is None for tok in source):
                return _Who(_WRITTEN, toks[first].start)
            return self.noun_phrase_after(toks, first + 2) or _Who(_NOBODY, toks[first].start)
        if toks[first].low in _SAY and toks[first].low not in ("told", "tells", "tell"):
            # "said" names the speaker here: one we cannot read is nobody, never the last one.
            return self.noun_phrase_after(toks, first + 1) or _Who(_NOBODY, toks[first].start)
        for verb in range(first + 1, min(len(toks), first + 20)):
            if toks[verb].low in _SAY or toks[verb].low in _CALL:
                who, start = self.subject_of(toks, verb)
                return who if start == first else None
        return None

    @staticmethod
    def plain_attribution(toks: list[_Tok], first: int) -> bool:
        """Whether the tail is just a name and a saying verb ("Farouk asked", "said Farouk")."""
        if toks[first].low in _PLAIN_SAY:
            return True
        return first + 1 < len(toks) and toks[first].entity is not None and toks[first + 1].low in _PLAIN_SAY

    def attribution_before(self, span: _Span, floor: int) -> _Who | None:
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
            if low == "according" and verb + 1 < len(toks) and toks[verb + 1].low == "to":
                return self.noun_phrase_after(toks, verb + 2) or _Who(_NOBODY, toks[verb].start)
            if low in _SAYING:
                participle = True
            elif low in _SAY or low in _CALL:
                who, _ = self.subject_of(toks, verb)
                if who is not None:
                    return who
        if participle or (toks and toks[-1].text == ":"):
            return self.first_subject(toks, len(toks))
        return None

    # -- resolving pronouns and roles ---------------------------------------------------------

    def gender(self, entity: Entity) -> str | None:
        """The person's gender, "m" or "f", from titles, gendered role words and pronouns nearby."""
        if entity.name in self.genders:
            return self.genders[entity.name]
        votes = {"m": 0, "f": 0}
        given = _given_name_gender(entity.name)
        if given is not None:
            votes[given] += 3  # the name's own gender outweighs one title or pronoun nearby
        words = self.role_evidence(entity)
        votes["f"] += 2 * len(words & _FEMALE_WORDS)
        votes["m"] += 2 * len(words & _MALE_WORDS)
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
            for tok in _TOKEN.finditer(self.text, mention.end, end):
                low = tok.group().lower()
                if not self.in_quote(tok.start()):
                    if low in ("he", "his", "him", "himself"):
                        votes["m"] += 1
                    elif low in ("she", "her", "hers", "herself"):
                        votes["f"] += 1
        gender = None
        if votes["m"] != votes["f"]:
            gender = "m" if votes["m"] > votes["f"] else "f"
        self.genders[entity.name] = gender
        return gender

    def role_evidence(self, entity: Entity) -> frozenset[str]:
        """Lowercase words seen with a person: its role, the words before its name, an apposition."""
        if entity.name in self.evidence:
            return self.evidence[entity.name]
        words = set((entity.role or "").lower().split())
        for mention in entity.mentions[:4]:
            if self.in_quote(mention.start):
                continue
            before = self.tokens(max(self.paragraph_start(mention.start), mention.start - 90), mention.start)
            if before and before[-1].text == ",":
                before.pop()  # "the agriculture minister, Anna Kowalski"
            window = before[-8:]
            for k in range(len(window) - 1, -1, -1):
                tok = window[k]
                if tok.text == "." and k and lexicon().titles.get(window[k - 1].low) == "honorific":
                    continue  # "Mrs. Collins"
                if (not tok.text[0].isalnum() and tok.low not in ("'s", "’s")) or tok.low in _VERBS:
                    break
                if tok.entity is not None and tok.entity.type == "person":
                    break
                words.add(tok.low)
            after = self.tokens(mention.end, min(self.paragraph_end(mention.end), mention.end + 120))
            if after and after[0].text == ",":
                for tok in after[1:12]:
                    if tok.text in ",.;:()":
                        break
                    words.add(tok.low)
        evidence = frozenset(words)
        self.evidence[entity.name] = evidence
        return evidence

    def resolve_pronoun(self, who: _Who, previous: Entity | None) -> Entity | None:
        """The person a "he"/"she" refers to: the nearest sentence naming exactly one who fits."""
        wanted = _PRONOUN_GENDER[who.words[0]]
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
                for f in self.found[-_RECENT:]
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

    def same_speaker(self, last: _Found, pos: int, wanted: str, sentence: int) -> bool:
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

    def resolve_role(self, who: _Who) -> Entity | None:
        """The latest person before who.pos introduced with a role that fits who.words, unless
        an unnamed one ("a European diplomat", "an official") was introduced since."""
        head = who.words[-1]
        accepted = _ROLE_CLASSES.get(head, frozenset((head,)))
        demonyms = _demonyms()
        wanted_nation = {w for w in who.words[:-1] if w in demonyms}
        floor = max(0, who.pos - _ROLE_REACH, self.unnamed_intro(who.pos, accepted | {head}))
        rejected: set[str] = set()
        for _, entity in self.persons_before(who.pos, floor):
            if entity.name in rejected:
                continue
            evidence = self.role_evidence(entity)
            if head.endswith("-old"):
                fits = head.split("-")[0] in evidence
            else:
                fits = bool(evidence & accepted) or (head == "diplomat" and {"foreign", "minister"} <= evidence)
            nations = {w for w in evidence if w in demonyms}
            if wanted_nation and nations and not (nations & wanted_nation):
                fits = False
            if head in _FEMALE_WORDS and self.gender(entity) == "m":
                fits = False
            if fits:
                return entity
            rejected.add(entity.name)
        if floor > max(0, who.pos - _ROLE_REACH):
            return None  # the unnamed source introduced last
        return self.newly_titled(who)

    def opens_with_unnamed(self, start: int, end: int) -> bool:
        """Whether the sentence text[start:end] opens with an unnamed person ("A Labour Party
        spokesman criticised ...", "One analyst said ...") outside quotes."""
        match = _unnamed_pattern(_role_words()).match(self.text, start, end)
        if match is None or self.in_quote(start):
            return False
        # "Another analyst, Vera Lobanova, said": named after all.
        return not self.persons_between(match.end(), min(end, match.end() + 4))

    def unnamed_intro(self, pos: int, heads: frozenset[str]) -> int:
        """Where the latest unnamed person with one of these role nouns was introduced before
        pos ("A European diplomat who asked not to be named", "one analyst"), or -1."""
        pattern = _unnamed_pattern(heads)
        latest = -1
        for match in pattern.finditer(self.text, max(0, pos - _ROLE_REACH), pos):
            if not self.in_quote(match.start()):
                latest = match.start()
        return latest

    def newly_titled(self, who: _Who) -> Entity | None:
        """The person just named, when a title word ("the Conservative leader") is said of them
        for the first time: the latest person of the last two sentences, if no role is known for them."""
        if who.words[-1] not in _ROLE_CLASSES and lexicon().titles.get(who.words[-1]) != "role":
            return None  # "the driver", "the resident": someone new
        spans = self.sentence_spans()
        k = bisect.bisect_right(spans, (who.pos, len(self.text))) - 1
        floor = spans[max(0, k - 2)][0] if k >= 0 else 0
        for _, entity in self.persons_before(who.pos, floor):
            known = self.role_evidence(entity) & _role_words()
            nations = self.role_evidence(entity) & _demonyms()
            if known or (nations and not nations & set(who.words)):
                return None
            if who.words[-1] in _FEMALE_WORDS and self.gender(entity) == "m":
                return None
            return entity
        return None

    def speaker(self, who: _Who | None, previous: Entity | None) -> Entity | None:
        """The entity a _Who stands for, or None when it names nobody we can tell."""
        if who is None or who.kind == _NOBODY:
            return None
        if who.kind == "entity":
            return who.entity
        if who.kind == "pronoun":
            return self.resolve_pronoun(who, previous)
        return self.resolve_role(who)

    # -- the quotes ---------------------------------------------------------------------------

    def quote_text(self, span: _Span) -> str:
        """The quoted words: the parts joined by a blank line."""
        return "\n\n".join(self.text[a:b] for a, b in span.parts)

    def not_a_quote(self, span: _Span, short: bool) -> bool:
        """Whether a span is a name or title ("entitled ‘...’") or, if short, a scare quote,
        a term or a modifier rather than speech."""
        before = _TOKEN.findall(self.text, max(0, span.opener - 40), span.opener)[-5:]
        last = before[-1].lower() if before else ""
        if last in _NAMING_BEFORE:
            return True
        if not short:
            return False
        if last in _SCARE_BEFORE or (last == "as" and {"known", "referred", "billed"} & {w.lower() for w in before}):
            return True
        after = _TOKEN.match(self.text, span.closer + 1 + (self.text[span.closer + 1 : span.closer + 2] == " "))
        if last in _POSSESSIVE | {"the", "a", "an", "this", "that"} and after is not None:
            nxt = after.group()
            return nxt.isalpha() and nxt.islower() and nxt not in lexicon().function_words and nxt not in _VERBS
        return False

    def read(self) -> list[Quote]:
        """Attribute every paired span and keep those that are quotes."""
        quotes: list[Quote] = []
        for index, span in enumerate(self.spans):
            text = self.quote_text(span)
            words = text.split()
            # A sentence inside, not only at the end, makes a few words speech ("“lung.”" is not).
            short = len(words) < 5 and not re.search(r"[.!?]\s", text)
            if len(words) <= _TITLE_WORDS and self.not_a_quote(span, short):
                continue
            # The clauses around the quote: within its paragraph, not past a neighbouring quote,
            # and bounded so that a text without line breaks stays linear.
            floor = max(self.paragraph_start(span.opener), span.opener - _CLAUSE_REACH)
            if index and self.spans[index - 1].closer >= floor:
                floor = self.spans[index - 1].closer + 1
            limit = min(self.paragraph_end(span.closer), span.closer + _CLAUSE_REACH)
            if index + 1 < len(self.spans) and self.spans[index + 1].opener < limit:
                limit = self.spans[index + 1].opener
            previous = self.found[-1].speaker if self.found else None
            who = self.attribution_after(span, limit) if span.closed else None
            if who is not None and who.kind == _WRITTEN:
                # "Jalali praised Russia's “...”, according to reports": the clause leading into
                # the quote, in its own sentence, names him.
                lead = self.text[floor : span.opener].rstrip()
                within = lead and lead[-1] not in ".!?\u201d\"'"
                who = (self.attribution_before(span, floor) if within else None) or _Who(_NOBODY, who.pos)
            if who is None:
                if short and _is_title(words):
                    continue
                who = self.attribution_before(span, floor)
            if who is not None:
                entity = self.speaker(who, previous)
                cue = who.pos
            elif short:
                continue
            else:
                entity = self.continued_speaker(span)
                cue = span.opener
            self.found.append(_Found(span, entity, cue))
            start, end = span.parts[0][0], span.parts[-1][1]
            quotes.append(Quote(text, entity.name if entity else None, start, end))
        return quotes

    def continued_speaker(self, span: _Span) -> Entity | None:
        """The speaker of an unattributed quote: the previous quote's, when nobody else came between."""
        if self.found:
            last = self.found[-1]
            between = self.text[last.span.closer + 1 : span.opener]
            others = {e.name for _, e in self.persons_between(last.span.closer, span.opener)}
            # Only right after the previous quote's own sentence: narrative in between may be
            # leading up to someone else.
            if last.speaker is not None and len(split_sentences(between)) <= 1 and others <= {last.speaker.name}:
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
        says = any(tok.lower() in _VERBS for tok in _TOKEN.findall(sentence)) or sentence.endswith(":")
        return next(iter(people.values())) if len(people) == 1 and says else None


def _misread_person(entity: Entity) -> bool:
    """Whether an organisation is a person's name mistyped ("George Adams, the chairman of ...")."""
    words = entity.name.split()
    lex = lexicon()
    return (
        entity.type == "org"
        and 2 <= len(words) <= 3
        and words[0] in lex.given_names
        and not any(word.lower() in lex.org_words for word in words)
        # A surname last, not a common word: "Geneva Nonproliferation Forum" is no person.
        and (words[-1] in lex.surnames or words[-1].lower() not in lex.common_rank)
    )


def _given_name_gender(name: str) -> str | None:
    """The gender ("m"/"f") of a full name's given name, if the name lists tell it ("Claire
    Dupont" f); the given name of "Chen Yiming" is the second word."""
    words = name.split()
    if len(words) < 2:
        return None  # a bare surname says nothing
    lex = lexicon()
    given = words[1] if words[0] in lex.east_asian_surnames else words[0]
    return lex.given_gender.get(given)


def _as_person(entity: Entity) -> Entity:
    """The same entity typed as a person."""
    return Entity(entity.name, "person", entity.mentions, entity.role)


def _is_title_word(tok: _Tok) -> bool:
    """Whether a token can stand in a title before a name ("Interior Ministry spokesman")."""
    if tok.entity is not None:
        return tok.entity.type == "org"
    return tok.text[:1].isupper() or tok.low in _role_words() or tok.low in ("the", "of", "for", "'s", "’s")


_SMALL_WORDS = _forms("a an the of and or in on at to for with from by de la le")


def _is_title(words: list[str]) -> bool:
    """Whether words look like a Title Case name of a work ("The Quiet Harbour")."""
    if len(words) < 2 or words[-1][-1:] in ".!?,":
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words)


def extract_quotes(text: str, entities: list[Entity] | None = None) -> list[Quote]:
    """Return the direct quotes in text with their speakers' canonical names (module docstring)."""
    spans = _pair_marks(text)
    if not spans:
        return []
    if entities is None:
        entities = extract_entities(text)
    return _Reader(text, entities, spans).read()
