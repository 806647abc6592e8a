"""The article body: find the article's container among the page's blocks and keep its paragraphs.

The container is chosen as Mozilla's Readability does (paragraphs score their parent and
grandparent; the best-scoring element wins, with its worthy siblings and the other parts of an
article split by adverts); then the furniture left inside it is dropped, container by container
and line by line. Every step is linear in the size of the page.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsbrowse.clean.blocks import (
    COMMAS,
    HEADINGS,
    LIST_TAGS,
    LOOSE_KINDS,
    PARAGRAPH_BREAK,
    Block,
    Node,
    Reading,
    read_blocks,
)
from newsbrowse.clean.boilerplate import (
    class_weight,
    is_byline_line,
    is_credit_line,
    is_image_name,
    is_pointer_line,
    is_promotion,
    is_sign_off,
    is_stock_line,
    links_block_start,
)
from newsbrowse.clean.dateline import paragraph_dateline
from newsbrowse.clean.dates import Published, date_line
from newsbrowse.clean.language import identify_language
from newsbrowse.clean.leftovers import is_leftover_line, is_link_run, is_summary_label
from newsbrowse.clean.tree import Element
from newsbrowse.extract.lexicon import lexicon

# Kinds of block that vote for their container (Readability scores p, td, pre and bare div text).
_SCORED_KINDS = frozenset({"p", "pre", "cell", "row", "div", "quote"})
# Readability's starting score for a candidate container, by tag.
_TAG_SCORES = {
    "div": 5,
    "pre": 3,
    "tr": 3,
    "blockquote": 3,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
}
_TAG_SCORES.update({heading: -5 for heading in HEADINGS})
# Containers checked inside the article for being furniture after all.
_CONDITIONAL_TAGS = frozenset(
    {"form", "fieldset", "table", "ul", "ol", "div", "section", "aside", "header", "footer", "figure", "dl", "details"}
)
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)]*(?:\s|$)")
_MIN_SCORED_CHARS = 25
# A run of paragraphs met before, in the same order, is a second rendering of the article when it
# holds so many paragraphs of prose: recurring short lines (lists, menus, recipes) are not.
_REPEAT_MIN_PARAGRAPHS = 2
_REPEAT_PARAGRAPH_CHARS = 120
# How much of the page's prose is read to identify its language when it declares none.
_LANGUAGE_SAMPLE_CHARS = 400
# Readability's retry threshold: a strict reading shorter than this is tried again, relaxed.
_ENOUGH_CHARS = 500
_TOP_CANDIDATES = 5
# A container sharing the best candidate's class names joins the article with this much of its score.
_TWIN_MIN_SCORE = 5.0
_TWIN_SHARE = 0.1
_TWIN_LINK_DENSITY = 0.25
_LINK_ONLY = 0.8
# A line of this many words or fewer above the first paragraph, without a full stop, is a label.
_LABEL_WORDS = 3
_LABEL_CHARS = 30
# Share of words a leading heading must have in common with the title to count as the headline.
_SIMILAR_TITLE = 0.6
_TITLE_FROM_BODY_CHARS = 100
# The most text an element holding a picture has when that text is its caption.
_CAPTION_CHARS = 300
# An author's name alone on a line is no longer than this.
_AUTHOR_LINE_CHARS = 100
# ... and the words of a place or role beside it at most.
_AUTHOR_LINE_EXTRA_WORDS = 3
_AUTHOR_SEPARATOR = re.compile(r"[,|·•–—]|\s-\s")
# A name of two to four words, alone on a line.
_SIGNATURE = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:\s+[^\W\d_][^\W\d_'’\-]*){1,3}")
_SIGNATURE_CHARS = 40
_SIGNATURE_COMMON_RANK = 2000


@dataclass(slots=True)
class Body:
    """The article's paragraphs, the date of a date line found (and dropped) among them, and the
    language the page was read in (declared, else identified from its text)."""

    paragraphs: list[str]
    date: Published | None = None
    language: str | None = None
    # The text of the whole page (furniture aside) and how much of it sits in links.
    page_chars: int = 0
    page_link_chars: int = 0
    # A writer's name alone on the article's last line (dropped from the paragraphs).
    signature: str | None = None

    @property
    def text(self) -> str:
        """The paragraphs separated by a blank line."""
        return PARAGRAPH_BREAK.join(self.paragraphs)

    def length(self) -> int:
        """How many characters of text the paragraphs hold."""
        return sum(len(paragraph) for paragraph in self.paragraphs)


@dataclass(frozen=True, slots=True)
class _Known:
    """What the page's metadata says, folded for comparing with body lines: title and author names;
    and the language its lines are read in (for dates)."""

    title: str
    title_words: frozenset[str]
    authors: frozenset[str]
    language: str | None = None


def _initial_score(node: Node, weigh: bool) -> float:
    """Readability's starting score for a container: by tag, plus its class weight."""
    return _TAG_SCORES.get(node.tag, 0) + (class_weight(node.names) if weigh else 0)


def _score(reading: Reading, weigh: bool) -> list[Node]:
    """Let every paragraph vote for its ancestors; the candidates, best first."""
    candidates: list[Node] = []
    for block in reading.blocks:
        if block.kind not in _SCORED_KINDS or len(block.text) < _MIN_SCORED_CHARS:
            continue
        points = 1 + len(COMMAS.findall(block.text)) + min(len(block.text) // 100, 3)
        node: Node | None = block.node if block.kind in LOOSE_KINDS else block.node.parent
        level = 0
        while node is not None and level < 5:
            if not node.scored:
                node.scored = True
                node.score = _initial_score(node, weigh)
                candidates.append(node)
            node.score += points / (1 if level == 0 else 2 if level == 1 else level * 3)
            node = node.parent
            level += 1
    for node in candidates:
        node.score *= 1 - node.link_density()
    candidates.sort(key=lambda node: node.score, reverse=True)
    return candidates


def _ancestors(node: Node) -> Iterator[Node]:
    """The node's ancestors, nearest first."""
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _choose_top(candidates: Sequence[Node]) -> Node:
    """Readability's choice of the article container from the best candidates."""
    top = candidates[0]
    alternatives = (
        [node for node in candidates[1:_TOP_CANDIDATES] if node.score / top.score >= 0.75] if top.score > 0 else []
    )
    if len(alternatives) >= 3:
        # Several near-equal candidates sharing an ancestor: the article is split; take the ancestor.
        alternative_ancestors = [set(map(id, _ancestors(node))) for node in alternatives]
        for ancestor in _ancestors(top):
            if ancestor.parent is None:
                break
            if sum(id(ancestor) in seen for seen in alternative_ancestors) >= 3:
                top = ancestor
                break
    # Climb while the parent scores better: it holds more of the article.
    parent = top.parent
    last_score = top.score
    threshold = last_score / 3
    while parent is not None and parent.parent is not None:
        if not parent.scored:
            parent = parent.parent
            continue
        if parent.score < threshold:
            break
        if parent.score > last_score:
            top = parent
            break
        last_score = parent.score
        parent = parent.parent
    while top.parent is not None and top.parent.parent is not None and len(top.parent.children) == 1:
        top = top.parent
    return top


def _twins(candidates: Sequence[Node], kept: list[Node], top: Node) -> list[Node]:
    """Other parts of an article split by figures or ads: containers with the best candidate's class names."""
    best = candidates[0]
    if not best.names:
        return []
    threshold = max(_TWIN_MIN_SCORE, best.score * _TWIN_SHARE)
    # The kept elements are disjoint, and so are the twins added: sorted (start, end) ranges.
    taken = sorted((node.index, node.end) for node in kept)
    twins: list[Node] = []
    for node in candidates[1:]:
        if node.names != best.names or node.score < threshold or node.link_density() >= _TWIN_LINK_DENSITY:
            continue
        at = bisect.bisect_left(taken, (node.index, node.end))
        inside_previous = at > 0 and taken[at - 1][1] > node.index
        holds_next = at < len(taken) and taken[at][0] < node.end
        if inside_previous or holds_next:
            continue
        taken.insert(at, (node.index, node.end))
        twins.append(node)
    return twins


def _gather(reading: Reading, top: Node) -> tuple[list[Node], set[int]]:
    """The top container and its worthy siblings (elements, and loose paragraphs by position)."""
    parent = top.parent
    if parent is None:
        return [top], set()
    threshold = max(10.0, top.score * 0.2)
    kept: list[Node] = []
    for sibling in parent.children:
        if sibling is top:
            kept.append(sibling)
            continue
        bonus = top.score * 0.2 if top.names and sibling.names == top.names else 0.0
        if (sibling.scored and sibling.score + bonus >= threshold) or (
            sibling.tag == "p" and _worthy_paragraph(sibling.chars, sibling.last_text, sibling.link_density())
        ):
            kept.append(sibling)
    loose = {
        block.position
        for block in reading.blocks
        if block.node is parent and _worthy_paragraph(len(block.text), block.text, block.link_chars / len(block.text))
    }
    return kept, loose


def _worthy_paragraph(length: int, ending: str, link_density: float) -> bool:
    """Readability's test for a paragraph beside the article that belongs to it: long with few
    links, or short, without links, and ending a sentence (`ending` is its last line)."""
    if length > 80:
        return link_density < 0.25
    return length > 0 and link_density == 0 and _SENTENCE_END.search(ending) is not None


def _furniture(node: Node) -> bool:
    """Readability's conditional cleaning: a container inside the article that is furniture after all."""
    if node.tag not in _CONDITIONAL_TAGS:
        return False
    weight = class_weight(node.names)
    if weight + (node.score if node.scored else 0) < 0:
        return True
    if node.commas >= 10:
        return False
    is_list = node.tag in LIST_TAGS or (node.chars > 0 and node.list_chars / node.chars > 0.9)
    paragraphs, images = node.paragraphs, node.images
    link_density = node.link_density()
    heading_density = node.heading_chars / node.chars if node.chars else 0.0
    return (
        (is_list and link_density > 0.5)
        or (images > 1 and paragraphs / images < 0.5 and node.tag != "figure")
        or (not is_list and node.items - 100 > paragraphs)
        or node.inputs > paragraphs // 3
        or (
            not is_list
            and heading_density < 0.9
            and node.chars < 25
            and (images == 0 or images > 2)
            and node.tag != "figure"
        )
        or (not is_list and weight < 25 and link_density > 0.2)
        or (weight >= 25 and link_density > 0.5)
        or (node.embeds == 1 and node.chars < 75)
        or node.embeds > 1
    )


def _cleaned_out(reading: Reading, kept: Sequence[Node], top: Node) -> list[Node]:
    """The containers inside the kept elements that conditional cleaning removes, in document order."""
    removed: list[Node] = []
    for container in kept:
        end = container.last_order
        order = container.order
        while order < end:
            node = reading.nodes[order]
            if node is not top and _furniture(node):
                removed.append(node)
                order = node.last_order
                continue
            order += 1
    return removed


def _normal(text: str) -> str:
    """Text folded for comparison: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _is_byline(text: str, authors: frozenset[str]) -> bool:
    """True for a line that only repeats the byline: "By Jane Doe", an author's name alone, or
    with a place or role in capitalised words after it ("Selin Kaya ISTANBUL", "Jane Doe, Columnist")."""
    if is_byline_line(text):
        return True
    if len(text) > _AUTHOR_LINE_CHARS:
        return False
    folded = _normal(text)
    if folded in authors:
        return True
    if _SENTENCE_END.search(text):
        return False
    for author in authors:
        if " " in author and folded.startswith(author + " "):
            rest = folded[len(author) + 1 :].split()
            if len(rest) > _AUTHOR_LINE_EXTRA_WORDS:
                return False
            # Set apart by a separator ("Jane Doe, Columnist") or in capitals ("Selin Kaya ISTANBUL").
            tail = text.split()[-len(rest) :]
            separated = _AUTHOR_SEPARATOR.search(text) is not None
            return all(word[:1].isupper() and (separated or word.isupper()) for word in tail)
    return False


def _keep_block(block: Block, known: _Known) -> bool:
    """True for a block that reads as article text rather than furniture left in the container."""
    text = block.text
    if is_stock_line(text) or is_pointer_line(text) or is_leftover_line(text) or is_link_run(text, block.link_chars):
        return False
    if block.kind == "heading" and known.title and _normal(text) == known.title:
        return False
    if len(text) < 200 and block.link_chars >= _LINK_ONLY * len(text):
        return False
    if block.quoted:
        return True
    return not (
        _is_byline(text, known.authors)
        or date_line(text, known.language) is not None
        or is_credit_line(text)
        or _is_caption(block)
    )


def _is_caption(block: Block) -> bool:
    """True for the short text of an element that holds a picture, when the element is named for
    it or the text repeats the picture's alt text (a caption outside <figcaption>:
    "<div class='detail-image'><img><div>A view of ...</div></div>")."""
    node = block.node
    for holder in (node, node.parent):
        if holder is None or not holder.images or holder.chars > _CAPTION_CHARS:
            continue
        if is_image_name(holder.names) or is_image_name(node.names):
            return True
        text = _normal(block.text)
        for element in (holder, *holder.children):
            if element.alts and any(_normal(alt) == text for alt in element.alts):
                return True
    return False


def _inside(blocks: Sequence[Block], nodes: Sequence[Node]) -> list[bool]:
    """For each block (in document order), whether it lies inside one of the disjoint `nodes`."""
    ranges = sorted((node.index, node.end) for node in nodes)
    flags: list[bool] = []
    at = 0
    for block in blocks:
        while at < len(ranges) and ranges[at][1] <= block.position:
            at += 1
        flags.append(at < len(ranges) and ranges[at][0] < block.position)
    return flags


def _compose(reading: Reading, kept: Sequence[Node], loose: set[int], removed: Sequence[Node], known: _Known) -> Body:
    """The paragraphs of the chosen elements, in order, without furniture lines or doubled blocks."""
    chosen_blocks: list[Block] = []
    blocks = reading.blocks
    candidates = [
        (block, dropped)
        for block, chosen, dropped in zip(blocks, _inside(blocks, kept), _inside(blocks, removed), strict=True)
        if chosen or block.position in loose
    ]
    # A closing block of links ("More Great WIRED Stories" and their titles) is no text; its
    # heading may be among the furniture dropped, so it is looked for before that.
    del candidates[links_block_start([block.text for block, _ in candidates]) :]
    dated: Published | None = None
    in_summary = False
    for block, dropped in candidates:
        if dropped:
            continue
        # A summary box ("Kortversjonen" and its points) repeats the article in brief.
        if is_summary_label(block.text):
            in_summary = True
            continue
        if in_summary and block.kind == "li":
            continue
        in_summary = False
        if not _keep_block(block, known):
            if dated is None:
                dated = date_line(block.text, known.language)
            continue
        # A block repeated right after itself is a second rendering (mobile/desktop), not emphasis.
        if chosen_blocks and chosen_blocks[-1].text == block.text:
            continue
        if not chosen_blocks and (
            _is_masthead_line(block, known.title_words)
            or (len(block.text) <= 2 * len(known.title) and _normal(block.text) == known.title)
        ):
            continue
        chosen_blocks.append(block)
    chosen_blocks = _without_repeats(chosen_blocks)
    # The article's last lines are often the outlet's sign-off: follow us, send tips, subscribe, "- AP".
    while (
        chosen_blocks
        and not chosen_blocks[-1].quoted
        and (
            is_promotion(chosen_blocks[-1].text)
            or is_sign_off(chosen_blocks[-1].text, chosen_blocks[-2].text if len(chosen_blocks) > 1 else "")
        )
    ):
        chosen_blocks.pop()
    signature = None
    if len(chosen_blocks) > 2 and _is_signature(chosen_blocks[-1]):
        signature = chosen_blocks.pop().text
    return Body([block.text for block in chosen_blocks], dated, known.language, signature=signature)


def _is_signature(block: Block) -> bool:
    """True for a last line that is only a name: the writer signing at the bottom ("Lê Phương")."""
    text = block.text
    if (
        block.kind == "li"
        or block.quoted
        or len(text) > _SIGNATURE_CHARS
        or _SIGNATURE.fullmatch(text) is None
        or not all(word[0].isupper() for word in text.split())
    ):
        return False
    # "Photo Gallery", "More News": common words are no name.
    ranks = lexicon().common_rank
    return all(ranks.get(word.casefold(), _SIGNATURE_COMMON_RANK) >= _SIGNATURE_COMMON_RANK for word in text.split())


def _without_repeats(blocks: list[Block]) -> list[Block]:
    """The blocks without a second rendering of the article: a run of paragraphs met before, in the
    same order, holding real text (a body doubled or tripled, each copy with its pictures' URLs
    dropped already). Single lines that recur, as in lists and menus, stay."""
    first: dict[str, int] = {}
    sources: list[int | None] = []
    for index, block in enumerate(blocks):
        sources.append(first.get(block.text))
        first.setdefault(block.text, index)
    dropped: set[int] = set()
    start = 0
    while start < len(blocks):
        if sources[start] is None:
            start += 1
            continue
        end = start + 1
        previous = sources[start]
        while end < len(blocks) and previous is not None and sources[end] == previous + 1:
            previous = sources[end]
            end += 1
        if sum(len(blocks[i].text) >= _REPEAT_PARAGRAPH_CHARS for i in range(start, end)) >= _REPEAT_MIN_PARAGRAPHS:
            dropped.update(range(start, end))
        start = end
    return [block for index, block in enumerate(blocks) if index not in dropped] if dropped else blocks


def _is_masthead_line(block: Block, title_words: frozenset[str]) -> bool:
    """True for a line above the first paragraph that is the headline again or a label ("Feature",
    "Diplomacy"). A standfirst, a sentence or more, stays: it is the outlet's own summary and
    often the only place a quote or a name is put so plainly."""
    if block.kind == "heading":
        return _similar(block.text, title_words)
    text = block.text
    if paragraph_dateline(text) is not None:  # a dateline on a line of its own ("BAAR, SWITZERLAND")
        return False
    return (
        len(text) <= _LABEL_CHARS
        and len(text.split()) <= _LABEL_WORDS
        and not _SENTENCE_END.search(text)
        and not block.quoted
    )


def _similar(text: str, title_words: frozenset[str]) -> bool:
    """True if a line shares most of its words with the title."""
    words = set(_normal(text).split())
    if not words or not title_words:
        return False
    return len(words & title_words) >= _SIMILAR_TITLE * len(words | title_words)


def _extract(reading: Reading, strict: bool, known: _Known) -> Body:
    """The article's paragraphs from one reading of the page."""
    candidates = _score(reading, weigh=strict)
    if not candidates:
        return _compose(reading, [reading.root], set(), [], known)
    top = _choose_top(candidates)
    kept, loose = _gather(reading, top)
    kept.extend(_twins(candidates, kept, top))
    removed = _cleaned_out(reading, kept, top) if strict else []
    return _compose(reading, kept, loose, removed, known)


def _best_block(reading: Reading) -> list[str]:
    """The last resort: the longest block of text on the page that is not furniture."""
    texts = [block.text for block in reading.blocks if not is_stock_line(block.text)]
    return [max(texts, key=len)] if texts else []


def _prose_sample(reading: Reading) -> str:
    """Some of the page's prose, for identifying its language: the paragraphs long enough to score."""
    pieces: list[str] = []
    size = 0
    for block in reading.blocks:
        if block.kind in _SCORED_KINDS and len(block.text) >= _MIN_SCORED_CHARS:
            pieces.append(block.text)
            size += len(block.text)
            if size >= _LANGUAGE_SAMPLE_CHARS:
                break
    return "\n".join(pieces)


def extract_body(
    root: Element,
    title: str = "",
    authors: Sequence[str] = (),
    protected: frozenset[int] = frozenset(),
    language: str | None = None,
) -> Body:
    """The article under `root`: its paragraphs in order, and the date of a date line dropped from it.

    `title` and `authors` let repeated headlines and bylines be dropped; `protected` holds the
    ids of elements that must not be skipped as furniture (ancestors of the headline);
    `language` is the one the page declares (else it is identified from the page's prose), for
    reading dates in its words. Never empty when the page has any text.
    """
    folded_title = _normal(title)
    strict_reading = read_blocks(root, True, protected)
    if language is None:
        language = identify_language(_prose_sample(strict_reading))[0]
    known = _Known(
        folded_title, frozenset(folded_title.split()), frozenset(_normal(name) for name in authors), language
    )
    strict = _extract(strict_reading, True, known)
    if strict.length() < _ENOUGH_CHARS:
        relaxed_reading = read_blocks(root, False, protected)
        strict = max(strict, _extract(relaxed_reading, False, known), key=Body.length)
        if not strict.paragraphs:
            strict = Body(_best_block(relaxed_reading), strict.date, language)
    strict.page_chars, strict.page_link_chars = strict_reading.root.chars, strict_reading.root.link_chars
    return strict


def title_from_body(body: str) -> str:
    """A stand-in title for an article that states none: the start of its first paragraph."""
    first = body.split(PARAGRAPH_BREAK, 1)[0]
    if len(first) <= _TITLE_FROM_BODY_CHARS:
        return first
    cut = first.rfind(" ", 0, _TITLE_FROM_BODY_CHARS)
    return first[: cut if cut > 0 else _TITLE_FROM_BODY_CHARS] + "…"
