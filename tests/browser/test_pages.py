"""Every reader page loads cleanly in a real browser: no script error, no failed request, and nothing fetched
from another host (fonts and scripts are self-hosted: a reader's visit is not reported to a third party)."""

import pytest

from tests.browser.conftest import PHONES, READER_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", READER_PAGES)
def test_page_loads_without_errors_or_outside_requests(visit, reader_page, name, scheme):
    seen = visit(reader_page(name), viewport=PHONES["390x844"], scheme=scheme)
    seen.page.wait_for_load_state("networkidle")
    assert seen.console_errors == []
    assert seen.failed_responses == []
    assert seen.outside_requests == []
    assert seen.page.title(), "every page has a title"
    assert seen.page.locator("h1").count() == 1, "every page has exactly one main heading"


def test_search_form_takes_the_reader_to_results(visit, reader_page, demo_site):
    reader_page("search")  # skips while the search page does not exist
    seen = visit("/")
    seen.page.fill("#site-search", demo_site.pages["search_word"])
    with seen.page.expect_navigation():
        seen.page.keyboard.press("Enter")
    assert "/search/" in seen.page.url
    assert seen.page.locator(f"a:has-text('{demo_site.pages['article_title']}')").count() >= 1
    assert seen.console_errors == [] and seen.failed_responses == []
