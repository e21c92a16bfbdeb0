"""What a reader sees of the layout: right-to-left order, phones without sideways scrolling, dark mode that
follows the system, a clean printout, and the self-hosted Naskh font."""

from urllib.parse import urlparse

import pytest

from tests.browser.conftest import DESKTOP, PHONES, READER_PAGES

pytestmark = pytest.mark.browser

BOX = "s => { const r = document.querySelector(s).getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"


def box(page, selector):
    return page.evaluate(BOX, selector)


def first_line_of_text(page, selector):
    """Where the first line of an element's text actually starts and ends on screen."""
    return page.evaluate(
        """s => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(s));
            const r = range.getClientRects()[0];
            return {left: r.left, right: r.right, top: r.top};
        }""",
        selector,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONES["390x844"]], ids=["desktop", "phone"])
def test_article_reads_right_to_left(visit, demo_site, viewport):
    page = visit(demo_site.pages["article"], viewport=viewport).page
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    article = box(page, "article.article")
    headline = box(page, "h1.article-title")
    headline_text = first_line_of_text(page, "h1.article-title")
    # The headline starts at the right edge of the article column, where Arabic reading starts.
    assert headline["right"] == pytest.approx(article["right"], abs=2)
    assert headline_text["right"] == pytest.approx(headline["right"], abs=2)

    published = box(page, ".article-meta time.published")
    views = box(page, ".article-meta .views")
    # Time and view count come under the headline, the time first: at the right edge, then the count after
    # it in right-to-left reading order (to its left on the same line, or on a line below on a narrow screen).
    assert published["top"] > headline["bottom"]
    assert published["right"] == pytest.approx(article["right"], abs=2)
    same_line = abs(views["top"] - published["top"]) <= 4
    assert (same_line and views["right"] <= published["left"]) or views["top"] > published["bottom"] - 4
    if viewport == DESKTOP:
        assert same_line, "on a desktop the time and the view count share a line"
    assert "مشاهد" in page.text_content(".article-meta .views")

    # The section menu starts at the right too.
    first_item = box(page, ".sections-nav li:first-child a")
    last_item = box(page, ".sections-nav li:last-child a")
    assert first_item["left"] > last_item["left"]


NOT_CONTAINED = """vw => {
    // Elements drawn outside the viewport, other than inside a scroller of their own (the section menu) or
    // deliberately off-screen (the skip link and screen-reader-only text).
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.left >= -1 && r.right <= vw + 1) continue;
        if (el.closest('.skip-link, .visually-hidden')) continue;
        let scroller = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') { scroller = true; break; }
        }
        if (!scroller) offenders.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    return offenders;
}"""


@pytest.mark.parametrize("name", READER_PAGES)
@pytest.mark.parametrize("size", sorted(PHONES))
def test_no_sideways_scrolling_on_phones(visit, reader_page, size, name):
    viewport = PHONES[size]
    page = visit(reader_page(name), viewport=viewport).page
    widths = page.evaluate(
        "({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, "
        "view: document.documentElement.clientWidth})"
    )
    assert widths["doc"] <= widths["view"], f"{name} scrolls sideways at {size}: {widths}"
    assert widths["body"] <= widths["view"], f"{name} scrolls sideways at {size}: {widths}"
    assert page.evaluate(NOT_CONTAINED, viewport["width"]) == []


def luminance(css_color):
    channels = [int(part) / 255 for part in css_color[css_color.index("(") + 1:css_color.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def colours(page):
    return page.evaluate(
        "({paper: getComputedStyle(document.body).backgroundColor, ink: getComputedStyle(document.body).color,"
        " headline: getComputedStyle(document.querySelector('h1')).color})"
    )


def test_dark_mode_follows_the_system_setting(visit, demo_site):
    page = visit(demo_site.pages["article"], scheme="light").page
    light = colours(page)
    assert luminance(light["paper"]) > 0.9 and luminance(light["ink"]) < 0.05

    page.emulate_media(color_scheme="dark")
    dark = colours(page)
    assert luminance(dark["paper"]) < 0.02, f"dark background expected, got {dark}"
    assert luminance(dark["ink"]) > 0.6 and luminance(dark["headline"]) > 0.6

    # A reader whose phone is in dark mode gets it on the first page, without a toggle.
    first_page = visit("/", scheme="dark").page
    assert colours(first_page)["paper"] == dark["paper"]


def test_printing_an_article_leaves_out_the_navigation(visit, demo_site):
    page = visit(demo_site.pages["article"]).page
    page.emulate_media(media="print")
    for chrome in [".site-header", ".sections-nav", ".site-footer", ".article-aside", ".share",
                   "[data-font-size-control]", ".breadcrumbs"]:
        if page.query_selector(chrome):
            assert not page.is_visible(chrome), f"{chrome} must not be printed"
    assert page.is_visible("h1.article-title")
    assert page.inner_text("h1.article-title") == demo_site.pages["article_title"]
    assert page.is_visible(".article-body")
    assert page.is_visible(".article-meta time.published")
    assert colours(page)["ink"] == "rgb(0, 0, 0)"
    # The printout itself: Chromium renders it to PDF, with the headline and no header text.
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_articles_are_set_in_the_self_hosted_naskh_font(visit, demo_site):
    seen = visit(demo_site.pages["article"])
    page = seen.page
    fonts = []
    page.on("requestfinished", lambda request: request.resource_type == "font" and fonts.append(request.url))
    page.reload()
    page.evaluate("document.fonts.ready.then(() => true)")
    body_font = page.eval_on_selector(".article-body p", "p => getComputedStyle(p).fontFamily")
    assert body_font.startswith('"Khabar Naskh"')
    faces = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Khabar Naskh'))"
        ".map(f => ({status: f.status, display: f.display, weight: f.weight}))"
    )
    assert faces and all(face["display"] == "swap" for face in faces)
    assert any(face["status"] == "loaded" for face in faces), faces
    assert page.evaluate("document.fonts.check('20px \"Khabar Naskh\"', 'خبر')")

    origin = urlparse(demo_site.url).netloc
    assert fonts and all(urlparse(url).netloc == origin and url.endswith(".woff2") for url in fonts)
    preloaded = page.eval_on_selector('link[rel="preload"][as="font"]', "l => l.href")
    assert preloaded in fonts
    assert fonts.count(preloaded) == 1, "the preloaded font must be reused, not fetched twice"
    assert seen.outside_requests == []

    line_height = page.eval_on_selector(
        ".article-body p", "p => parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize)"
    )
    assert 1.7 <= line_height <= 2.1, "Naskh needs open lines for its tall letters and dots"


def test_home_uses_the_width_of_a_desktop_and_one_column_on_a_phone(visit):
    columns = "[...new Set([...document.querySelectorAll('.home-top .latest .headline-list li')].map(li => Math.round(li.getBoundingClientRect().right)))].length"
    desktop = visit("/", viewport=DESKTOP).page
    assert desktop.evaluate(columns) >= 2, "the latest headlines should spread over columns, not run on alone"
    if desktop.query_selector(".home-top .most-read"):
        # The most-read box sits beside the lead story (to its left), not far below it.
        lead, most_read = box(desktop, ".home-top .lead-story"), box(desktop, ".home-top .most-read")
        assert most_read["top"] == pytest.approx(lead["top"], abs=30)
        assert most_read["right"] <= lead["left"]
    phone = visit("/", viewport=PHONES["360x740"]).page
    assert phone.evaluate(columns) == 1
