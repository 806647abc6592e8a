"""The words quote attribution reads: verbs of saying, pronouns, role nouns, and the tokens of a clause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsbrowse.extract.languages import language_code
from newsbrowse.extract.lexicon import lexicon
from newsbrowse.extract.runs import LOWER_LETTERS
from newsbrowse.model import Entity


def forms(*groups: str) -> frozenset[str]:
    """All the words of space-separated groups."""
    return frozenset(word for group in groups for word in group.split())


# Verbs that can attribute a whole quote, before or after it, and take the speaker after them
# ("said Smith").
SAY = forms(
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
PLAIN_SAY = forms("said says asked asks added adds replied replies wrote writes shouted cried exclaimed told")
# Verbs that attribute a partial quote that is their object ("Smith praised Russia's “A”",
# "described the talks as “A”").
CALL = forms(
    "praised praises criticised criticises criticized criticizes described describes called calls",
    "condemned condemns hailed hails welcomed welcomes denounced denounces accused accuses",
    "blamed blames dismissed dismisses branded brands labelled labeled labels slammed slams",
    "rejected rejects defended defends quoted termed terms characterised characterized",
)
# Participles whose subject is the clause's subject ("..., adding that “A”").
SAYING = forms(
    "saying adding noting stressing warning insisting explaining arguing telling writing",
    "declaring emphasising emphasizing urging asking calling describing praising recalling",
    "observing replying claiming promising pledging vowing conceding admitting acknowledging",
)
VERBS = SAY | CALL | SAYING
# Words between a subject and its verb ("Ulyanov has recently said").
BETWEEN = forms(
    "has have had also later then again further recently previously once reportedly earlier",
    "separately would will could did does was were is simply only just still quickly angrily",
    "repeatedly publicly privately initially subsequently finally frequently often herself himself",
    "themselves itself even",
)
PRONOUN_GENDER = {"he": "m", "she": "f"}
NO_ONE = forms("i we they you it this that which there")  # subjects that name nobody we track
INDEFINITE = forms("a an one another some any two three several many most other others")
POSSESSIVE = forms("his her their its our my your 's ’s")
# Words after which a quoted name or title of any length follows.
NAMING_BEFORE = forms(
    "titled entitled named nicknamed codenamed code-named dubbed so-called",
    # works known by their title: "their hit “...”", "the BBC show “...”", "the film “...”"
    "song songs single singles album albums hit hits track tracks film films movie movies show shows",
    "series programme programmes program sitcom drama documentary book books novel novels play plays",
    "musical opera poem painting exhibition game",
)
# Words after which a few quoted words are a term, not speech.
SCARE_BEFORE = forms("word term phrase slogan hashtag motto label headline called")
TITLE_WORDS = 12  # a quoted name or title after "entitled" is at most this long
# Role nouns a speaker can be referred to by ("the diplomat said"), beyond the title words the
# entities' data lists ("minister", "ambassador").
ROLE_EXTRA = forms(
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
ROLE_CLASSES: dict[str, frozenset[str]] = {
    "diplomat": forms("diplomat ambassador envoy representative consul emissary negotiator attache"),
    "official": forms(
        "official minister secretary spokesman spokeswoman spokesperson director governor mayor",
        "ambassador envoy representative commissioner chief head officer adviser advisor",
        "diplomat president premier chairman chairwoman chair",
    ),
    "spokesman": forms("spokesman spokeswoman spokesperson"),
    "spokeswoman": forms("spokesman spokeswoman spokesperson"),
    "spokesperson": forms("spokesman spokeswoman spokesperson"),
    "lawmaker": forms("lawmaker legislator senator congressman congresswoman representative mp deputy"),
    "senator": forms("senator"),
    "congressman": forms("congressman congresswoman representative"),
    "congresswoman": forms("congressman congresswoman representative"),
    "executive": forms("executive ceo chief director president chairman chairwoman founder"),
    "politician": forms("politician lawmaker senator minister leader candidate president mayor"),
}
# Abbreviated titles as the words they stand for: "Sen. Orrin Vale" is a senator.
ROLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "capt": "captain",
    "sgt": "sergeant",
    "adm": "admiral",
    "amb": "ambassador",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "pres": "president",
    "prof": "professor",
}
FEMALE_WORDS = forms(
    "mrs ms miss madam madame mme mlle lady dame queen princess duchess countess baroness",
    "empress spokeswoman chairwoman congresswoman businesswoman councilwoman assemblywoman",
    "actress mother wife daughter sister grandmother frau señora senora signora",
)
MALE_WORDS = forms(
    "mr sir lord king prince duke count baron emperor chairman congressman businessman",
    "councilman assemblyman father husband son brother grandfather herr señor senor signor",
    "monsieur",
)


@cache
def role_words() -> frozenset[str]:
    """Every noun that can head a role ("the minister"): the title words plus ROLE_EXTRA."""
    titles = lexicon().titles
    return ROLE_EXTRA | {word for word, kind in titles.items() if kind == "role"}


@cache
def unnamed_pattern(heads: frozenset[str]) -> re.Pattern[str]:
    """The regex of an unnamed person introduced with one of these role nouns."""
    return re.compile(UNNAMED.format(heads="|".join(sorted(heads, key=len, reverse=True))), re.IGNORECASE)


@cache
def demonyms() -> frozenset[str]:
    """Nationality words in lowercase ("russian", "iranian")."""
    return frozenset(key for key, known in lexicon().known.items() if known.kind == "demonym")


TOKEN = re.compile(r"\w+(?:[-.]\w+|['\u2019](?!s\b)\w+)*|['\u2019]s\b|[^\w\s]")


@dataclass(slots=True)
class Tok:
    """A word, a punctuation mark, or a whole entity mention ("Mikhail Ulyanov") in a clause."""

    start: int
    end: int
    text: str
    low: str  # the text in lowercase (clauses read it for most tokens, some several times)
    entity: Entity | None = None


@dataclass
class Who:
    """Who a clause names as the speaker: a named entity, a pronoun, a role, or nobody."""

    kind: str  # "entity", "pronoun", "role", "nobody" or "written" (a document, not a speaker)
    pos: int
    entity: Entity | None = None
    words: tuple[str, ...] = ()  # a role's words, head last; a pronoun's word


NOBODY = "nobody"
# "according to reports": where the words were read, not who said them.
WRITTEN = "written"
WRITTEN_SOURCES = frozenset(
    """report reports media documents document statement statements transcript transcripts records
    readout readouts accounts summary minutes""".split()
)
CLAUSE_REACH = 600  # characters an attribution may stand from its quote
ROLE_REACH = 3_000  # characters back to where a role ("the minister") was introduced
# An indefinite noun phrase introducing someone unnamed: "A European diplomat", "an
# official", "one Gulf-based analyst" (up to three modifiers before the role noun).
UNNAMED = (
    r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+"
    r"(?:(?!(?:the|a|an|of|to|and|in|at|for|by|from|on|with)\b)[\w'\u2019-]+\s+){{0,3}}?(?:{heads})\b"
)
RECENT = 8  # earlier quotes whose speakers a pronoun may refer to


SMALL_WORDS = forms("a an the of and or in on at to for with from by de la le")


def is_title(words: list[str]) -> bool:
    """Whether words look like a Title Case name of a work ("The Quiet Harbour")."""
    if len(words) < 2 or words[-1][-1:] in ".!?,":
        return False
    return all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in words)


@dataclass(frozen=True)
class QuoteWords:
    """The words quote attribution reads in one language: English's and the language's own."""

    say: frozenset[str]
    plain_say: frozenset[str]
    call: frozenset[str]
    saying: frozenset[str]
    verbs: frozenset[str]
    between: frozenset[str]
    pronoun_gender: dict[str, str]
    no_one: frozenset[str]
    indefinite: frozenset[str]
    possessive: frozenset[str]
    the: frozenset[str]  # definite articles before a role noun ("the minister", "der Minister")
    roles: frozenset[str]
    according: tuple[tuple[str, ...], ...]  # ("according", "to"), ("laut",), ("по", "словам")
    it: frozenset[str]  # "Det" of "Det sier X" after a quote
    aux: frozenset[str]  # "ha" of "ha detto Meloni"
    male: frozenset[str]  # he, his, him, himself and the language's forms
    female: frozenset[str]
    function_words: frozenset[str]
    titles: dict[str, str]
    dash_attribution: tuple[re.Pattern[str], ...]  # where a dash quote's attribution begins, if the language quotes so

    def according_at(self, toks: list[Tok], index: int) -> int:
        """How many tokens from toks[index] spell "according to" (0 if none)."""
        first = toks[index].low
        for phrase in self.according:
            if phrase[0] != first:
                continue  # most tokens open no phrase: spared the walk below
            end = index + len(phrase)
            if end <= len(toks) and all(toks[index + k].low == word for k, word in enumerate(phrase)):
                return len(phrase)
        return 0


def quote_words(language: str | None = None) -> QuoteWords:
    """The attribution words of a language (English for None), built once per process."""
    return _quote_words(language_code(language))


@cache
def _quote_words(language: str) -> QuoteWords:
    """The attribution words behind one language code."""
    lex = lexicon(language)
    rules = lex.language
    say = SAY | rules.say
    pronouns = dict(PRONOUN_GENDER)
    pronouns.update({word: "m" for word in rules.he if word not in rules.she})
    pronouns.update({word: "f" for word in rules.she if word not in rules.he})
    language_roles = {word for word, kind in rules.titles.items() if kind == "role"}
    return QuoteWords(
        say=say,
        plain_say=PLAIN_SAY | rules.say,
        call=CALL,
        saying=SAYING,
        verbs=say | CALL | SAYING,
        between=BETWEEN | rules.aux,
        pronoun_gender=pronouns,
        no_one=NO_ONE | rules.nobody,
        indefinite=INDEFINITE | rules.a,
        possessive=POSSESSIVE,
        the=frozenset({"the"}) | rules.the,
        roles=role_words() | language_roles,
        according=(("according", "to"), *rules.according),
        it=rules.it,
        aux=rules.aux,
        male=forms("he his him himself") | rules.he | rules.him,
        female=forms("she her hers herself") | rules.she | rules.her,
        function_words=lex.function_words,
        titles=lex.titles,
        dash_attribution=_dash_attribution(rules.say, rules.it) if rules.dash_quotes else (),
    )


def _dash_attribution(say: frozenset[str], it: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """Where the attribution of a dash quote begins, the surest first: punctuation or a dash
    before a verb of saying ("…, siger hun", "…,— сказал он", "… —dijo"), a full stop before "Det
    sier"; failing those, a dash before a lowercase word (a dash inside the quote, "Второй трон —
    для мамы", is passed over when a verb of saying follows later)."""
    verbs = "|".join(sorted(map(re.escape, say), key=len, reverse=True)) or "(?!)"
    its = "|".join(sorted(map(re.escape, it), key=len, reverse=True)) or "(?!)"
    before = r"(?:[,!?\u2026.]+[ \t]*|[ \t]+)[\u2013\u2014][ \t]*"
    return (
        re.compile(
            rf"[,!?\u2026][ \t]+(?=(?:{verbs})\b)|{before}(?=(?:{verbs})\b)|[.!?][ \t]+(?=(?:{its})[ \t]+(?:{verbs})\b)",
            re.IGNORECASE,
        ),
        re.compile(rf"{before}(?=[{LOWER_LETTERS}])"),
    )
