"""The article body: read the page once into text blocks, find the article's container, keep its paragraphs.

The container is chosen as Mozilla's Readability does (paragraphs score their parent and
grandparent; the best-scoring element wins, with its worthy siblings), over a single
iterative walk of the tree, so pages nested thousands deep or megabytes long cost linear time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bs4 import NavigableString, Tag

from newsbrowse.clean import boilerplate
from newsbrowse.clean.boilerplate import (
    BYLINE_LINE,
    STRICT,
    class_verdict,
    class_weight,
    is_credit_line,
    is_furniture,
    is_pointer_line,
    is_promotion,
    is_stock_line,
)
from newsbrowse.clean.dates import date_line

PARAGRAPH_BREAK = "\n\n"

# Elements that start a new line of text; everything else flows inline.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary
    table tbody thead tfoot tr caption ul""".split()
)
# Table cells flow inline: a row of cells reads as one line ("1 | Kyle Busch | 5040").
_CELL_TAGS = frozenset({"td", "th"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks whose text is one paragraph; anything else holding text directly acts as a paragraph inside it.
_PARAGRAPH_KINDS = {"p": "p", "pre": "pre", "tr": "row", "li": "li", "dd": "li", "dt": "li",
                    "blockquote": "quote", "caption": "cell", "address": "p", "summary": "p"}
_PARAGRAPH_KINDS.update({heading: "heading" for heading in _HEADINGS})
# Kinds of block that vote for their container (Readability scores p, td, pre and bare div text).
_SCORED_KINDS = frozenset({"p", "pre", "cell", "row", "div", "quote"})
# Kinds whose text sits directly in a container (not a paragraph element): they score it first.
_LOOSE_KINDS = frozenset({"div", "row"})
# Readability's starting score for a candidate container, by tag.
_TAG_SCORES = {"div": 5, "pre": 3, "tr": 3, "blockquote": 3, "address": -3, "ol": -3, "ul": -3, "dl": -3,
               "dd": -3, "dt": -3, "li": -3, "form": -3}
_TAG_SCORES.update({heading: -5 for heading in _HEADINGS})
# Containers checked inside the article for being furniture after all.
_CONDITIONAL_TAGS = frozenset(
    {"form", "fieldset", "table", "ul", "ol", "div", "section", "aside", "header", "footer", "figure", "dl", "details"}
)
_LIST_TAGS = frozenset({"ul", "ol"})
_EMBED_TAGS = frozenset({"iframe", "embed", "object", "video"})
_INPUT_TAGS = frozenset({"input", "select", "textarea"})
_COMMAS = re.compile(r"[,،、，]")
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)]*(?:\s|$)")
# A <br> inside collected text (two in a row break a paragraph), and the start of a table cell.
_BR = "\x00"
_CELL = "\x01"
_CELL_SEPARATOR = " | "
_BR_RUN = re.compile(r"\s*\x00(?:\s*\x00)+\s*")
_MIN_SCORED_CHARS = 25
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
_BYLINE_CHARS = 100
_BYLINE_WORDS = 12
# Lower-case words that belong in names and bylines.
_NAME_PARTICLES = frozenset(
    "and und et y e de del della der den di da dos du la le van von bin al el ibn ter zu".split()
)


@dataclass(slots=True, eq=False)
class Node:
    """A block-level element: its place in the walk and totals of the text inside it."""

    tag: str
    index: int
    parent: Node | None
    names: str = ""
    end: int = 0
    order: int = 0
    last_order: int = 0
    children: list[Node] = field(default_factory=list)
    chars: int = 0
    link_chars: int = 0
    heading_chars: int = 0
    list_chars: int = 0
    commas: int = 0
    paragraphs: int = 0
    items: int = 0
    images: int = 0
    inputs: int = 0
    embeds: int = 0
    score: float = 0.0
    scored: bool = False
    text: str = ""

    def link_density(self) -> float:
        """The share of this element's text that sits inside links."""
        return self.link_chars / self.chars if self.chars else 0.0

    def contains(self, position: int) -> bool:
        """True if a block or node at `position` in the walk lies inside this element."""
        return self.index < position < self.end


@dataclass(slots=True, eq=False)
class Block:
    """A run of text that reads as one paragraph, with the element it belongs to."""

    text: str
    kind: str
    node: Node
    position: int
    link_chars: int
    quoted: bool


@dataclass(slots=True)
class Body:
    """The article's paragraphs, and the date of a date line found (and dropped) among them."""

    paragraphs: list[str]
    date: datetime | None = None

    @property
    def text(self) -> str:
        """The paragraphs separated by a blank line."""
        return PARAGRAPH_BREAK.join(self.paragraphs)

    def length(self) -> int:
        """How many characters of text the paragraphs hold."""
        return sum(len(paragraph) for paragraph in self.paragraphs)


@dataclass(frozen=True, slots=True)
class _Known:
    """What the page's metadata says, folded for comparing with body lines: title and author names."""

    title: str
    title_words: frozenset[str]
    authors: frozenset[str]


@dataclass(slots=True)
class Reading:
    """Everything one walk of the page found: the elements, in document order, and the text blocks."""

    root: Node
    nodes: list[Node]
    blocks: list[Block]


def _text_of(value: object) -> str | None:
    """The text of a plain string node; None for comments, CDATA, doctype and script/style strings."""
    return str(value) if type(value) is NavigableString else None


def _skip(tag: Tag, strict: bool, protected: frozenset[int]) -> bool:
    """True if the element and everything inside it is furniture on this reading."""
    name = tag.name
    if name in boilerplate.DROP_TAGS:
        return True
    if id(tag) in protected:
        return False
    attrs = tag.attrs
    if strict and name in boilerplate.STRICT_DROP_TAGS:
        return True
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style and boilerplate.HIDDEN_STYLE.search(style):
        return True
    names = _names(attrs)
    if is_furniture(names, attrs.get("role")):
        return True
    if not names:
        return False
    classes = attrs.get("class")
    if classes and any(name in boilerplate.HIDDEN_CLASSES for name in str(classes).lower().split()):
        return True
    return strict and class_verdict(names) == STRICT


def _names(attrs: dict[str, object]) -> str:
    """The element's class and id names as one string."""
    classes = attrs.get("class")
    ident = attrs.get("id")
    if classes and ident:
        return f"{classes} {ident}"
    return str(classes or ident or "")


def read_blocks(root: Tag, strict: bool, protected: frozenset[int] = frozenset()) -> Reading:
    """Walk the tree under `root` once (iteratively) into nodes and paragraph blocks.

    Furniture is skipped, not removed, so the same tree can be read again relaxed.
    """
    counter = 0
    top = Node(tag=root.name or "body", index=0, parent=None)
    nodes: list[Node] = [top]
    blocks: list[Block] = []
    parts: list[str] = []
    link_parts: list[int] = [0]
    current = top
    quote_depth = 0
    link_depth = 0

    def flush(owner: Node) -> None:
        nonlocal counter
        if not parts:
            return
        raw = "".join(parts)
        parts.clear()
        link_chars, link_parts[0] = link_parts[0], 0
        kind = _PARAGRAPH_KINDS.get(owner.tag, "div")
        if kind in _LOOSE_KINDS:
            pieces = raw.split(_BR)
        else:
            pieces = _BR_RUN.split(raw)
        texts = []
        for piece in pieces:
            cells = (" ".join(cell.replace(_BR, " ").split()) for cell in piece.split(_CELL))
            text = _CELL_SEPARATOR.join(cell for cell in cells if cell)
            if text:
                texts.append(text)
        total = sum(len(text) for text in texts)
        for text in texts:
            counter += 1
            share = round(link_chars * len(text) / total) if total else 0
            blocks.append(Block(text, kind, owner, counter, min(share, len(text)), quote_depth > 0))
            owner.chars += len(text)
            owner.link_chars += min(share, len(text))
            owner.commas += len(_COMMAS.findall(text))
            if kind == "heading":
                owner.heading_chars += len(text)
            elif owner.tag == "p":
                owner.text = f"{owner.text} {text}" if owner.text else text

    stack: list[tuple[Iterator[object], Tag, Node | None]] = [(iter(root.contents), root, None)]
    while stack:
        children, parent_tag, opened = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if opened is not None:
                flush(opened)
                counter += 1
                opened.end = counter
                opened.last_order = len(nodes)
                parent = opened.parent
                if parent is not None:
                    _add_totals(parent, opened)
                    current = parent
                if opened.tag == "blockquote":
                    quote_depth -= 1
            elif parent_tag.name == "a":
                link_depth -= 1
            continue
        if not isinstance(child, Tag):
            text = _text_of(child)
            if text:
                parts.append(text)
                if link_depth:
                    link_parts[0] += len(text.strip())
            continue
        name = child.name
        if name == "br":
            parts.append(_BR)
            continue
        if name in _CELL_TAGS:
            parts.append(_CELL)
        if _skip(child, strict, protected):
            if name == "img":
                current.images += 1
            elif name in _INPUT_TAGS:
                current.inputs += 1
            elif name in _EMBED_TAGS:
                current.embeds += 1
            continue
        if name in BLOCK_TAGS:
            flush(current)
            counter += 1
            node = Node(tag=name, index=counter, parent=current, names=_names(child.attrs), order=len(nodes))
            nodes.append(node)
            current.children.append(node)
            if name == "p":
                node.paragraphs = 1
            elif name == "li":
                node.items = 1
            elif name == "blockquote":
                quote_depth += 1
            current = node
            stack.append((iter(child.contents), child, node))
        else:
            if name == "a":
                link_depth += 1
            stack.append((iter(child.contents), child, None))
    flush(top)
    counter += 1
    top.end = counter
    top.last_order = len(nodes)
    return Reading(top, nodes, blocks)


def _add_totals(parent: Node, child: Node) -> None:
    """Add a finished element's totals to its parent's."""
    parent.chars += child.chars
    parent.link_chars += child.link_chars
    parent.heading_chars += child.heading_chars
    parent.commas += child.commas
    parent.paragraphs += child.paragraphs
    parent.items += child.items
    parent.images += child.images
    parent.inputs += child.inputs
    parent.embeds += child.embeds
    if child.tag in _LIST_TAGS:
        parent.list_chars += child.chars
    else:
        parent.list_chars += child.list_chars


def _initial_score(node: Node, weigh: bool) -> float:
    """Readability's starting score for a container: by tag, plus its class weight."""
    return _TAG_SCORES.get(node.tag, 0) + (class_weight(node.names) if weigh else 0)


def _score(reading: Reading, weigh: bool) -> list[Node]:
    """Let every paragraph vote for its ancestors; the candidates, best first."""
    candidates: list[Node] = []
    for block in reading.blocks:
        if block.kind not in _SCORED_KINDS or len(block.text) < _MIN_SCORED_CHARS:
            continue
        points = 1 + len(_COMMAS.findall(block.text)) + min(len(block.text) // 100, 3)
        node: Node | None = block.node if block.kind in _LOOSE_KINDS else block.node.parent
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
    alternatives = [node for node in candidates[1:_TOP_CANDIDATES] if node.score / top.score >= 0.75] if top.score > 0 else []
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
        if sibling.scored and sibling.score + bonus >= threshold:
            kept.append(sibling)
        elif sibling.tag == "p" and _worthy_paragraph(sibling.text, sibling.link_density()):
            kept.append(sibling)
    loose = {
        block.position
        for block in reading.blocks
        if block.node is parent
        and _worthy_paragraph(block.text, block.link_chars / len(block.text))
    }
    return kept, loose


def _worthy_paragraph(text: str, link_density: float) -> bool:
    """Readability's test for a paragraph beside the article that belongs to it."""
    length = len(text)
    if length > 80:
        return link_density < 0.25
    return 0 < length and link_density == 0 and _SENTENCE_END.search(text) is not None


def _furniture(node: Node) -> bool:
    """Readability's conditional cleaning: a container inside the article that is furniture after all."""
    if node.tag not in _CONDITIONAL_TAGS:
        return False
    weight = class_weight(node.names)
    if weight + (node.score if node.scored else 0) < 0:
        return True
    if node.commas >= 10:
        return False
    is_list = node.tag in _LIST_TAGS or (node.chars > 0 and node.list_chars / node.chars > 0.9)
    paragraphs, images = node.paragraphs, node.images
    link_density = node.link_density()
    heading_density = node.heading_chars / node.chars if node.chars else 0.0
    return (
        (is_list and link_density > 0.5)
        or (images > 1 and paragraphs / images < 0.5 and node.tag != "figure")
        or (not is_list and node.items - 100 > paragraphs)
        or node.inputs > paragraphs // 3
        or (not is_list and heading_density < 0.9 and node.chars < 25 and (images == 0 or images > 2)
            and node.tag != "figure")
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
    """True for a line that only repeats the byline ("By Jane Doe", or an author's name alone).

    After "By" come only capitalised words and name particles ("By Ana de la Cruz and Li Wei,
    Reuters"), so "By Monday, officials said" is a sentence, not a byline.
    """
    if len(text) > _BYLINE_CHARS:
        return False
    if _normal(text) in authors:
        return True
    if BYLINE_LINE.fullmatch(text) is None:
        return False
    words = [word.strip(".,;:|()[]\"'“”") for word in text.split()[1:]]
    words = [word for word in words if word and word.lower() != "by"]
    return 0 < len(words) <= _BYLINE_WORDS and all(
        not word[0].islower() or word in _NAME_PARTICLES for word in words
    )


def _keep_block(block: Block, known: _Known) -> bool:
    """True for a block that reads as article text rather than furniture left in the container."""
    text = block.text
    if is_stock_line(text) or is_pointer_line(text):
        return False
    if block.kind == "heading" and known.title and _normal(text) == known.title:
        return False
    if len(text) < 200 and block.link_chars >= _LINK_ONLY * len(text):
        return False
    if block.quoted:
        return True
    return not (_is_byline(text, known.authors) or date_line(text) is not None or is_credit_line(text))


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


def _compose(reading: Reading, kept: Sequence[Node], loose: set[int], removed: Sequence[Node],
             known: _Known) -> Body:
    """The paragraphs of the chosen elements, in order, without furniture lines or doubled blocks."""
    chosen_blocks: list[Block] = []
    blocks = reading.blocks
    dated: datetime | None = None
    for block, chosen, dropped in zip(blocks, _inside(blocks, kept), _inside(blocks, removed)):
        if not (chosen or block.position in loose) or dropped:
            continue
        if not _keep_block(block, known):
            if dated is None:
                dated = date_line(block.text)
            continue
        # A block repeated right after itself is a second rendering (mobile/desktop), not emphasis.
        if chosen_blocks and chosen_blocks[-1].text == block.text:
            continue
        if not chosen_blocks and _is_masthead_line(block, known.title_words):
            continue
        chosen_blocks.append(block)
    # The article's last lines are often the outlet's sign-off: follow us, send tips, subscribe.
    while chosen_blocks and not chosen_blocks[-1].quoted and is_promotion(chosen_blocks[-1].text):
        chosen_blocks.pop()
    return Body([block.text for block in chosen_blocks], dated)


def _is_masthead_line(block: Block, title_words: frozenset[str]) -> bool:
    """True for a line above the first paragraph that is the headline again or a label ("Feature")."""
    if block.kind == "heading":
        return _similar(block.text, title_words)
    text = block.text
    return (len(text) <= _LABEL_CHARS and len(text.split()) <= _LABEL_WORDS and not _SENTENCE_END.search(text)
            and not block.quoted)


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


def extract_body(root: Tag, title: str = "", authors: Sequence[str] = (),
                 protected: frozenset[int] = frozenset()) -> Body:
    """The article under `root`: its paragraphs in order, and the date of a date line dropped from it.

    `title` and `authors` let repeated headlines and bylines be dropped; `protected` holds the
    ids of elements that must not be skipped as furniture (ancestors of the headline).
    Never empty when the page has any text.
    """
    folded_title = _normal(title)
    known = _Known(folded_title, frozenset(folded_title.split()), frozenset(_normal(name) for name in authors))
    strict = _extract(read_blocks(root, True, protected), True, known)
    if strict.length() >= _ENOUGH_CHARS:
        return strict
    relaxed_reading = read_blocks(root, False, protected)
    relaxed = _extract(relaxed_reading, False, known)
    best = max(strict, relaxed, key=Body.length)
    if not best.paragraphs:
        best = Body(_best_block(relaxed_reading), best.date)
    return best


def title_from_body(body: str) -> str:
    """A stand-in title for an article that states none: the start of its first paragraph."""
    first = body.split(PARAGRAPH_BREAK, 1)[0]
    if len(first) <= _TITLE_FROM_BODY_CHARS:
        return first
    cut = first.rfind(" ", 0, _TITLE_FROM_BODY_CHARS)
    return first[: cut if cut > 0 else _TITLE_FROM_BODY_CHARS] + "…"
