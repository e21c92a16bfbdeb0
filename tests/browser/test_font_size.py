"""The article's font-size control, used as a reader uses it: with the mouse, with the keyboard, and across
pages. Sizes are read from what Chromium computed for the article's paragraphs, not from the script's state."""

import pytest

pytestmark = pytest.mark.browser

BODY_TEXT = ".article-body p"
SMALLER = '[data-font-size-control] button[data-font-step="-1"]'
DEFAULT = '[data-font-size-control] button[data-font-step="0"]'
LARGER = '[data-font-size-control] button[data-font-step="1"]'


def text_size(page):
    return page.eval_on_selector(BODY_TEXT, "p => parseFloat(getComputedStyle(p).fontSize)")


def focused(page, selector):
    return page.evaluate("s => document.activeElement === document.querySelector(s)", selector)


def tab_to(page, selector, limit=80):
    """Presses Tab until the element has the focus, proving a keyboard reader can reach it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_the_control_is_shown_only_when_script_runs(visit, demo_site):
    seen = visit(demo_site.pages["article"])
    assert seen.page.is_visible("[data-font-size-control]")
    assert seen.page.get_attribute("[data-font-size-control]", "role") == "group"
    no_script = seen.context.browser.new_context(java_script_enabled=False, base_url=demo_site.url)
    try:
        page = no_script.new_page()
        page.goto(demo_site.pages["article"])
        assert not page.is_visible("[data-font-size-control]"), "buttons that cannot work must stay hidden"
    finally:
        no_script.close()


def test_mouse_enlarges_and_shrinks_the_text_in_bounded_steps(visit, demo_site):
    page = visit(demo_site.pages["article"]).page
    base = text_size(page)
    assert base >= 18, f"Arabic body text should be at least 18px on a desktop, not {base}px"

    sizes = [base]
    for _ in range(6):  # two clicks more than the control allows (force: the mouse clicks it all the same)
        page.click(LARGER, force=True)
        sizes.append(text_size(page))
    assert sizes[1] == pytest.approx(base * 1.125, abs=0.6)
    assert sizes[:5] == sorted(set(sizes[:5])), f"each step up must be larger: {sizes}"
    assert sizes[4] == pytest.approx(base * 1.5, abs=0.6)
    assert sizes[5] == sizes[6] == sizes[4], "the text must stop growing at the largest step"
    assert page.get_attribute(LARGER, "aria-disabled") == "true"
    assert page.text_content("[data-font-size-value]").strip() == "150%"

    page.click(DEFAULT)
    assert text_size(page) == pytest.approx(base, abs=0.1)
    assert page.text_content("[data-font-size-value]").strip() == "100%"

    for _ in range(4):
        page.click(SMALLER, force=True)
    smallest = text_size(page)
    assert smallest == pytest.approx(base * 0.75, abs=0.6)
    assert page.get_attribute(SMALLER, "aria-disabled") == "true"
    assert page.get_attribute(LARGER, "aria-disabled") == "false"


def test_keyboard_reaches_and_works_the_control(visit, demo_site):
    page = visit(demo_site.pages["article"]).page
    base = text_size(page)

    tab_to(page, LARGER)
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert text_size(page) == pytest.approx(base * 1.25, abs=0.6)

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page, SMALLER)
    for _ in range(5):
        page.keyboard.press("Enter")
    assert text_size(page) == pytest.approx(base * 0.75, abs=0.6)
    # At the bound the button says it is unavailable but keeps the focus, so the reader is not thrown
    # back to the top of the page.
    assert focused(page, SMALLER)
    assert page.get_attribute(SMALLER, "aria-disabled") == "true"
    # The new size is announced to screen readers.
    assert page.get_attribute("[data-font-size-value]", "aria-live") == "polite"
    assert page.text_content("[data-font-size-value]").strip() == "75%"


def test_the_choice_survives_a_reload_and_another_article(visit, demo_site):
    seen = visit(demo_site.pages["article"])
    page = seen.page
    base = text_size(page)
    page.click(LARGER)
    page.click(LARGER)
    chosen = text_size(page)
    assert chosen == pytest.approx(base * 1.25, abs=0.6)

    page.reload()
    assert text_size(page) == pytest.approx(chosen, abs=0.1)
    assert page.text_content("[data-font-size-value]").strip() == "125%"

    page.goto(demo_site.pages["other_article"])
    assert page.text_content("h1") == demo_site.pages["other_title"]
    assert text_size(page) == pytest.approx(chosen, abs=0.1)

    # A fresh visitor (new browser profile) starts at the default size.
    fresh = visit(demo_site.pages["other_article"]).page
    assert text_size(fresh) == pytest.approx(base, abs=0.1)


def test_the_size_is_applied_before_the_first_paint(visit, demo_site):
    """No flash of default-size text: the stored step is on <html> before the stylesheet is even applied."""
    seen = visit()
    seen.page.add_init_script("localStorage.setItem('khabar:font-step', '3')")
    seen.page.add_init_script("""
        new MutationObserver((changes, observer) => {
            if (document.body) {  // the parser has just reached <body>: nothing of it is painted yet
                window.stepWhenBodyStarted = document.documentElement.style.getPropertyValue('--font-step');
                observer.disconnect();
            }
        }).observe(document, {childList: true, subtree: true});
    """)
    seen.goto(demo_site.pages["article"])
    assert seen.page.evaluate("window.stepWhenBodyStarted") == "3"


def test_stored_nonsense_is_ignored(visit, demo_site):
    seen = visit()
    seen.page.add_init_script("localStorage.setItem('khabar:font-step', '999')")
    seen.goto(demo_site.pages["article"])
    page = seen.page
    fresh = visit(demo_site.pages["article"]).page
    assert text_size(page) == pytest.approx(text_size(fresh), abs=0.1)
    assert seen.console_errors == []
