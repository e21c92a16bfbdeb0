"""Thousands of realistic articles in seconds, for benchmarks and load tests (`khabar generate-articles`).

Creating a Wagtail page one by one (``add_child``, a revision, a publish) costs tens of milliseconds; 10,000
of them would take many minutes. Here the page-tree rows are written in bulk: the tree paths are computed
the way treebeard computes them, the ``wagtailcore_page`` rows are bulk-inserted, then the article rows, the
authors, sources, tags and view counts. The articles are live and published, with no revision yet (the first
edit in the admin makes one). No signal is sent, so the page cache is bumped once at the end.
"""

import json
import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page

from khabar.news.demo import ensure_authors, ensure_home, ensure_sections, ensure_sources
from khabar.news.models import PUBLIC_ID_MAX, PUBLIC_ID_MIN, ArticlePage, ArticleTag, ArticleViewCount

# Vocabulary for generated Arabic news text, written for Khabar.
SUBJECTS = [
    "وزارة الاقتصاد", "مجلس المحافظة", "غرفة التجارة", "الهلال الأحمر", "نقابة المعلمين", "مديرية الصحة",
    "اتحاد الفلاحين", "جامعة حلب", "المصرف المركزي", "بلدية دير الزور", "منتخب الشباب", "اتحاد الكتاب",
    "مديرية التربية", "شركة الكهرباء", "لجنة الإغاثة", "مؤسسة المياه", "نادي الكرامة", "المتحف الوطني",
]
VERBS = [
    "تعلن", "تبحث", "تناقش", "تطلق", "تفتتح", "تستأنف", "تنفي", "تؤكد", "تراجع", "تدرس", "ترفض", "تقر",
]
OBJECTS = [
    "خطة جديدة لإصلاح الطرق", "أسعار الخبز والمحروقات", "مشروعاً لتأهيل المدارس", "برنامجاً لدعم المزارعين",
    "موسم الحصاد في الجزيرة", "إعادة فتح المعبر الحدودي", "مهرجاناً للكتاب في دمشق", "حملة تلقيح في الأرياف",
    "قرارات جديدة بشأن الاستيراد", "نتائج الامتحانات العامة", "ترميم الأسواق القديمة", "تمديد ساعات التقنين",
    "اتفاقاً لتوريد القمح", "خطة لإعادة الإعمار", "مباراة الدوري المؤجلة", "معرضاً للصور الفوتوغرافية",
]
PLACES = ["في حلب", "في دمشق", "في حمص", "في اللاذقية", "في دير الزور", "في الرقة", "في درعا", "في إدلب",
          "في طرطوس", "في الحسكة", "في السويداء", "في حماة"]
CLAUSES = [
    "وقال مصدر مطلع إن القرار سيدخل حيز التنفيذ خلال الأسبوع المقبل",
    "وأشار المسؤول إلى أن الأعمال ستنجز على مراحل بحسب توفر التمويل",
    "ولفت سكان محليون إلى أن الأزمة تتفاقم منذ أشهر دون حلول واضحة",
    "وأكد البيان أن الجهات المعنية تتابع تنفيذ المشروع بشكل يومي",
    "وتوقع خبراء أن تنعكس الخطوة على الأسعار في الأسواق المحلية",
    "وبحسب أرقام رسمية فإن عدد المستفيدين تجاوز عشرة آلاف شخص",
    "وجاء ذلك خلال اجتماع موسع حضره ممثلون عن القطاعين العام والخاص",
    "ودعا ناشطون إلى مزيد من الشفافية في إعلان النتائج والمعايير",
    "في حين لم يصدر أي تعليق رسمي حتى ساعة إعداد هذا الخبر",
    "ويأتي ذلك بعد سلسلة من الشكاوى التي رفعها الأهالي إلى البلدية",
    "وأوضح التقرير أن نسبة الإنجاز بلغت نحو ستين في المئة حتى الآن",
    "كما أعلنت اللجنة عن جدول زمني جديد يمتد حتى نهاية العام",
]
KICKERS = ["عاجل", "متابعة", "تقرير", "خاص", "تحليل", "حوار", ""]
TAGS = ["الاقتصاد السوري", "الليرة", "الزراعة", "التعليم", "الصحة", "الكهرباء", "المياه", "الرياضة",
        "الثقافة", "حلب", "دمشق", "دير الزور", "اللاذقية", "حمص", "الطاقة", "النقل", "الإسكان", "الشباب",
        "المرأة", "البيئة", "الإعمار", "التجارة", "الصناعة", "السياحة", "الآثار", "الكتب", "السينما",
        "كرة القدم", "الانتخابات", "الإغاثة"]


def _sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}، {rng.choice(CLAUSES)}."


def _body(rng, paragraphs):
    blocks = []
    for _ in range(paragraphs):
        text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        blocks.append({"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.UUID(int=rng.getrandbits(128)))})
    return json.dumps(blocks, ensure_ascii=False)


def _public_ids(rng, count):
    taken = set(ArticlePage.objects.values_list("public_id", flat=True))
    ids = []
    while len(ids) < count:
        candidate = rng.randrange(PUBLIC_ID_MIN, PUBLIC_ID_MAX)
        if candidate not in taken:
            taken.add(candidate)
            ids.append(candidate)
    return ids


class SectionSlots:
    """Where the next articles of a section go in the page tree: treebeard's materialised paths."""

    def __init__(self, section):
        self.section = section
        last = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1).order_by("-path").first()
        self.next_step = (Page._str2int(last.path[-Page.steplen:]) + 1) if last else 1
        self.added = 0

    def take(self):
        path = Page._get_path(self.section.path, self.section.depth + 1, self.next_step)
        self.next_step += 1
        self.added += 1
        return path


def generate(count, seed=1, batch_size=500, progress=None, now=None):
    """Create ``count`` live articles spread over the demo sections, newest a minute ago, oldest a year ago.
    ``progress(n)`` is called after each batch with the number of articles it created."""
    rng = random.Random(seed)
    now = now or timezone.now()
    home = ensure_home()
    sections = list(ensure_sections(home).values())
    authors = list(ensure_authors().values())
    sources = list(ensure_sources().values())
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]  # taggit makes the (Arabic) slug
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    slots = {section.pk: SectionSlots(section) for section in sections}
    public_ids = _public_ids(rng, count)
    serial = ArticlePage.objects.count()
    local_fields = ArticlePage._meta.local_concrete_fields
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic():
            pages, articles = [], []
            for i in range(size):
                n = created + i
                section = sections[rng.randrange(len(sections))]
                published = now - timedelta(minutes=1) - timedelta(seconds=int(365 * 86400 * (n / max(count, 1))))
                title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
                slug = f"generated-{serial + n + 1}"
                pages.append(Page(
                    title=title, draft_title=title, slug=slug, content_type=content_type, locale=locale,
                    path=slots[section.pk].take(), depth=section.depth + 1, numchild=0,
                    url_path=f"{section.url_path}{slug}/", live=True, has_unpublished_changes=False,
                    first_published_at=published, last_published_at=published,
                    latest_revision_created_at=published, translation_key=uuid.UUID(int=rng.getrandbits(128)),
                ))
                articles.append(dict(
                    kicker=rng.choice(KICKERS), summary=_sentence(rng), body=_body(rng, rng.randint(5, 9)),
                    published_at=published, public_id=public_ids[n],
                ))
            Page.objects.bulk_create(pages)
            rows = [ArticlePage(id=page.pk, page_ptr_id=page.pk, **fields) for page, fields in zip(pages, articles, strict=True)]
            ArticlePage.objects._insert(rows, fields=local_fields)
            _relate(rng, pages, authors, sources, tags)
            ArticleViewCount.objects.bulk_create(
                [ArticleViewCount(article_id=page.pk, views=int(rng.paretovariate(1.2) * 40)) for page in pages]
            )
        created += size
        if progress:
            progress(size)
    for section in sections:
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + slots[section.pk].added)
    from .invalidation import request_bump

    request_bump()
    return created


def _relate(rng, pages, authors, sources, tags):
    author_links = ArticlePage.authors.through
    source_links = ArticlePage.sources.through
    author_rows, source_rows, tag_rows = [], [], []
    for page in pages:
        for author in rng.sample(authors, rng.choice([1, 1, 1, 2])):
            author_rows.append(author_links(articlepage_id=page.pk, author_id=author.pk))
        if rng.random() < 0.6:
            source_rows.append(source_links(articlepage_id=page.pk, source_id=rng.choice(sources).pk))
        for tag in rng.sample(tags, rng.randint(1, 3)):
            tag_rows.append(ArticleTag(content_object_id=page.pk, tag_id=tag.pk))
    author_links.objects.bulk_create(author_rows)
    source_links.objects.bulk_create(source_rows)
    ArticleTag.objects.bulk_create(tag_rows)
