"""The page tree built from lxml reads a page exactly as beautifulsoup4's parse of the same markup does."""

from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newsbrowse.clean.tree import Element, Raw, body_of, from_lxml, from_soup

PAGE = """<!DOCTYPE html><html lang="de"><head><title>Fähre  fährt</title>
<script type="application/ld+json">{"headline": "Fähre"}</script><style>p { color: red }</style></head>
<body class="article page"><h1 id="top">Die Fähre <span>fährt</span> wieder</h1>
   \t
<p>Am Montag &amp; Dienstag<br>fuhr sie<a href="/x">  hier  </a>.</p>
<pre>  keep   this  </pre><pre>   </pre><textarea>  </textarea>
<ruby>漢<rt>kan</rt><rp>(</rp></ruby><template><p>later <b>bold</b></p></template>
<div itemprop="author"><span itemprop="name">Ana Ruiz</span></div><p>Ende</p></body></html>"""


def _shape(node: Element | str) -> object:
    """A comparable picture of a node: strings with their kind, elements with name, attributes and contents."""
    if isinstance(node, str):
        return ("raw" if isinstance(node, Raw) else "text", str(node))
    return (node.name, node.attrs, [_shape(child) for child in node.contents])


def _both(markup: str) -> tuple[Element, Element]:
    """The tree built from lxml's parse, and the one converted from beautifulsoup4's parse of the same markup."""
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True)
    root = etree.fromstring(markup, parser=parser)
    serialised = etree.tostring(root, encoding="unicode", method="html")
    return from_lxml(root), from_soup(BeautifulSoup(serialised, "lxml", multi_valued_attributes=None))


def test_same_tree_as_beautifulsoup() -> None:
    """Whitespace runs, <pre>, script/style/template/ruby text and attributes come out as beautifulsoup4's."""
    ours, theirs = _both(PAGE)
    assert _shape(ours) == _shape(theirs)
    texts = [node for node in ours.descendants() if isinstance(node, str)]
    assert "  keep   this  " in texts and "   " in texts  # <pre> keeps its spaces
    assert {str(node) for node in texts if isinstance(node, Raw)} >= {"kan", "(", "later ", "bold", "p { color: red }"}
    assert "\n" in texts and "Am Montag & Dienstag" in texts


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["<p>", "</p>", "<div class='a b'>", "</div>", "<pre>", "</pre>", "<b>", "</b>", "<br>"]),
            st.sampled_from(["<script>", "</script>", "<template>", "</template>", "<rt>", "</rt>", "<table><tr><td>"]),
            st.text(alphabet=" \n\t\rab&<>é", max_size=8),
        ),
        max_size=30,
    )
)
def test_any_markup_reads_as_beautifulsoup_reads_it(pieces: list[str]) -> None:
    """Random tag soup: the two trees agree node for node."""
    ours, theirs = _both("<html><body>" + "".join(pieces) + "</body></html>")
    assert _shape(ours) == _shape(theirs)


def test_navigation() -> None:
    """find, string, parents, body_of and strings_from answer as the readers need."""
    document, _ = _both(PAGE)
    body = body_of(document)
    assert body.name == "body" and body.get("class") == "article page"
    author = body.find(itemprop="author")
    assert author is not None
    name = author.find(itemprop="name")
    assert name is not None and name.string == "Ana Ruiz" and author.string == "Ana Ruiz"
    assert [parent.name for parent in name.parents] == ["div", "body", "html", "[document]"]
    script = document.find("script")
    assert script is not None and script.string == '{"headline": "Fähre"}'
    heading = body.find("h1")
    assert heading is not None and heading.string is None
    following = list(heading.strings_from())
    assert following[:4] == [("Die Fähre ", True), ("fährt", True), (" wieder", True), ("\n", False)]
    assert following[-1] == ("Ende", False)
    assert body_of(Element("[document]", {}, None)).name == "[document]"
