"""Pictures: the admin asks for alt text, caption and credit at upload; reader pages use AVIF and WebP
renditions in a srcset, with the picture's size written down so nothing moves while it loads."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html
from PIL import Image

from khabar.images.demo import demo_image, draw_picture
from khabar.images.models import NewsImage
from khabar.newsroom.roles import WRITER
from tests.factories import make_article
from tests.newsroom.conftest import make_user


def upload(name="market.jpg"):
    return SimpleUploadedFile(name, draw_picture("economy"), content_type="image/jpeg")


@pytest.fixture
def writer_client(site, client):
    client.force_login(make_user("photo-writer", WRITER))
    return client


@pytest.mark.parametrize("missing", ["alt_text", "caption", "credit"])
def test_upload_without_alt_text_caption_or_credit_is_refused(writer_client, missing):
    data = {"title": "سوق الهال", "alt_text": "باعة الخضار في سوق الهال صباحاً",
            "caption": "سوق الهال في دمشق", "credit": "خبر / سامر الحلبي", "file": upload()}
    data[missing] = ""

    response = writer_client.post(reverse("wagtailimages:add"), data)

    assert response.status_code == 200
    assert not NewsImage.objects.exists()


def test_upload_with_all_three_is_saved_with_them(writer_client):
    response = writer_client.post(reverse("wagtailimages:add"), {
        "title": "سوق الهال", "alt_text": "باعة الخضار في سوق الهال صباحاً", "caption": "سوق الهال في دمشق",
        "credit": "خبر / سامر الحلبي", "file": upload(),
    })

    assert response.status_code == 302
    image = NewsImage.objects.get()
    assert (image.alt_text, image.caption, image.credit) == (
        "باعة الخضار في سوق الهال صباحاً", "سوق الهال في دمشق", "خبر / سامر الحلبي")
    assert writer_client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200


def test_the_upload_form_asks_for_one_alt_text(writer_client):
    form = html.fromstring(writer_client.get(reverse("wagtailimages:add")).content)
    assert form.cssselect('form [name="alt_text"]')
    assert not form.cssselect('form [name="description"]')


def test_a_multiple_upload_waits_for_alt_text_caption_and_credit(writer_client):
    response = writer_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload()})

    assert response.status_code == 200
    assert response.json()["success"]
    assert not NewsImage.objects.exists()  # held as an unfinished upload until the three are given


def test_reader_page_uses_avif_and_webp_renditions_with_sizes(site, client):
    picture = demo_image("economy")
    story = make_article(site.sections["economy"], title="أسعار الذهب ترتفع", lead_image=picture)

    page = html.fromstring(client.get(f"/a/{story.public_id}/").content)

    figure = page.cssselect("figure.lead-image")[0]
    sources = {source.get("type"): source for source in figure.cssselect("picture source")}
    assert {"image/avif", "image/webp"} <= set(sources)
    img = figure.cssselect("picture img")[0]
    # Width and height: the browser reserves the picture's box before a byte of it arrives.
    width, height = int(img.get("width")), int(img.get("height"))
    assert abs(width / height - 16 / 9) < 0.01
    assert img.get("alt") == picture.alt_text
    assert img.get("sizes") and sources["image/avif"].get("sizes")
    assert picture.caption in figure.text_content() and picture.credit in figure.text_content()
    for mime, pillow_format in (("image/avif", "AVIF"), ("image/webp", "WEBP")):
        candidates = [entry.strip().split() for entry in sources[mime].get("srcset").split(",")]
        assert [descriptor for _url, descriptor in candidates] == ["480w", "800w", "1200w"]
        for url, descriptor in candidates:
            response = client.get(url)
            assert response.status_code == 200, url
            served = Image.open(BytesIO(b"".join(response.streaming_content)))
            assert served.format == pillow_format
            assert served.width == int(descriptor[:-1])
