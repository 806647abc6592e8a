"""Article bodies from HTML: the paragraphs in order, and none of the page furniture around them."""

from __future__ import annotations

import pytest

from newsbrowse.clean import clean_html

# A made-up outlet's article page with every kind of furniture news sites put around a story.
LAKESIDE_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Ferry timetable changes upset island commuters | The Lakeside Courier</title>
  <meta property="og:site_name" content="The Lakeside Courier">
  <script>window.dataLayer = [{"page": "article"}];</script>
  <style>.share-bar { display: flex; }</style>
</head>
<body class="single single-post postid-4121 comments-open">
  <div id="cookie-notice" class="cookie-banner">We use cookies to improve your experience.
    <button>Accept all</button></div>
  <header class="site-header">
    <a class="logo" href="/">The Lakeside Courier</a>
    <nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
      <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
    <form class="search-form"><input type="search" placeholder="Search the Courier"></form>
  </header>
  <div class="breadcrumbs"><a href="/">Home</a> › <a href="/news">News</a> › Transport</div>
  <div class="page-wrap has-sidebar">
    <main id="content">
      <article class="post-4121 post type-post tag-sharing category-social-affairs">
        <header class="entry-header">
          <p class="kicker">Transport</p>
          <h1 class="entry-title">Ferry timetable changes upset island commuters</h1>
          <p class="byline">By <a rel="author" href="/author/marta-olsen">Marta Olsen</a>,
            Transport Correspondent</p>
          <time class="entry-date" datetime="2022-03-14T08:45:00+01:00">14 March 2022</time>
        </header>
        <ul class="share-bar">
          <li><a href="https://facebook.example/share">Share on Facebook</a></li>
          <li><a href="https://twitter.example/share">Share on Twitter</a></li>
          <li><a href="mailto:?body=x">Email</a></li>
        </ul>
        <figure class="wp-block-image">
          <img src="/img/ferry.jpg" alt="">
          <figcaption>The morning ferry leaves Holm Quay. Photo: Lakeside Courier/Jon Berg</figcaption>
        </figure>
        <div class="entry-content">
          <p>HOLMSUND – Commuters on the islands say a new winter timetable for the lake ferries leaves
            them   waiting   an hour longer each day, and the operator has agreed to review it.</p>
          <p>The changes, introduced on March 1, cut the first crossing of the day and moved the last
            one forward by forty minutes, according to the regional transport authority.</p>
          <div class="ad-slot"><span>Advertisement</span></div>
          <p>"We were not asked," said Ingrid Haugen, who runs a bakery on Holm and crosses twice a day.
            "Now I open late, and my customers notice."</p>
          <h2>A review by summer</h2>
          <p>The operator, Lakeline, said it would publish a revised timetable before the summer season,
            after a meeting with island councils on Thursday.</p>
          <blockquote><p>We made a mistake in how we consulted, and we intend to correct it.</p></blockquote>
          <p>Councillor Per Lindqvist said the islands depend on the ferries for school runs, hospital
            visits and deliveries, and that the review should start at once.</p>
          <div class="newsletter-signup"><h3>Get the Courier in your inbox</h3>
            <p>Sign up for our free morning newsletter, every weekday.</p>
            <form><input type="email"><button>Subscribe</button></form></div>
          <p>READ MORE: <a href="/news/bridge-plan">Island bridge plan returns to the council</a></p>
        </div>
        <footer class="entry-footer">
          <span class="tags-links">Tags: <a href="/tag/ferries">ferries</a>, <a href="/tag/holm">Holm</a></span>
        </footer>
      </article>
      <section class="related-posts">
        <h2>Related articles</h2>
        <ul>
          <li><a href="/news/1">Lakeline orders two electric ferries</a></li>
          <li><a href="/news/2">Winter storms close northern crossing</a></li>
          <li><a href="/news/3">Island school marks its centenary</a></li>
        </ul>
      </section>
      <div id="comments" class="comments-area">
        <h2 class="comments-title">2 thoughts on “Ferry timetable changes upset island commuters”</h2>
        <ol class="comment-list">
          <li class="comment"><div class="comment-author">Harbour Watcher</div>
            <div class="comment-content"><p>Typical. Nobody on the mainland ever thinks about us when
              they plan these things, and then they are surprised that people complain.</p></div>
            <a class="comment-reply-link" href="#respond">Reply</a></li>
          <li class="comment"><div class="comment-author">Lena K.</div>
            <div class="comment-content"><p>The old timetable worked perfectly well for twenty years
              and I still do not understand why it had to change at all this winter.</p></div></li>
        </ol>
        <div id="respond" class="comment-respond">
          <h3 class="comment-reply-title">Leave a Reply</h3>
          <form class="comment-form"><p>Your email address will not be published.</p>
            <textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
        </div>
      </div>
    </main>
    <aside class="sidebar">
      <section class="widget most-read"><h2>Most read</h2>
        <ol><li><a href="/a">Council approves budget</a></li><li><a href="/b">New café opens</a></li></ol>
      </section>
    </aside>
  </div>
  <footer class="site-footer"><p>© 2022 The Lakeside Courier. All rights reserved.</p>
    <a href="/privacy">Privacy</a> <a href="/contact">Contact us</a></footer>
</body>
</html>
"""

LAKESIDE_PARAGRAPHS = [
    "HOLMSUND – Commuters on the islands say a new winter timetable for the lake ferries leaves them "
    "waiting an hour longer each day, and the operator has agreed to review it.",
    "The changes, introduced on March 1, cut the first crossing of the day and moved the last one forward "
    "by forty minutes, according to the regional transport authority.",
    '"We were not asked," said Ingrid Haugen, who runs a bakery on Holm and crosses twice a day. '
    '"Now I open late, and my customers notice."',
    "A review by summer",
    "The operator, Lakeline, said it would publish a revised timetable before the summer season, after a "
    "meeting with island councils on Thursday.",
    "We made a mistake in how we consulted, and we intend to correct it.",
    "Councillor Per Lindqvist said the islands depend on the ferries for school runs, hospital visits and "
    "deliveries, and that the review should start at once.",
]

FURNITURE = [
    "cookies",
    "Accept all",
    "Home",
    "Sport",
    "Search",
    "Transport Correspondent",
    "Marta Olsen",
    "14 March 2022",
    "Share on",
    "Email",
    "Photo:",
    "morning ferry leaves",
    "Advertisement",
    "newsletter",
    "Subscribe",
    "READ MORE",
    "bridge plan",
    "Tags",
    "ferries,",
    "Related articles",
    "electric ferries",
    "thoughts on",
    "Harbour Watcher",
    "Typical.",
    "twenty years",
    "Leave a Reply",
    "email address",
    "Post Comment",
    "Most read",
    "budget",
    "©",
    "All rights reserved",
    "Privacy",
]


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs."""
    return body.split("\n\n")


def test_furnished_page_gives_exactly_the_article() -> None:
    """Menus, share bar, caption, ads, newsletter box, related list, comments, sidebar, footer all go."""
    article = clean_html(LAKESIDE_PAGE)
    assert paragraphs(article.body) == LAKESIDE_PARAGRAPHS


@pytest.mark.parametrize("furniture", FURNITURE)
def test_furniture_text_is_absent(furniture: str) -> None:
    """No piece of the page furniture survives anywhere in the body."""
    assert furniture not in clean_html(LAKESIDE_PAGE).body


def test_headline_is_not_repeated_in_the_body() -> None:
    """The h1 is the title, not the body's first paragraph."""
    article = clean_html(LAKESIDE_PAGE)
    assert article.title == "Ferry timetable changes upset island commuters"
    assert article.title not in article.body


def test_whitespace_is_normalised_inside_paragraphs() -> None:
    """Newlines, tabs, runs of spaces and no-break spaces inside a paragraph become single spaces."""
    page = """<html><body><article><h1>Quay</h1>
    <p>
        The quay   was\trebuilt\u00a0in
        two stages over three summers, the harbour office said on Monday afternoon.  </p>
    <p>  Work on the second stage starts in May and is expected to take about nine weeks in all. </p>
    </article></body></html>"""
    assert paragraphs(clean_html(page).body) == [
        "The quay was rebuilt in two stages over three summers, the harbour office said on Monday afternoon.",
        "Work on the second stage starts in May and is expected to take about nine weeks in all.",
    ]


def test_double_br_separates_paragraphs_and_single_br_inside_p_is_a_space() -> None:
    """Old pages write paragraphs as <br><br> runs; a lone <br> inside a <p> only breaks the line."""
    page = """<html><body><div class="story">
    The harbour board met on Tuesday to discuss the winter dredging programme for the inner basin.<br><br>
    Members agreed to ask for three quotes before the end of the month, the chairwoman said.<br/>
    <br/>A decision is expected at the next meeting, which is scheduled for early December.
    <p>Harbour office<br>Quay Street 4</p>
    </div></body></html>"""
    assert paragraphs(clean_html(page).body) == [
        "The harbour board met on Tuesday to discuss the winter dredging programme for the inner basin.",
        "Members agreed to ask for three quotes before the end of the month, the chairwoman said.",
        "A decision is expected at the next meeting, which is scheduled for early December.",
        "Harbour office Quay Street 4",
    ]


def test_table_rows_read_as_lines() -> None:
    """A results table keeps one line per row, its cells separated."""
    page = """<html><body><article><h1>Regatta results</h1>
    <p>The autumn regatta on the lake drew forty boats this year, the sailing club said on Sunday.</p>
    <table><tr><th>Place</th><th>Boat</th><th>Time</th></tr>
    <tr><td>1</td><td>Blue Heron</td><td>1:02:11</td></tr>
    <tr><td>2</td><td>Kestrel</td><td>1:03:40</td></tr></table>
    </article></body></html>"""
    body = clean_html(page).body
    assert "Place | Boat | Time\n\n1 | Blue Heron | 1:02:11\n\n2 | Kestrel | 1:03:40" in body


def test_article_split_by_an_advert_is_read_whole() -> None:
    """Two text sections of one article, split by a sidebar box, are both kept, in order."""
    first = "".join(
        f"<p>Opening section paragraph {n} describes the plan in detail, with figures, dates.</p>" for n in range(6)
    )
    second = "".join(
        f"<p>Closing section paragraph {n} covers the reaction, with quotes, numbers.</p>" for n in range(3)
    )
    page = f"""<html><body><main>
    <section><div class="story-text rich">{first}</div></section>
    <aside class="promo-box"><p>Try our crossword, updated daily, with prizes for subscribers.</p></aside>
    <section><div class="story-text rich">{second}</div></section>
    </main></body></html>"""
    body = clean_html(page).body
    assert "Opening section paragraph 0" in body
    assert "Closing section paragraph 2" in body
    assert body.index("Opening section paragraph 5") < body.index("Closing section paragraph 0")
    assert "crossword" not in body


def test_hidden_elements_are_skipped() -> None:
    """Text hidden with `hidden`, display:none or screen-reader classes is not read."""
    page = """<html><body><article><h1>Pier</h1>
    <p>The pier will close for two weeks in April while its lamps are replaced with new ones.</p>
    <div hidden>Hidden modal: install our app</div>
    <div style="display: none">Collapsed menu: Home News Sport</div>
    <span class="sr-only">Opens in a new window</span>
    <p>The harbour master said boats could still moor at the north wall during the work there.</p>
    </article></body></html>"""
    body = clean_html(page).body
    assert "install our app" not in body
    assert "Collapsed menu" not in body
    assert "new window" not in body
    assert len(paragraphs(body)) == 2


def test_short_article_does_not_let_comments_in() -> None:
    """A short article beside long comments: the relaxed second reading still skips the comments."""
    comments = "".join(
        f'<div class="comment"><p>Comment {n}: I have taken this ferry for years, and honestly the new '
        f"schedule is a disaster for everyone who works on the mainland and lives out here.</p></div>"
        for n in range(8)
    )
    page = f"""<html><body><article><h1>Ferry</h1>
    <p>The ferry company will add a late crossing on Fridays from next month, it said.</p>
    </article><section id="comments">{comments}</section></body></html>"""
    body = clean_html(page).body
    assert body == "The ferry company will add a late crossing on Fridays from next month, it said."


def test_page_without_paragraph_markup_falls_back_to_its_text() -> None:
    """A page whose article sits in a bare div still gives its text, never an empty body."""
    page = """<html><body><div id="navigation"><a href="/">Home</a> <a href="/a">Archive</a></div>
    <div>The lighthouse on Skarv Point will be opened to visitors for the first time in forty years this
    summer, the coastal authority said, after repairs to its stairs and lantern room.</div></body></html>"""
    body = clean_html(page).body
    assert body.startswith("The lighthouse on Skarv Point")
    assert "Archive" not in body


def test_page_whose_article_is_marked_as_sidebar_still_has_a_body() -> None:
    """When the strict reading finds nothing (odd class names), the relaxed reading does."""
    text = "The marina extension was approved by the council on a vote of seven to two on Wednesday night."
    page = f"""<html><body><div class="sidebar-layout"><div class="widget-text">
    <p>{text}</p><p>{text.replace("seven", "eight")}</p></div></div></body></html>"""
    body = clean_html(page).body
    assert text in body


def test_page_of_short_lines_keeps_its_best_block() -> None:
    """Even a page of scraps gives its best block of text rather than nothing."""
    page = "<html><body><div><span>Opening hours</span></div><div>Monday to Friday 9 to 5</div></body></html>"
    assert clean_html(page).body != ""


def test_inline_pointers_labels_and_credits_are_dropped() -> None:
    """'Related:' links, 'Advertisement' labels and photo credits between paragraphs go."""
    page = """<html><body><article><h1>Canal</h1>
    <p>The canal towpath reopened on Saturday after a landslip in January closed a stretch of it.</p>
    <p>Related: <a href="/x">Landslip closes canal towpath near Eastmoor</a></p>
    <p>Advertisement</p>
    <p>The towpath, Eastmoor, January 2022. (Photo: Canal Trust)</p>
    <p>Engineers built a new retaining wall along three hundred metres of the bank, the trust said.</p>
    </article></body></html>"""
    assert paragraphs(clean_html(page).body) == [
        "The canal towpath reopened on Saturday after a landslip in January closed a stretch of it.",
        "Engineers built a new retaining wall along three hundred metres of the bank, the trust said.",
    ]


def test_sign_off_promotion_at_the_end_is_dropped_but_a_quoted_post_is_kept() -> None:
    """'Follow us on...' closing lines go; a quoted social post at the end stays."""
    page = """<html><body><article><h1>Dock</h1>
    <p>The dry dock will be rented out to a boat builder from the spring, the harbour board said.</p>
    <blockquote class="twitter-tweet">Big news for the dock today @harbourboard</blockquote>
    <p>Follow us on Twitter @lakesidecourier for more harbour news.</p>
    </article></body></html>"""
    body = clean_html(page).body
    assert body.endswith("Big news for the dock today @harbourboard")
    assert "Follow us" not in body


def test_wire_signature_at_the_end_is_dropped() -> None:
    """A closing "- Agency" line signs the story off; it is not text."""
    page = """<html><body><article><h1>Dock</h1>
    <p>The dry dock will be rented out to a boat builder from the spring, the harbour board said.</p>
    <p>The board expects the first hull to be laid down in April, a spokeswoman added.</p>
    <p>- Harbour Wire</p>
    </article></body></html>"""
    assert clean_html(page).body.endswith("a spokeswoman added.")


@pytest.mark.parametrize(
    "notice",
    [
        "This article is for subscribers only.",
        "Already a subscriber? Log in to continue reading.",
        "Il vous reste 42.5% de cet article à lire. La suite est réservée aux abonnés.",
        "有料会員になると会員限定の有料記事もお読みいただけます。",
    ],
)
def test_paywall_notices_are_dropped(notice: str) -> None:
    """A paywall notice at the end of a teaser is not article text."""
    page = f"""<html><body><article><h1>Dunes</h1>
    <p>The coastal dunes at Westerby will be fenced off for the nesting season from next week, rangers said.</p>
    <p><strong>{notice}</strong></p></article></body></html>"""
    body = clean_html(page).body
    assert body.startswith("The coastal dunes at Westerby")
    assert notice not in body


@pytest.mark.parametrize(
    "classes",
    ["article-body subscriber-only", "paywall premium-content", "story-body related-hidden", "commentary-text"],
)
def test_article_containers_with_furniture_words_are_kept(classes: str) -> None:
    """Body classes win over furniture words beside them; text for subscribers is still the article."""
    paragraphs_html = "".join(
        f"<p>Paragraph {n} of the analysis explains the harbour budget, line by line, in detail.</p>" for n in range(4)
    )
    page = f"""<html><body><h2>Analysis</h2><div class="{classes}">{paragraphs_html}</div>
    <div class="comments"><p>A reader's comment that is long enough to look like a paragraph of text.</p></div>
    </body></html>"""
    body = clean_html(page).body
    assert "Paragraph 0 of the analysis" in body and "Paragraph 3 of the analysis" in body
    assert "reader's comment" not in body


def test_byline_lines_go_but_sentences_starting_with_by_stay() -> None:
    """ "By Ana de la Cruz" repeated in the body goes; "By Monday, ..." is a sentence."""
    page = """<html><body><article><h1>Locks</h1>
    <p>By Ana de la Cruz and Li Wei</p>
    <p>The canal locks at Hallam will be replaced over the winter, the waterways board said on Friday.</p>
    <p>By Monday, boats will have to use the northern channel.</p>
    </article></body></html>"""
    assert paragraphs(clean_html(page).body) == [
        "The canal locks at Hallam will be replaced over the winter, the waterways board said on Friday.",
        "By Monday, boats will have to use the northern channel.",
    ]


def test_inline_elements_set_side_by_side_read_as_separate_words() -> None:
    """Two inline boxes with no space between them ("Ana Lopez" + "MADRID") do not glue into one
    word, while a word split across inline elements ("<b>T</b>he") stays whole."""
    page = """<html><body><article><h1>Ferries</h1>
    <p><b>T</b>he ferry company said on Monday that the winter timetable would run until the end of March.</p>
    <p>Tickets went on sale at <span>9:30</span><span>Monday</span>, with <em>student</em>s paying half.</p>
    <p>Enquiries: <span class="who">Ana Lopez</span><span class="where">MADRID</span></p>
    </article></body></html>"""
    body = clean_html(page).body
    assert "Ana Lopez MADRID" in body
    assert "The ferry company said" in body
    assert "9:30 Monday" in body and "students paying half" in body


def test_author_box_named_author_dash_is_not_body_text() -> None:
    """'author-box', 'author-name' and 'author-place' are the byline, not WordPress author classes."""
    page = """<html><body><div class="news-detail"><h1>Harbour fees rise</h1>
    <div class="author-box"><span class="author-name">Selin Kaya</span><span class="author-place">IZMIR</span></div>
    <div class="detail-text">IZMIR – Harbour fees will rise by a tenth from April, the port authority said.<br><br>
    Ship owners said the increase was larger than expected and asked for a delay of six months.<br><br>
    The authority said the money would pay for dredging the outer basin, which has silted up.<br><br>
    A decision on the owners' request is expected at the next board meeting in February.</div>
    </div></body></html>"""
    article = clean_html(page)
    assert "Selin Kaya" not in article.body and "IZMIR\n" not in article.body
    assert article.authors == ("Selin Kaya",)
    assert article.body.startswith("IZMIR – Harbour fees")


def test_wordpress_author_class_on_the_article_does_not_drop_it() -> None:
    """An 'author-jdoe' class beside WordPress's post classes names the writer, not a byline box."""
    paragraphs_html = "".join(
        f"<p>Paragraph {n} explains how the ferry timetable will change over the winter months.</p>" for n in range(4)
    )
    page = f"""<html><body><article class="post-12 type-post hentry author-jdoe"><h1>Ferries</h1>
    {paragraphs_html}</article></body></html>"""
    assert "Paragraph 3 explains" in clean_html(page).body


def test_author_line_with_place_or_role_is_dropped() -> None:
    """The author's name with a place in capitals or a role after a comma repeats the byline."""
    page = """<html><head><meta name="author" content="Emre Aydin"></head><body><article><h1>Patience</h1>
    <p>Emre Aydin COLUMNIST</p>
    <p>Emre Aydin, Istanbul</p>
    <p>There is a particular kind of silence in a hotel lobby when a negotiation goes on upstairs.</p>
    <p>Emre Aydin Performance Notes is a column that appears every Thursday in this newspaper.</p>
    </article></body></html>"""
    assert paragraphs(clean_html(page).body) == [
        "There is a particular kind of silence in a hotel lobby when a negotiation goes on upstairs.",
        "Emre Aydin Performance Notes is a column that appears every Thursday in this newspaper.",
    ]


@pytest.mark.parametrize(
    "caption",
    [
        "A view of the river in the old town. (Harbour Herald archive)",
        "Delegates at the forum in Izmir. (Selin Kaya / Harbour Herald)",
        "The council chamber (file photo).",
    ],
)
def test_bracketed_photo_credits_are_dropped(caption: str) -> None:
    """A short line closing with a credit in brackets is a caption, wherever it stands."""
    page = f"""<html><body><article><h1>Quay</h1>
    <p>The quay was rebuilt in two stages over three summers, the harbour office said on Monday.</p>
    <p>{caption}</p>
    <p>Work on the second stage starts in May and is expected to take about nine weeks in all.</p>
    </article></body></html>"""
    body = clean_html(page).body
    assert caption not in body
    assert len(paragraphs(body)) == 2


def test_caption_in_an_element_named_for_its_picture_is_dropped() -> None:
    """Short text beside an image, in an element named for it, is its caption even outside <figcaption>."""
    page = """<html><body><div class="story"><h1>Quay</h1>
    <div class="detail-image"><img src="/q.jpg" alt=""><div class="img-desc">The rebuilt quay at dawn.</div></div>
    <p>The quay was rebuilt in two stages over three summers, the harbour office said on Monday.</p>
    <p>Work on the second stage starts in May and is expected to take about nine weeks in all.</p>
    <div class="photo-story"><img src="/w.jpg" alt=""><p>The second stage will widen the quay by four metres
    along its whole length, so that two ferries can load at once, and will add a covered waiting room
    for foot passengers, a bicycle shelter and new lighting, the office said in its plans, which were
    published on Monday and can be read at the town hall until the end of the month.</p></div>
    </div></body></html>"""
    body = clean_html(page).body
    assert "rebuilt quay at dawn" not in body
    assert "The second stage will widen the quay" in body


def test_caption_repeating_its_pictures_alt_text_is_dropped() -> None:
    """A short line beside an image that repeats the image's alt text is its caption."""
    page = """<html><body><div class="story"><h1>Quay</h1>
    The quay was rebuilt in two stages over three summers, the harbour office said on Monday.<br><br>
    <div align="center"><div class="frame"><img src="/q.jpg" alt="The rebuilt quay at dawn"></div><br>
    <span class="small gray">The rebuilt quay at dawn</span></div><br><br>
    Work on the second stage starts in May and is expected to take about nine weeks in all.<br><br>
    <div align="center"><img src="/w.jpg" alt="A ferry"><br><span>Ferries will dock at the new berth.</span></div>
    </div></body></html>"""
    body = clean_html(page).body
    assert "The rebuilt quay at dawn" not in body
    assert "Ferries will dock at the new berth." in body


def test_closing_list_of_story_links_is_dropped_even_under_a_short_heading() -> None:
    """ "More Great Courier Stories" and the titles under it end the article; a subscription plug
    inside it and an "AP's full coverage" sign-off go too."""
    page = """<html><body><article><h1>Ferries</h1>
    <p>The ferry company said on Monday that the winter timetable would run until the end of March.</p>
    <div class="plug">Subscribe to the Courier and stay smart with more of your favourite writers.</div>
    <p>Island councils said they would ask the company to add an early crossing on school days.</p>
    <p>Follow the Courier's full coverage of the islands at https://courier.example/islands</p>
    <hr><div class="heading-h3">More Great Courier Stories</div>
    <ul><li>Bridge plan returns, <a href="/a">and the council is split</a></li>
    <li>Harbour fees rise. <a href="/b">Here is why</a></li></ul>
    </article></body></html>"""
    assert paragraphs(clean_html(page).body) == [
        "The ferry company said on Monday that the winter timetable would run until the end of March.",
        "Island councils said they would ask the company to add an early crossing on school days.",
    ]
