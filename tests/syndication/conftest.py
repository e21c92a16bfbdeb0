"""A small newsroom for the distribution tests: published stories with authors, tags and a lead picture, and the
three kinds of story that must never leave the site (a draft, an embargoed one, an expired one)."""

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
import xmlschema
from django.core.files.images import ImageFile
from django.utils import timezone
from lxml import html
from PIL import Image

from khabar.images.models import NewsImage
from khabar.news.models import ArticlePage
from tests.factories import make_article

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def make_image(title="جسر الرشيد", width=1600, height=900):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (180, 40, 40)).save(buffer, "JPEG")
    return NewsImage.objects.create(
        title=title, file=ImageFile(buffer, name="lead.jpg"), alt_text=f"صورة {title}", credit="خبر / سامر الحلبي",
        caption=f"تعليق {title}",
    )


def parse_html(response):
    return html.fromstring(response.content.decode())


@pytest.fixture(scope="session")
def sitemap_schema():
    return xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd", locations=[(NEWS_NS, str(SCHEMAS / "sitemap-news.xsd"))])


@pytest.fixture(scope="session")
def siteindex_schema():
    return xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd")


@dataclass
class Newsroom:
    site: object
    lead: ArticlePage
    second: ArticlePage
    older: ArticlePage
    draft: ArticlePage
    embargoed: ArticlePage
    expired: ArticlePage
    withdrawn: ArticlePage

    @property
    def hidden(self):
        return [self.draft, self.embargoed, self.expired, self.withdrawn]

    @property
    def published(self):
        return [self.lead, self.second, self.older]


@pytest.fixture
def newsroom(site):
    now = timezone.now()
    lead = make_article(
        site.sections["syria"], title="افتتاح جسر الرشيد في دير الزور بعد ترميمه", kicker="خدمات",
        summary="أعيد افتتاح الجسر أمام السيارات بعد عامين من الترميم.", tags=["دير الزور", "جسور"],
        authors=["عمر الديري", "ريم العلي"], sources=["شبكة الفرات الإخبارية"], views=120,
        paragraphs=["قالت المحافظة إن الجسر افتُتح صباح اليوم.", "ويربط الجسر ضفتي الفرات."],
        published_at=now - timedelta(hours=1), lead_image=make_image(),
    )
    second = make_article(site.sections["economy"], title="الليرة تستقر أمام الدولار", tags=["الليرة"],
                          authors=["خالد منصور"], views=900, published_at=now - timedelta(hours=3))
    older = make_article(site.sections["syria"], title="مهرجان الربيع في حلب", tags=["حلب"],
                         published_at=now - timedelta(days=40), views=5)
    draft = make_article(site.sections["syria"], title="مسودة لم تنشر بعد", tags=["دير الزور"],
                         authors=["عمر الديري"], publish=False, published_at=now - timedelta(minutes=30))
    embargoed = make_article(site.sections["syria"], title="خبر محظور النشر حتى الغد", tags=["دير الزور"],
                             go_live_at=now + timedelta(days=1), published_at=now - timedelta(minutes=20))
    expired = make_article(site.sections["economy"], title="عرض انتهت صلاحيته", tags=["الليرة"],
                           expire_at=now + timedelta(days=1), published_at=now - timedelta(minutes=10))
    # Its expiry passes before the scheduler runs: live in the database, but past expire_at.
    ArticlePage.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(minutes=1))
    withdrawn = make_article(site.sections["syria"], title="خبر سحب بعد نشره", tags=["دير الزور"],
                             published_at=now - timedelta(minutes=5))
    withdrawn.unpublish()
    return Newsroom(site, lead, second, older, draft, ArticlePage.objects.get(pk=embargoed.pk),
                    ArticlePage.objects.get(pk=expired.pk), ArticlePage.objects.get(pk=withdrawn.pk))
