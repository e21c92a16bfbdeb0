"""Khabar's content model: the home page, sections and articles, with their authors, sources and tags.

The page tree is home → section → article. Every article has a stable public number and is read at
``/a/<number>/``; its tree path only redirects there, so links survive a move between sections or a new slug.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.models import PageQuerySet as WagtailPageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import ArticleBodyBlock

PUBLIC_ID_MIN = 100_000_000
PUBLIC_ID_MAX = 999_999_999


def new_public_id():
    """A random nine-digit number nobody has yet: short enough to read aloud, impossible to enumerate."""
    while True:
        candidate = PUBLIC_ID_MIN + secrets.randbelow(PUBLIC_ID_MAX - PUBLIC_ID_MIN)
        if not ArticlePage.objects.filter(public_id=candidate).exists():
            return candidate


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField("الاسم", max_length=120)
    slug = models.SlugField("المعرّف في الرابط", max_length=120, unique=True, allow_unicode=True)
    role = models.CharField("الصفة", max_length=120, blank=True, help_text="مثل: مراسل حلب، محررة الاقتصاد")
    bio = models.TextField("نبذة", blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        verbose_name="حساب المستخدم",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo"),
              FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "كاتب"
        verbose_name_plural = "الكتّاب"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:author", args=[self.slug])


@register_snippet
class Source(index.Indexed, models.Model):
    """An outlet an article credits ("المصدر: …"), as agencies do when they carry another outlet's report."""

    name = models.CharField("الاسم", max_length=160, unique=True)
    url = models.URLField("الموقع", blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "مصدر"
        verbose_name_plural = "المصادر"

    def __str__(self):
        return self.name


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPageQuerySet(WagtailPageQuerySet):
    def child_of_q(self, other):
        """A page's children (a section's articles, the home page's sections) as a range of tree paths.

        Wagtail matches them with ``path LIKE 'prefix%'``, which SQLite (and PostgreSQL outside the C
        collation) cannot answer from the path index, so every section list, related-stories box and section
        bar scanned every page of the site. A child's path is its parent's followed by one step of
        ``steplen`` characters from ``alphabet``, so the range holds exactly them."""
        step = Page.steplen
        first, last = Page.alphabet[0] * step, Page.alphabet[-1] * step
        return models.Q(path__gte=other.path + first, path__lte=other.path + last, depth=other.depth + 1)


class ArticleQuerySet(NewsPageQuerySet):
    def visible(self):
        """Articles a reader may see now: live and not past their expiry.

        Every reader-facing list, feed, sitemap, search and API goes through here, so an embargoed, draft or
        expired story cannot leak through one forgotten filter.
        """
        now = timezone.now()
        return self.live().filter(models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        return self.select_related("lead_image", "view_count_row").defer_streamfields()


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class HomePage(Page):
    # The editor in chief may pin the story the home page leads with; left empty, or once the pinned story is
    # unpublished or expires, the newest story leads.
    lead_story = models.ForeignKey(
        "news.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="الخبر الرئيسي", help_text="يتصدر الصفحة الرئيسية؛ اتركه فارغاً ليتصدرها أحدث خبر",
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage"]
    content_panels = [*Page.content_panels, FieldPanel("lead_story")]

    class Meta:
        verbose_name = "الصفحة الرئيسية"

    def get_context(self, request, *args, **kwargs):
        from .listings import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(request, self))
        return context


class SectionPage(Page):
    description = models.TextField("وصف القسم", blank=True)

    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]
    content_panels = [*Page.content_panels, FieldPanel("description")]

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    class Meta:
        verbose_name = "قسم"
        verbose_name_plural = "الأقسام"

    def articles(self):
        return ArticlePage.objects.child_of(self).visible()

    def get_context(self, request, *args, **kwargs):
        from .listings import paginate

        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, self.articles().for_listing().newest_first(), key=("section", self.pk))
        return context


class ArticlePage(Page):
    kicker = models.CharField("العنوان التمهيدي", max_length=80, blank=True, help_text="كلمة أو كلمتان فوق العنوان")
    summary = models.TextField("الموجز", blank=True, help_text="جملة أو جملتان تلخصان الخبر")
    body = StreamField(ArticleBodyBlock(), verbose_name="المتن", blank=True)
    lead_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="الصورة الرئيسية",
    )
    published_at = models.DateTimeField("وقت النشر", null=True, blank=True, db_index=True,
                                        help_text="يملأ تلقائياً عند النشر الأول")
    updated_at = models.DateTimeField("آخر تحديث", null=True, blank=True)
    authors = ParentalManyToManyField(Author, blank=True, related_name="articles", verbose_name="الكتّاب")
    sources = ParentalManyToManyField(Source, blank=True, related_name="articles", verbose_name="المصادر")
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name="الوسوم")
    public_id = models.BigIntegerField("الرقم الدائم", unique=True, null=True, blank=True, editable=False)
    original_url = models.CharField("الرابط الأصلي", max_length=1000, blank=True, db_index=True,
                                    help_text="رابط الخبر في الموقع القديم، للمواد المستوردة")

    objects = ArticleManager()

    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    exclude_fields_in_copy = ["public_id", "original_url"]

    content_panels = [
        FieldPanel("kicker"),
        FieldPanel("title", classname="title"),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("authors"), FieldPanel("sources"), FieldPanel("tags")],
            heading="الكتّاب والمصادر والوسوم",
        ),
        MultiFieldPanel([FieldPanel("published_at"), FieldPanel("updated_at")], heading="التوقيت"),
    ]

    # Weights for khabar.search: headline (Page's title, boost 2) > kicker, summary > tags, authors, sources
    # > body. The Arabic analysis happens in the search backend, not here.
    search_fields = [
        *Page.search_fields,
        index.SearchField("kicker", boost=1.5),
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=1.2)]),
        index.RelatedFields("authors", [index.SearchField("name", boost=1.2)]),
        index.RelatedFields("sources", [index.SearchField("name", boost=1.2)]),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = "خبر"
        verbose_name_plural = "الأخبار"

    def save(self, *args, **kwargs):
        if not self.public_id:
            self.public_id = new_public_id()
        if self.live and self.published_at is None:
            # First publication: the story's time is when it went live (its go-live time when scheduled).
            self.published_at = min(self.go_live_at or timezone.now(), timezone.now())
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """Publishing an old revision must not rewrite the story's number or its first publication time."""
        obj = super().with_content_json(content)
        obj.public_id = self.public_id
        if obj.published_at is None:
            obj.published_at = self.published_at
        return obj

    # --- URLs ---------------------------------------------------------------------------------------------
    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or not self.public_id:
            return parts
        site_id, root_url, _tree_path = parts
        return site_id, root_url, self.canonical_path

    @property
    def canonical_path(self):
        # Every headline link on every page asks for it, and reverse() costs more than the rest of the link.
        known = self.__dict__.get("_canonical_path")
        if known is None or known[0] != self.public_id:
            known = self.__dict__["_canonical_path"] = (self.public_id, reverse("news:article", args=[self.public_id]))
        return known[1]

    def serve(self, request, *args, **kwargs):
        from django.http import HttpResponsePermanentRedirect

        if request.path != self.canonical_path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(self.canonical_path + (f"?{query}" if query else ""))
        return super().serve(request, *args, **kwargs)

    # --- What the reader sees -----------------------------------------------------------------------------
    @property
    def section(self):
        return self.get_parent().specific_deferred

    @cached_property
    def views(self):
        try:
            return self.view_count_row.views
        except ArticleViewCount.DoesNotExist:
            return 0

    @property
    def display_time(self):
        return self.published_at or self.first_published_at or self.latest_revision_created_at

    @property
    def was_updated(self):
        return bool(self.updated_at and self.display_time and self.updated_at > self.display_time)

    def get_context(self, request, *args, **kwargs):
        from .listings import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(request, self))
        return context


class ArticleViewCount(models.Model):
    """How many times an article was read. Apart from the page row on purpose: saving or publishing an
    article in the admin writes every page column, and would overwrite views counted in the meantime.
    ``khabar.views_counter`` keeps it exact; an imported count is its starting value."""

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="view_count_row"
    )
    views = models.PositiveBigIntegerField("المشاهدات", default=0, db_index=True)

    class Meta:
        verbose_name = "عدد المشاهدات"
        verbose_name_plural = "أعداد المشاهدات"

    def __str__(self):
        return f"{self.article_id}: {self.views}"
