"""What page furniture looks like: tags, roles, class/id names and stock lines that are never the article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# Elements whose content is never article text (read for metadata before they are dropped).
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "picture",
        "source",
        "track",
        "map",
        "img",
        "button",
        "input",
        "select",
        "option",
        "optgroup",
        "textarea",
        "label",
        "nav",
        "link",
        "meta",
        "head",
        "title",
        "dialog",
        "figcaption",
        "rt",
        "rp",
        "datalist",
        "output",
        "progress",
        "meter",
        "frameset",
        "frame",
    }
)
# Dropped only on the first, strict reading of a page: usually furniture, occasionally the article.
STRICT_DROP_TAGS = frozenset({"aside", "footer"})
# ARIA landmark roles of page furniture.
DROP_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "alert",
        "tooltip",
        "toolbar",
        "status",
    }
)

# A verdict on an element's class and id names.
KEEP, STRICT, ALWAYS = 0, 1, 2

# Never the article, whatever else a page says: comments, sharing, ads, sign-up and consent boxes.
_ALWAYS_WORDS = frozenset(
    """comment comments commentlist commentform commenting disqus respond replies share shares sharing
    sharebar sharetools social socials newsletter newsletters subscribe subscription subscriptions
    subscribebox signup cookie cookies consent gdpr advert adverts advertisement advertising advertisment ad ads adv
    adsense adsbygoogle adslot adunit adzone adbox dfp gpt sponsor sponsored sponsors promo promos promoted
    related recommended recommendations recommends outbrain taboola popup popups modal breadcrumb
    breadcrumbs skiplink skiplinks""".split()
)
_ALWAYS_PREFIXES = (
    "comment",
    "share",
    "social",
    "newsletter",
    "subscribe",
    "cookie",
    "advert",
    "sponsor",
    "related",
    "recommend",
    "outbrain",
    "taboola",
    "disqus",
    "breadcrumb",
    "popup",
    "signup",
    "adslot",
    "adunit",
)
# Words that start like furniture but name content ("commentary" is an article genre; text for
# subscribers is still the article).
_ALWAYS_EXCEPTIONS = ("commentar", "commentator", "subscriber", "shared", "socialis")
# Usually furniture: sidebars, menus, headers and footers, bylines and dates, captions, tags, widgets.
_STRICT_WORDS = frozenset(
    """header footer sidebar side aside rail menu menus nav navbar navigation masthead banner widget
    widgets pagination pager tags tagcloud tagged keywords topics byline bylines author authors
    authorbox bio dateline timestamp date time published updated meta metadata caption captions credit
    credits login signin search trending popular mostread most jump toc legal copyright disclaimer
    supplemental shoutbox rss sitemap utility utilities toolbar tools actions icons hidden hide
    print email follow contact nocontent noprint skip topbar bottombar footnav kicker eyebrow""".split()
)
_STRICT_PREFIXES = ("sidebar", "footer", "header", "menu", "navbar", "navigation", "widget", "byline", "masthead")
# Class names that mark the article body itself ("article-body", "story-body__inner", "entry-content"),
# which no other word in the names overrules ("article-body subscriber-only").
_BODY_NAME = re.compile(
    r"(?:^|\s)(?:article|story|entry|post|main|page|blog|news)[-_]{0,2}(?:body|content|text)(?:[-_]\S*)?(?=\s|$)",
    re.IGNORECASE,
)
# A fact-check's verdict box ("claim-review", "verdict", "factcheck-rating") is the article's
# conclusion, wherever the page puts it.
VERDICT_NAME = re.compile(r"verdict|claim[-_]?review|fact[-_]?check|faktasjekk|faktenfinder|rating", re.IGNORECASE)
# WordPress adds one class per tag and category ("tag-sharing", "category-social-media").
_TAXONOMY_PREFIXES = ("tag-", "category-", "categories-", "topic-", "postid-", "format-")
# ... and per author, but only beside its other post classes: elsewhere "author-box" and
# "author-name" are the byline.
_AUTHOR_PREFIX = "author-"
_WORDPRESS_POST = re.compile(r"(?:^|\s)(?:hentry|type-\w+|status-\w+|post-\d+|postid-\d+)(?=\s|$)", re.IGNORECASE)
# Class names that hide an element from sight (screen-reader text, collapsed menus).
HIDDEN_CLASSES = frozenset(
    {
        "hidden",
        "hide",
        "sr-only",
        "visually-hidden",
        "visuallyhidden",
        "screen-reader-text",
        "screenreader",
        "offscreen",
        "element-invisible",
        "a11y-hidden",
        "is-hidden",
    }
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_POSITIVE_WORDS = frozenset(
    "article articles body content entry hentry main page post text blog story stories column".split()
)
_NEGATIVE_WORDS = _ALWAYS_WORDS | frozenset(
    """hidden banner combx contact foot footer footnote masthead media meta scroll shoutbox sidebar
    skyscraper shopping tags tool tools widget byline caption credit""".split()
)
CLASS_WEIGHT = 25
_SPLIT_NAME = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")


def _word_pattern(
    words: frozenset[str], prefixes: tuple[str, ...], exceptions: tuple[str, ...] = ()
) -> re.Pattern[str]:
    """A pattern finding, in space-separated words, one of `words` or a word starting with a prefix."""
    unless = f"(?!{'|'.join(exceptions)})" if exceptions else ""
    choices = [f"(?:{'|'.join(sorted(words, key=len, reverse=True))})(?= |$)"]
    if prefixes:
        choices.append(f"(?:{'|'.join(prefixes)})")
    return re.compile(rf"(?:^| ){unless}(?:{'|'.join(choices)})")


_ALWAYS_PATTERN = _word_pattern(_ALWAYS_WORDS, _ALWAYS_PREFIXES, _ALWAYS_EXCEPTIONS)
_STRICT_PATTERN = _word_pattern(_STRICT_WORDS, _STRICT_PREFIXES)
_POSITIVE_PATTERN = _word_pattern(_POSITIVE_WORDS, ())
# Elements named for the picture they hold, whose short text is its caption.
_IMAGE_PATTERN = _word_pattern(
    frozenset("image images img imgs photo photos picture pictures pic media figure gallery thumbnail thumb".split()),
    ("image", "photo", "picture", "gallery"),
)
_NEGATIVE_PATTERN = _word_pattern(_NEGATIVE_WORDS, ())


@lru_cache(maxsize=8192)
def _words(names: str) -> str:
    """The lowercase words of class/id names, space-separated ("shareBar post-footer" ->
    "sharebar share bar postfooter post footer")."""
    words: list[str] = []
    taxonomy = (*_TAXONOMY_PREFIXES, _AUTHOR_PREFIX) if _WORDPRESS_POST.search(names) else _TAXONOMY_PREFIXES
    for name in names.split():
        low = name.lower()
        if low.startswith(taxonomy):
            continue
        words.append(low.replace("-", "").replace("_", ""))
        if low != name:
            low = _CAMEL.sub(r"\1 \2", name).lower()
        words.extend(word for word in _SPLIT_NAME.split(low) if word)
    return " ".join(words)


@lru_cache(maxsize=8192)
def class_verdict(names: str) -> int:
    """KEEP, STRICT or ALWAYS for an element with these class and id names (space-separated)."""
    if not names or _BODY_NAME.search(names) or VERDICT_NAME.search(names):
        return KEEP
    words = _words(names)
    if _ALWAYS_PATTERN.search(words):
        return ALWAYS
    if _STRICT_PATTERN.search(words):
        return STRICT
    return KEEP


def attribute_text(value: object) -> str | None:
    """An attribute's value as beautifulsoup4 gives it, as text: a multi-valued one (class, rel) joined by spaces."""
    if value is None or isinstance(value, str):
        return value
    return " ".join(str(item) for item in value) if isinstance(value, list) else str(value)


def is_furniture(names: str, role: str | None) -> bool:
    """True for an element that is furniture on every reading: by ARIA role, or by class/id names."""
    if role and role.strip().lower() in DROP_ROLES:
        return True
    return bool(names) and class_verdict(names) == ALWAYS


@lru_cache(maxsize=8192)
def is_image_name(names: str) -> bool:
    """True for class/id names of an element that holds a picture ("detail-image", "photo-box")."""
    return bool(names) and _IMAGE_PATTERN.search(_words(names)) is not None


@lru_cache(maxsize=8192)
def class_weight(names: str) -> int:
    """Readability's class weight: +25 for article-like names, -25 for furniture-like ones."""
    if not names:
        return 0
    words = _words(names)
    weight = 0
    if _POSITIVE_PATTERN.search(words) or _BODY_NAME.search(names) or VERDICT_NAME.search(names):
        weight += CLASS_WEIGHT
    if _NEGATIVE_PATTERN.search(words) or _ALWAYS_PATTERN.search(words):
        weight -= CLASS_WEIGHT
    return weight


# Whole lines that are furniture wherever they appear (matched against a short line, stripped).
_STOCK_LINE = re.compile(
    r"(?:advertisement|advertising|ad|sponsored(?: content)?|promoted|story continues below(?: advertisement)?"
    r"|continue reading(?: (?:below|the main story|article))?|scroll to continue(?: with content)?"
    r"|(?:read|see|show|load|view) (?:more|less|all|full (?:story|article))|more (?:on this|from \w+(?: \w+)?)"
    r"|share(?: (?:this|the|on|via|article|story|post|page)\b.*)?|tweet(?: this)?|e-?mail(?: this)?|print(?: this)?"
    r"|copy(?: the)? link|link copied|(?:pin|save) (?:it|this)|whatsapp|facebook|twitter|linkedin|reddit|pinterest|telegram"
    r"|follow (?:us|me)\b.*|like us on facebook.*|(?:sign up|subscribe|register)\b.*(?:newsletter|updates|free|inbox|today|now).*"
    r"|subscribe to\b.*"
    r"|get (?:our|the) (?:newsletter|app)\b.*|download (?:our|the) app\b.*|(?:log|sign) ?in(?: to \w+)?"
    r"|(?:leave|post|add|write) a (?:comment|reply)|comments?(?: \(\d+\))?|\d+ (?:comments?|replies|shares)"
    r"|(?:show|hide|view) comments|be the first to comment.*|join the conversation|reply|report"
    r"|(?:skip|jump) to (?:main )?(?:content|navigation)|back to top|top of page|loading\W*|please wait\W*"
    r"|related(?: (?:articles?|stories|posts|news|content|coverage|topics|links|reading))?\W*"
    r"|(?:you (?:may|might) (?:also )?(?:like|enjoy)|recommended(?: for you)?|more stories|most (?:read|popular|viewed)"
    r"|trending(?: now)?|don'?t miss|editor'?s picks?|also read|must read|top stories|latest news)\W*"
    r"|(?:tags?|topics?|filed under|categories|keywords)\s*:.*|(?:image|photo|picture|video|graphic)s?(?: credit)?\s*:.*"
    r"|(?:credit|source: getty images|getty images|shutterstock|reuters/.*|ap photo.*|afp via getty images)"
    r"|\(?(?:photo|image|picture)s? (?:by|courtesy of|:)\b.*\)?|\d+\s*min(?:ute)?s? read|reading time\W.*"
    r"|all rights reserved\W*|(?:copyright|©)\s.*|©.*|this (?:article|story) (?:was|is|has been) (?:originally )?"
    r"(?:published|updated|corrected|first published)\b.*"
    r"|we use cookies\b.*|(?:accept|agree|decline|got it|ok)(?: all)?(?: cookies)?"
    r"|your email address will not be published\b.*|required fields are marked\b.*"
    r"|(?:name|email|website|comment)\s*\*?|submit(?: comment)?|cancel reply|post comment"
    r"|captcha.*|\d{1,3}\s*[-+x×*]\s*\d{1,3}\s*=\s*\??|what is \d{1,3}\s*[-+x×*]\s*\d{1,3}\s*\??.*)",
    re.IGNORECASE,
)
# Lines this long are article sentences, whatever words they start with.
_STOCK_MAX_CHARS = 120
# "By Jane Doe", "By Jane Doe and John Roe, Reuters": a byline as a line of its own.
_BYLINE_LINE = re.compile(
    r"(?:(?:written |reported |story |words )?by|von|par|por)\s*:?\s+[^\W\d_][^\n]{0,80}", re.IGNORECASE
)
_BYLINE_MAX_CHARS = 100
_BYLINE_MAX_WORDS = 12
# Lower-case words a byline may hold: name particles, conjunctions, times and read times.
_BYLINE_LOWER_WORDS = frozenset(
    """and und et y e de del della der den di da dos du la le van von bin al el ibn ter zu
    am pm a.m p.m min mins read""".split()
)


# A line that points to other articles: "Related: ...", "READ MORE: ...", "DON'T MISS ...".
_POINTER_LINE = re.compile(
    r"(?i:(?:related(?: \w+)?|read (?:more|also|next)|also read|see (?:also|more)|more|don'?t miss|watch|listen"
    r"|recommended(?: reading)?|trending|more from [^:|]{1,40}|explore more|further reading|click here)\s*[:|»›>]\s*\S)"
    r"|(?:DON'?T MISS|READ MORE|RELATED|MORE|WATCH|SEE ALSO|SEE MORE|ALSO READ|READ NEXT)\b"
)
_POINTER_MAX_CHARS = 300
# Sign-offs that promote the outlet or the writer: follow us, join, subscribe, send tips, handles.
_PROMOTION = re.compile(
    r"\bfollow (?:us|him|her|me|them)\b|\bfollow (?:the )?[\w.]+['\u2019]s (?:full |complete |latest |live )?coverage\b"
    r"|\bjoin (?:us|our)\b|\bsign up\b|\bsubscribe\b|\bnewsletters?\b"
    r"|\bdownload (?:our|the) app\b|\blet us know\b|\bsend (?:us )?(?:your )?(?:news )?tips?\b"
    r"|[\w.+-]+@[\w-]+\.\w[\w.]*|(?<![\w@])@\w{2,}",
    re.IGNORECASE,
)
_PROMOTION_MAX_CHARS = 400


# Photo credits and captions' sign-offs: "photos © Outlet, 2018", "(Photo: Agency)", "Image credit: ...".
_CREDIT = re.compile(
    r"©|\(c\) (?:19|20)\d\d|\b(?:photo(?:graph)?|image|picture|illustration|video)s?\s*(?:by\b|:|credit\b|courtesy\b)"
    r"|\bcredit\s*:|\bgetty images\b|\bshutterstock\b|\bap photo\b|\bvia reuters\b|\bafp photo\b"
    # A credit in brackets closing a caption: "(Outlet archive)", "(file photo)", "(Jane Doe / Outlet)".
    r"|\((?:[^()]{0,40}\b(?:archive|file(?: photo)?|handout)|(?-i:[A-Z])[^()/]{1,40}/\s?(?-i:[A-Z])[^()/]{1,40})\)\W*$",
    re.IGNORECASE,
)
_CREDIT_MAX_CHARS = 150


def is_credit_line(text: str) -> bool:
    """True for a short line that credits or captions a photo ("photos © Outlet", "(Photo: Agency)")."""
    return len(text) <= _CREDIT_MAX_CHARS and _CREDIT.search(text) is not None


def is_pointer_line(text: str) -> bool:
    """True for a short line that sends the reader to another article ("Related: ...", "READ MORE: ...")."""
    return len(text) <= _POINTER_MAX_CHARS and _POINTER_LINE.match(text) is not None


# Lines that open a block of links or tags ("Related", "More Great WIRED Stories", "Tags").
_LINKS_MARKER = re.compile(
    r"(?:related|more|similar|recommended|popular|latest|further)(?: (?:articles?|stories|posts|news|reading|"
    r"coverage|content|links|topics|from [\w .'-]{1,40}))?|more(?: [\w'-]+){1,3} (?:stories|articles|reads|news)"
    r"|share(?: this(?: (?:article|story|post|page))?)?"
    r"|you (?:may|might) (?:also )?(?:like|enjoy)|read (?:more|also|next)|see also|also read|tags?|topics"
    r"|keywords|filed under|post navigation|about the author|trending(?: now)?|most (?:read|popular|viewed)",
    re.IGNORECASE,
)
# A block of links or titles is made of lines no longer than this.
_LINK_LINE_CHARS = 200


def links_block_start(lines: Sequence[str]) -> int:
    """Where a closing block of links begins: a line such as "Related" or "More Great WIRED
    Stories" (never the first) followed only by short lines; len(lines) if there is none."""
    # The longest line after each position, so each marker is judged in constant time.
    longest_after = [0] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        longest_after[index] = max(longest_after[index + 1], len(lines[index]))
    for index in range(1, len(lines)):
        line = lines[index].strip(" :.-–—|»")
        if longest_after[index + 1] <= _LINK_LINE_CHARS and _LINKS_MARKER.fullmatch(line):
            return index
    return len(lines)


# A wire story's closing signature: a dash and the agency or writer ("- Atlas Newswire", "— AP").
_SIGN_OFF = re.compile(r"[-–—]+\s*[^\W\d_][\w.&'’]*(?:\s+[\w.&'’]+){0,3}")


def is_sign_off(text: str, before: str = "") -> bool:
    """True for a last line that only signs the story off ("- Atlas Newswire", "— AP"), unless the
    line `before` it starts with a dash too (the end of a list)."""
    line = text.strip()
    return (
        _SIGN_OFF.fullmatch(line) is not None
        and line.lstrip("-–— ")[:1].isupper()
        and not before.lstrip().startswith(("-", "–", "—"))
    )


def is_promotion(text: str) -> bool:
    """True for a short line that promotes the outlet or writer (follow us, subscribe, send tips, @handles)."""
    return len(text) <= _PROMOTION_MAX_CHARS and _PROMOTION.search(text) is not None


# Paywall notices, in the languages whose outlets most often show them.
_PAYWALL = re.compile(
    r"\b(?:subscribers? only|for subscribers|subscribe (?:now )?to (?:continue|read|unlock)|already a subscriber"
    r"|to continue reading|you have \d+ free articles?|your subscription|premium (?:article|content)"
    r"|réservée? aux abonnés|il vous reste [\d.,]+ ?% de cet article|votre abonnement"
    r"|exclusivo para (?:suscriptores|assinantes)|nur für abonnenten|riservat[oa] agli abbonati)\b"
    r"|有料会員|会員限定|유료 ?회원",
    re.IGNORECASE,
)


def is_byline_line(text: str) -> bool:
    """True for a line that is a byline ("By Ana de la Cruz and Li Wei, Reuters | 5 min read").

    After "By" come only capitalised words, numbers and name particles, so "By Monday, officials
    said" and "By early 2005 the net..." are sentences, not bylines.
    """
    if len(text) > _BYLINE_MAX_CHARS or _BYLINE_LINE.fullmatch(text) is None:
        return False
    words = [word.strip(".,;:|()[]\"'“”") for word in text.split()[1:]]
    words = [word for word in words if word and word.lower() != "by"]
    return 0 < len(words) <= _BYLINE_MAX_WORDS and all(
        not word[0].islower() or word in _BYLINE_LOWER_WORDS for word in words
    )


def is_stock_line(text: str) -> bool:
    """True for a short line that is furniture: share prompts, ad labels, comment forms, captcha sums,
    paywall notices."""
    line = text.strip(" \t\r\n|•·»›>:-–—")
    if not line:
        return True
    if len(line) > _STOCK_MAX_CHARS:
        return False
    return _STOCK_LINE.fullmatch(line) is not None or _PAYWALL.search(line) is not None
