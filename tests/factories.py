"""Builders of real content for tests: pages are created and published through Wagtail as editors do."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from khabar.news.demo import ensure_home, ensure_sections
from khabar.news.models import ArticlePage, ArticleViewCount, Author, Source


@dataclass
class TestSite:
    home: object
    sections: dict = field(default_factory=dict)


def make_site():
    home = ensure_home()
    return TestSite(home=home, sections=ensure_sections(home))


_counter = {"n": 0}


def make_article(section, title=None, *, published_at=None, views=0, tags=(), authors=(), sources=(),
                 paragraphs=None, summary="", kicker="", publish=True, user=None, **fields):
    _counter["n"] += 1
    n = _counter["n"]
    title = title or f"خبر تجريبي رقم {n}"
    paragraphs = paragraphs or [f"الفقرة الأولى من الخبر {n}.", f"الفقرة الثانية من الخبر {n}."]
    article = ArticlePage(
        title=title,
        slug=f"test-article-{n}",
        summary=summary,
        kicker=kicker,
        body=[("paragraph", f"<p>{p}</p>") for p in paragraphs],
        published_at=published_at if published_at is not None else timezone.now() - timedelta(minutes=n),
        owner=user,
        live=False,
        **fields,
    )
    section.add_child(instance=article)
    if tags:
        article.tags.set(list(tags))
    if authors:
        article.authors.set([
            a if isinstance(a, Author) else Author.objects.get_or_create(name=a, slug=f"author-{abs(hash(a))}")[0]
            for a in authors
        ])
    if sources:
        article.sources.set([Source.objects.get_or_create(name=s)[0] for s in sources])
    revision = article.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    if views:
        ArticleViewCount.objects.update_or_create(article=article, defaults={"views": views})
    return ArticlePage.objects.get(pk=article.pk)
