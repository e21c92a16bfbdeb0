"""The real page dump in ../shared/seed: every field the issue lists, through the parser and through a real
import. Skipped when ../shared is absent (a fresh clone has no ../shared)."""

import json
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from khabar.migration.dates import DateDefaults
from khabar.migration.formats import detect, text
from khabar.news.models import ArticlePage

from .conftest import IMPORT_DAY, run_import

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_07b47f7bc5a145a0.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} is absent (../shared is not checked out)")

DAMASCUS = ZoneInfo("Asia/Damascus")
HEADLINE = "اشتباكات ومواجهات مسلحة بين قوات الأسد والميليشيات الإيرانية في دير الزور"
OLD_URL = "http://anapress.net/a/165288402920287"
LEFT_OUT = ("المزيد", "وساطة روسية", "مشاهدة", "حجم الخط", "286", "13:27", OLD_URL)


def test_the_seed_page_is_parsed_field_by_field():
    assert detect(SEED) == "text"
    [article] = text.parse(SEED, DateDefaults(given=None, today=IMPORT_DAY))
    assert article.title == HEADLINE
    assert article.published.timetz().replace(tzinfo=None) == time(13, 27)
    assert article.published.date() == IMPORT_DAY  # no date on the page, none given: the import day…
    assert any("import day" in w for w in article.warnings)  # …with a warning
    assert article.original_url == OLD_URL
    assert article.views == 286
    assert len(article.paragraphs) == 8
    assert article.paragraphs[0].startswith("دارت اشتباكات بين قوات النظام")
    assert article.paragraphs[-1].startswith("وتستغل ميليشيات إيران")
    for paragraph in article.paragraphs:
        assert paragraph == paragraph.strip() and "\u00a0" not in paragraph
        assert paragraph != HEADLINE
        assert not any(paragraph == chrome or paragraph.startswith(chrome) for chrome in LEFT_OUT)


def test_the_seed_page_imports_and_its_old_address_answers_301(client, site):
    run = run_import(SEED, "--date", "2020-05-12", "--section", "syria")
    assert "imported 1" in run.summary
    article = ArticlePage.objects.get(original_url=OLD_URL)
    assert article.title == HEADLINE and article.live
    assert article.published_at == datetime(2020, 5, 12, 13, 27, tzinfo=DAMASCUS)
    assert article.views == 286
    assert [b.block_type for b in article.body] == ["paragraph"] * 8
    response = client.get("/a/165288402920287")
    assert response.status_code == 301
    assert response["Location"] == f"/a/{article.public_id}/"
    assert run_import(SEED, "--date", "2020-05-12", "--section", "syria").summary.startswith("imported 0")
    assert ArticlePage.objects.filter(original_url=OLD_URL).count() == 1


def test_the_seed_page_as_json_for_outside_checks(site):
    run = run_import(SEED, "--dry-run", "--json", "--date", "2020-05-12")
    record = json.loads(run.out)
    assert record["published"] == "2020-05-12T13:27:00+03:00"
    assert record["views"] == 286 and record["original_url"] == OLD_URL
    assert len(record["paragraphs"]) == 8
    assert date.fromisoformat(record["published"][:10]) == date(2020, 5, 12)
