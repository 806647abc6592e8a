"""The page as the readers walk it: a small tree of elements and strings built straight from lxml's parse.

beautifulsoup4 builds its tree through a Python callback per element and string, which cost
more than all the reading done on it; this tree holds only what the readers use (name,
attributes, contents, parent) and reads strings as beautifulsoup4 does (whitespace-only runs
collapsed, script/style/template/ruby text told apart), so the readers see the same page.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString
from lxml import etree

# Elements whose strings are not prose (beautifulsoup4's string containers).
_RAW_TAGS = frozenset({"script", "style", "template", "rt", "rp"})
# Elements inside which whitespace-only strings keep their exact text.
_PRESERVE_TAGS = frozenset({"pre", "textarea"})
_SPACES = " \n\t\x0c\r"


class Raw(str):
    """A string that is no prose of the page: script, style or template text, ruby annotations, comments."""

    __slots__ = ()


class Element:
    """An element: its tag name, attributes, contents (elements and strings, in order) and parent."""

    __slots__ = ("attrs", "contents", "name", "parent")

    def __init__(self, name: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.name = name
        self.attrs = attrs
        self.contents: list[Element | str] = []
        self.parent = parent

    def get(self, key: str) -> str | None:
        """The attribute's value, or None."""
        return self.attrs.get(key)

    @property
    def parents(self) -> Iterator[Element]:
        """The enclosing elements, innermost first, up to the document."""
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent

    def descendants(self) -> Iterator[Element | str]:
        """Every element and string inside this one, in document order (no recursion, so any depth)."""
        stack = [iter(self.contents)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            yield child
            if isinstance(child, Element):
                stack.append(iter(child.contents))

    def elements(self) -> Iterator[Element]:
        """Every element inside this one, in document order."""
        stack = [iter(self.contents)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif isinstance(child, Element):
                yield child
                stack.append(iter(child.contents))

    def find(self, name: str | None = None, **attrs: str) -> Element | None:
        """The first element inside this one with this name (any if None) and these attribute values."""
        for element in self.elements():
            if (name is None or element.name == name) and all(element.attrs.get(k) == v for k, v in attrs.items()):
                return element
        return None

    @property
    def string(self) -> str | None:
        """The only string inside, through elements holding just one thing each; else None."""
        node: Element | str = self
        while isinstance(node, Element):
            if len(node.contents) != 1:
                return None
            node = node.contents[0]
        return node

    def strings_from(self) -> Iterator[tuple[str, bool]]:
        """The strings from this element's start to the document's end, each with whether it lies inside it."""
        inside = (node for node in self.descendants() if isinstance(node, str))
        after: list[Iterator[Element | str]] = []
        node = self
        while node.parent is not None:
            siblings = node.parent.contents
            after.append(iter(siblings[_index(siblings, node) + 1 :]))
            node = node.parent
        following = (
            string
            for sibling in chain.from_iterable(after)
            for string in (
                (sibling,) if isinstance(sibling, str) else (n for n in sibling.descendants() if isinstance(n, str))
            )
        )
        yield from ((string, True) for string in inside)
        yield from ((string, False) for string in following)


def _index(siblings: list[Element | str], node: Element) -> int:
    """The position of `node` among its siblings (by identity: equal strings are not the same node)."""
    return next(index for index, sibling in enumerate(siblings) if sibling is node)


def _string(text: str, raw: bool, preserve: bool) -> str:
    """A string as beautifulsoup4 keeps it: a whitespace-only run becomes one newline or space."""
    if not preserve and not text.strip(_SPACES):
        text = "\n" if "\n" in text else " "
    return Raw(text) if raw else text


def from_lxml(root: etree._Element) -> Element:
    """The document holding lxml's tree under `root` (comments and processing instructions left out)."""
    document = Element("[document]", {}, None)
    top = Element(str(root.tag), dict(root.items()), document)
    document.contents.append(top)
    # Each element's contents are filled when it is taken from the stack, so order does not
    # depend on the order of the work, and a page nested thousands deep needs no recursion.
    pending = [(root, top, top.name in _RAW_TAGS, top.name in _PRESERVE_TAGS)]
    while pending:
        source, element, raw, preserve = pending.pop()
        contents = element.contents
        text = source.text
        if text:
            contents.append(text if not raw and text.strip(_SPACES) else _string(text, raw, preserve))
        for child in source:
            tag = child.tag
            if isinstance(tag, str):
                node = Element(tag, dict(child.items()), element)
                contents.append(node)
                pending.append((child, node, raw or tag in _RAW_TAGS, preserve or tag in _PRESERVE_TAGS))
            text = child.tail
            if text:
                contents.append(text if not raw and text.strip(_SPACES) else _string(text, raw, preserve))
    return document


def from_soup(soup: BeautifulSoup) -> Element:
    """The same tree from a beautifulsoup4 parse (for pages lxml cannot hold)."""
    document = Element("[document]", {}, None)
    pending: list[tuple[Tag, Element]] = [(soup, document)]
    while pending:
        source, element = pending.pop()
        for child in source.contents:
            if isinstance(child, Tag):
                attrs = {key: str(value) for key, value in child.attrs.items()}
                node = Element(child.name, attrs, element)
                element.contents.append(node)
                pending.append((child, node))
            else:
                text = str(child)
                element.contents.append(text if type(child) is NavigableString else Raw(text))
    return document


def body_of(document: Element) -> Element:
    """The page's <body>, or the whole document when it has none."""
    return document.find("body") or document
