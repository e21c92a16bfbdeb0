"""Demo content: a small Arabic news site written for Khabar (sections, authors, sources and articles).

Loading is idempotent: running it again adds only what is missing, so ``make demo`` can be run any number
of times on the same database.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page, Site

from .models import ArticlePage, ArticleViewCount, Author, HomePage, SectionPage, Source

DATA_DIR = Path(__file__).resolve().parent / "demo_data"

SECTIONS = [
    ("syria", "سوريا", "أخبار المحافظات السورية وتقارير المراسلين."),
    ("arab-world", "عربي ودولي", "أخبار العالم العربي والعالم."),
    ("economy", "اقتصاد", "الأسواق والأسعار والليرة والطاقة."),
    ("opinion", "رأي", "مقالات الرأي والتحليل."),
    ("sports", "رياضة", "كرة القدم والرياضات الأخرى."),
    ("culture", "ثقافة وفنون", "الكتب والسينما والمسرح والتراث."),
]

AUTHORS = [
    ("samer-halabi", "سامر الحلبي", "مراسل حلب"),
    ("reem-ali", "ريم العلي", "محررة الشؤون السياسية"),
    ("khaled-mansour", "خالد منصور", "محرر الاقتصاد"),
    ("lina-shami", "لينا الشامي", "محررة الثقافة"),
    ("omar-deiri", "عمر الديري", "مراسل دير الزور"),
    ("heba-qasem", "هبة قاسم", "محررة الرياضة"),
]

SOURCES = [
    ("شبكة الفرات الإخبارية", "https://example.org/furat"),
    ("صحيفة الشرق اليوم", "https://example.org/sharq"),
    ("وكالة أنباء المدن", "https://example.org/mudun"),
    ("موقع الجزيرة السورية نت", "https://example.org/jazira"),
]


def ensure_home():
    """The site's home page at the root of the tree, replacing Wagtail's empty welcome page."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    for welcome in root.get_children().filter(slug="home"):
        if welcome.specific_class is Page and not welcome.get_children().exists():
            welcome.delete()
    home = root.add_child(instance=HomePage(title="الرئيسية", slug="home"))
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", is_default_site=True)
    site.root_page = home
    site.site_name = "خبر"
    site.save()
    return home


def ensure_sections(home):
    sections = {}
    for slug, title, description in SECTIONS:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = home.add_child(instance=SectionPage(title=title, slug=slug, description=description))
            section.save_revision().publish()
        sections[slug] = section
    return sections


def ensure_authors():
    authors = {}
    for slug, name, role in AUTHORS:
        authors[name], _ = Author.objects.get_or_create(slug=slug, defaults={"name": name, "role": role})
    return authors


def ensure_sources():
    return {name: Source.objects.get_or_create(name=name, defaults={"url": url})[0] for name, url in SOURCES}


def body_blocks(paragraphs):
    blocks = []
    for item in paragraphs:
        if isinstance(item, str):
            blocks.append(("paragraph", f"<p>{escape(item)}</p>"))
        elif item.get("type") == "heading":
            blocks.append(("heading", item["text"]))
        elif item.get("type") == "quote":
            blocks.append(("quote", {"text": item["text"], "attribution": item.get("attribution", "")}))
    return blocks


def publication_time(days_ago, hhmm, now):
    hour, minute = (int(part) for part in hhmm.split(":"))
    local_now = timezone.localtime(now)
    when = (local_now - timedelta(days=days_ago)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    if when > local_now:
        # A story "of today" cannot be from later today: move it just before now, keeping the order.
        when = local_now - timedelta(minutes=5 + (when - local_now).seconds // 600)
    return when


def load_articles(items, sections, authors, sources, user=None, now=None, progress=None):
    now = now or timezone.now()
    created = 0
    for item in items:
        section = sections[item["section"]]
        if ArticlePage.objects.child_of(section).filter(title=item["title"]).exists():
            continue
        with transaction.atomic():
            article = ArticlePage(
                title=item["title"],
                slug=slugify(item["title"], allow_unicode=True)[:80] or "article",
                kicker=item.get("kicker", ""),
                summary=item.get("summary", ""),
                body=body_blocks(item["paragraphs"]),
                published_at=publication_time(item["days_ago"], item["time"], now),
                owner=user,
                live=False,
            )
            section.add_child(instance=article)
            article.authors.set([authors[name] for name in item.get("authors", [])])
            if item.get("source"):
                article.sources.set([sources[item["source"]]])
            article.tags.set(item.get("tags", []))
            article.save_revision(user=user).publish(user=user)
            ArticleViewCount.objects.update_or_create(article=article, defaults={"views": item.get("views", 0)})
        created += 1
        if progress:
            progress(article)
    return created


def load_demo(user=None, progress=None):
    with (DATA_DIR / "articles.json").open(encoding="utf-8") as handle:
        items = json.load(handle)
    home = ensure_home()
    sections = ensure_sections(home)
    return load_articles(items, sections, ensure_authors(), ensure_sources(), user=user, progress=progress)
