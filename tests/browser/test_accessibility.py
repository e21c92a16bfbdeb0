"""axe-core (the engine behind most accessibility checkers, shipped inside axe-playwright-python, so nothing
is fetched at run time) finds no serious or critical problem on the reader pages, in light and dark mode,
on a phone and on a desktop.

axe has a blind spot for Arabic: its colour-contrast rule skips text that its "icon ligature" heuristic
mistakes for an icon font, and joined Arabic letters always look like ligatures to it, so on an Arabic page
it checks the contrast of almost nothing. The contrast pass below therefore runs axe's own contrast rule
again after swapping every Arabic letter for a Latin one in place: same elements, same colours, sizes and
weights, so the same ratios, now measured.
"""

import pytest

from tests.browser.conftest import DESKTOP, PHONES, READER_PAGES

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

LATIN_STAND_IN = r"""() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        node.nodeValue = node.nodeValue.replace(/[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g, 'x');
    }
}"""


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def blocking_violations(page, **options):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"], **options}).response
    assert results["testEngine"]["name"] == "axe-core"
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def contrast_violations(page):
    page.evaluate(LATIN_STAND_IN)
    return blocking_violations(page, runOnly={"type": "rule", "values": ["color-contrast"]})


@pytest.mark.parametrize("viewport", [PHONES["390x844"], DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", READER_PAGES)
def test_no_serious_accessibility_violation(visit, reader_page, name, scheme, viewport):
    page = visit(reader_page(name), viewport=viewport, scheme=scheme).page
    found = blocking_violations(page)
    assert found == [], f"{name} ({scheme}):\n{describe(found)}"
    found = contrast_violations(page)
    assert found == [], f"{name} ({scheme}), contrast:\n{describe(found)}"


def test_the_checks_notice_real_problems(visit, demo_site):
    """The checks above can fail: an unlabelled button is reported, and so is faint Arabic text, which axe
    alone misses (its ligature blind spot) and the contrast pass catches."""
    page = visit(demo_site.pages["article"]).page
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.prepend(document.createElement('button'));
        const faint = document.createElement('p');
        faint.textContent = 'نص باهت لا يكاد يقرأ';
        faint.style.color = '#dddddd';
        main.prepend(faint);
    }""")
    assert "button-name" in {v["id"] for v in blocking_violations(page)}
    assert "color-contrast" not in {v["id"] for v in blocking_violations(page)}, "axe now sees Arabic text?"
    assert "color-contrast" in {v["id"] for v in contrast_violations(page)}
