"""A fast lxml pass that parses the page and drops what is never read (scripts, styles, menus, forms)."""

from __future__ import annotations

import re

from lxml import etree

from newsbrowse.clean.boilerplate import DROP_TAGS, is_furniture

# Kept for the metadata reader: the head, its tags, and JSON-LD scripts (filtered below).
_KEEP_FOR_METADATA = frozenset({"head", "meta", "link", "title", "script"})
# Kept because they are counted by the body reader's heuristics (galleries, forms).
_KEEP_FOR_COUNTS = frozenset({"img", "input", "select", "textarea", "iframe", "embed", "object", "video"})
_PRUNED_TAGS = tuple(sorted(DROP_TAGS - _KEEP_FOR_METADATA - _KEEP_FOR_COUNTS))
# C0 and C1 control characters other than tab and newlines (lxml turns C0 into U+FFFD; either can be
# a terminal escape), and invisible zero-width spaces, word joiners, stray BOMs and soft hyphens that
# split words for search.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\xad]")
_JSON_LD = "application/ld+json"
# lxml refuses text that declares its own encoding; the text is decoded already.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# What the metadata and body readers need even inside furniture: the headline, the marked-up
# article body and JSON-LD scripts.
_KEEP_WITH_ANCESTORS = (
    "(//h1)[position() <= 8] | (//*[@itemprop='articleBody'])[position() <= 3]"
    " | (//script[translate(@type, 'LDJSON', 'ldjson')='application/ld+json'])[position() <= 20]"
)


def strip_controls(text: str) -> str:
    """The text without control characters (other than tab, CR and LF) and invisible word breakers."""
    return _CONTROL.sub("", text)


def prune_markup(markup: str) -> etree._Element | None:
    """The page's lxml tree without comments, scripts (but JSON-LD), styles, menus and form controls.

    lxml's pass costs little next to the Python work per node of the readers, so what no
    reading keeps is dropped here. None when lxml cannot hold the page faithfully (nesting
    deeper than libxml2 allows, which beautifulsoup's parser survives) or cannot parse it.
    """
    # etree's parser, not lxml.html's: lxml.html picks each element's Python class in Python.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(_XML_DECLARATION.sub("", markup, count=1), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if root is None or any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return None
    scripts = [script for script in root.iter("script") if (script.get("type") or "").strip().lower() != _JSON_LD]
    for script in scripts:
        _drop_tree(script)
    etree.strip_elements(root, *_PRUNED_TAGS, with_tail=False)
    _drop_furniture(root)
    return root


def _drop_tree(element: etree._Element) -> None:
    """Remove the element and what it holds, keeping the text that follows it (lxml.html's drop_tree)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is None:
            _set_text(parent, "text", (parent.text or "") + tail)
        else:
            _set_text(previous, "tail", (previous.tail or "") + tail)
    parent.remove(element)


def _set_text(element: etree._Element, where: str, text: str) -> None:
    """Set the element's text or tail; lxml refuses control characters that character references
    ("&#27;") put in the parsed text, so those go (the cleaned text loses them anyway)."""
    try:
        setattr(element, where, text)
    except ValueError:
        setattr(element, where, strip_controls(text))


def _drop_furniture(root: etree._Element) -> None:
    """Remove comment sections, share bars, ads and other elements no reading ever keeps."""
    keep: set[etree._Element] = set()
    for element in root.xpath(_KEEP_WITH_ANCESTORS):
        keep.add(element)
        keep.update(element.iterancestors())
    candidates = root.xpath("//body//*[@class or @id or @role]")
    # Last first: a furniture element inside another is dropped before its container, so no
    # element is ever tested against the ancestors of a removed one (linear work).
    for element in reversed(candidates):
        if element in keep:
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
        if is_furniture(names, element.get("role")):
            _drop_tree(element)
