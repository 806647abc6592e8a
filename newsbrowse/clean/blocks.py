"""One iterative walk of the page's tree into text blocks (paragraphs) and block-level elements.

Furniture is skipped on the way (by tag, ARIA role, class/id names, hidden state), never
removed, so the same tree can be read twice: strictly, then relaxed. The walk keeps an
explicit stack, so pages nested thousands deep cost linear time and no recursion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from newsbrowse.clean import boilerplate
from newsbrowse.clean.boilerplate import STRICT, attribute_text, class_verdict, is_furniture
from newsbrowse.clean.tree import Element

PARAGRAPH_BREAK = "\n\n"

# Elements that start a new line of text; everything else flows inline.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary
    table tbody thead tfoot tr caption ul""".split()
)
# Table cells flow inline: a row of cells reads as one line ("1 | Kyle Busch | 5040").
_CELL_TAGS = frozenset({"td", "th"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks whose text is one paragraph; anything else holding text directly acts as a paragraph inside it.
_PARAGRAPH_KINDS = {
    "p": "p",
    "pre": "pre",
    "tr": "row",
    "li": "li",
    "dd": "li",
    "dt": "li",
    "blockquote": "quote",
    "caption": "cell",
    "address": "p",
    "summary": "p",
}
_PARAGRAPH_KINDS.update({heading: "heading" for heading in HEADINGS})
# Kinds whose text sits directly in a container, not in a paragraph element of its own.
LOOSE_KINDS = frozenset({"div", "row"})
LIST_TAGS = frozenset({"ul", "ol"})
_EMBED_TAGS = frozenset({"iframe", "embed", "object", "video"})
_INPUT_TAGS = frozenset({"input", "select", "textarea"})
COMMAS = re.compile(r"[,،、，]")
# A <br> inside collected text (two in a row break a paragraph), and the start of a table cell.
_BR = "\x00"
_CELL = "\x01"
_CELL_SEPARATOR = " | "
_BR_RUN = re.compile(r"\s*\x00(?:\s*\x00)+\s*")
# Where an inline element ends and the next element or text begins with no space between them
# ("<span>Selin Kaya</span><span>ISTANBUL</span>"): styled as separate boxes, read as two words
# when the join would glue a capital onto a word ("KayaISTANBUL"), as one ("<b>T</b>he") otherwise.
_SEAM = "\x02"
_SEAM_BEFORE = frozenset(".,;:!?)]\"'”’»")


def _close_seams(raw: str) -> str:
    """The text with each inline seam made a space between a word and a capital, or nothing."""
    pieces = raw.split(_SEAM)
    joined = [pieces[0]]
    last = pieces[0][-1:]
    for piece in pieces[1:]:
        if piece[:1].isupper() and (last.islower() or last.isdigit() or (last and last in _SEAM_BEFORE)):
            joined.append(" ")
        joined.append(piece)
        last = piece[-1:] or last
    return "".join(joined)


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
    # The last line of text the element holds itself (how a paragraph ends).
    last_text: str = ""
    # The alt texts of the images directly inside it (None when it holds none): a caption repeats one.
    alts: list[str] | None = None

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
class Reading:
    """Everything one walk of the page found: the elements, in document order, and the text blocks."""

    root: Node
    nodes: list[Node]
    blocks: list[Block]


def _text_of(value: object) -> str | None:
    """The text of a plain string node; None for comments and script, style or template strings."""
    return value if type(value) is str else None


def _skip(tag: Element, strict: bool, protected: frozenset[int]) -> bool:
    """True if the element and everything inside it is furniture on this reading."""
    name = tag.name
    if name in boilerplate.DROP_TAGS:
        return True
    if id(tag) in protected:
        return False
    attrs = tag.attrs
    if strict and name in boilerplate.STRICT_DROP_TAGS and not boilerplate.VERDICT_NAME.search(_names(attrs)):
        return True
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attribute_text(attrs.get("style"))
    if style and boilerplate.HIDDEN_STYLE.search(style):
        return True
    names = _names(attrs)
    if is_furniture(names, attribute_text(attrs.get("role"))):
        return True
    if not names:
        return False
    classes = attrs.get("class")
    if classes and any(name in boilerplate.HIDDEN_CLASSES for name in str(classes).lower().split()):
        return True
    return strict and class_verdict(names) == STRICT


def _names(attrs: Mapping[str, object]) -> str:
    """The element's class and id names as one string."""
    classes = attrs.get("class")
    ident = attrs.get("id")
    if classes and ident:
        return f"{classes} {ident}"
    return str(classes or ident or "")


def read_blocks(root: Element, strict: bool, protected: frozenset[int] = frozenset()) -> Reading:
    """Walk the tree under `root` once (iteratively) into nodes and paragraph blocks.

    Furniture is skipped, not removed, so the same tree can be read again relaxed.
    """
    counter = 0
    top = Node(tag=root.name or "body", index=0, parent=None)
    nodes: list[Node] = [top]
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0
    current = top
    quote_depth = 0
    link_depth = 0
    # len(parts) when an inline element last closed: an inline element opening right there meets it.
    closed_at = -1

    def flush(owner: Node) -> None:
        """Turn the text collected since the last block boundary into blocks owned by `owner`."""
        nonlocal counter, link_chars, closed_at
        if not parts:
            return
        raw = "".join(parts)
        parts.clear()
        closed_at = -1
        if _SEAM in raw:
            raw = _close_seams(raw)
        raw_link_chars, link_chars = link_chars, 0
        kind = _PARAGRAPH_KINDS.get(owner.tag, "div")
        if kind in LOOSE_KINDS:
            pieces = raw.split(_BR)
        else:
            pieces = _BR_RUN.split(raw)
        texts = []
        for piece in pieces:
            if _CELL in piece:
                cells = (" ".join(cell.replace(_BR, " ").split()) for cell in piece.split(_CELL))
                text = _CELL_SEPARATOR.join(cell for cell in cells if cell)
            else:
                text = " ".join(piece.replace(_BR, " ").split())
            if text:
                texts.append(text)
        total = sum(len(text) for text in texts)
        for text in texts:
            counter += 1
            share = round(raw_link_chars * len(text) / total) if total else 0
            blocks.append(Block(text, kind, owner, counter, min(share, len(text)), quote_depth > 0))
            owner.chars += len(text)
            owner.link_chars += min(share, len(text))
            owner.commas += len(COMMAS.findall(text))
            owner.last_text = text
            if kind == "heading":
                owner.heading_chars += len(text)

    stack: list[tuple[Iterator[Element | str], Element, Node | None]] = [(iter(root.contents), root, None)]
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
            else:
                if parent_tag.name == "a":
                    link_depth -= 1
                closed_at = len(parts)
            continue
        if not isinstance(child, Element):
            text = _text_of(child)
            if text:
                if closed_at == len(parts) and parts:
                    parts.append(_SEAM)  # "<cite>Hong Kong (CNN)</cite>A muddled ..."
                parts.append(text)
                if link_depth:
                    link_chars += len(text.strip())
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
                alt = child.get("alt")
                if isinstance(alt, str) and alt.strip():
                    if current.alts is None:
                        current.alts = []
                    current.alts.append(alt)
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
            if closed_at == len(parts) and parts:
                parts.append(_SEAM)
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
    if child.tag in LIST_TAGS:
        parent.list_chars += child.chars
    else:
        parent.list_chars += child.list_chars
