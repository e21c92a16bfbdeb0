"""The shapes of the API's answers. Field names are a public contract: add fields, never rename or drop one.

Every URL is absolute, every time is ISO 8601 with the site's UTC offset, every HTML string went through
``khabar.news.html.sanitize_html``.
"""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema


class FieldError(Schema):
    location: str = Field(description="المعامل المعني، مثل query.page_size")
    message: str


class ErrorOut(Schema):
    detail: str = Field(description="ما الخطأ، بالعربية")
    errors: list[FieldError] = Field(default_factory=list, description="تفاصيل كل معامل غير صالح")


class SectionRef(Schema):
    slug: str
    title: str
    url: str


class TagRef(Schema):
    slug: str
    name: str
    url: str


class AuthorRef(Schema):
    slug: str
    name: str
    url: str


class SourceOut(Schema):
    name: str
    url: str | None


class ImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str


class ArticleSummary(Schema):
    id: int = Field(description="الرقم الدائم للخبر، كما في الرابط /a/<id>/")
    url: str
    title: str
    kicker: str
    summary: str
    section: SectionRef
    tags: list[TagRef]
    authors: list[AuthorRef]
    published_at: datetime
    updated_at: datetime = Field(description="آخر تحديث للخبر، أو وقت نشره إن لم يحدَّث")
    views: int
    image: ImageOut | None


class ParagraphBlock(Schema):
    type: Literal["paragraph"]
    html: str


class HeadingBlock(Schema):
    type: Literal["heading"]
    text: str


class ImageBlock(Schema):
    type: Literal["image"]
    image: ImageOut
    caption: str


class QuoteBlock(Schema):
    type: Literal["quote"]
    text: str
    attribution: str


class EmbedBlock(Schema):
    type: Literal["embed"]
    url: str


BodyBlock = Annotated[
    ParagraphBlock | HeadingBlock | ImageBlock | QuoteBlock | EmbedBlock, Field(discriminator="type")
]


class ArticleDetail(ArticleSummary):
    body_html: str = Field(description="المتن HTML منقّى")
    body_blocks: list[BodyBlock] = Field(description="المتن كتلاً مصنّفة")
    sources: list[SourceOut]


class Page(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None


class ArticleList(Page):
    results: list[ArticleSummary]


class SectionOut(SectionRef):
    description: str
    article_count: int
    feed_url: str


class TagOut(TagRef):
    article_count: int


class TagList(Page):
    results: list[TagOut]


class AuthorOut(AuthorRef):
    role: str
    article_count: int


class AuthorList(Page):
    results: list[AuthorOut]
