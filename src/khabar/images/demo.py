"""Illustrative pictures for the demo, drawn with Pillow: no photograph to license, every one with its alt
text, caption and credit as the newsroom requires.

Each section gets an abstract drawing of its subject (a river for Syria, a bar chart for the economy…), in
1600×900 so the reader pages can be seen choosing a smaller AVIF or WebP rendition for a phone.
"""

import random
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from .models import NewsImage

WIDTH, HEIGHT = 1600, 900
CREDIT = "خبر / رسم توضيحي"

# section slug: (title, alt text, caption, two background colours)
PICTURES = {
    "syria": ("نهر الفرات (رسم)", "صورة تعبيرية: رسم لنهر يجري بين ضفتين تحت سماء صافية",
              "رسم توضيحي لنهر الفرات", ("#7fb3d5", "#f5e6c8")),
    "arab-world": ("خريطة (رسم)", "صورة تعبيرية: دوائر متداخلة تشبه الكرة الأرضية فوق خلفية زرقاء",
                   "رسم توضيحي للعالم العربي", ("#1f4e79", "#9dc3e6")),
    "economy": ("أسعار (رسم)", "صورة تعبيرية: أعمدة بيانية صاعدة وهابطة على خلفية خضراء",
                "رسم توضيحي لحركة الأسعار", ("#1e5631", "#a4de02")),
    "opinion": ("رأي (رسم)", "صورة تعبيرية: فقاعتا حوار متقابلتان على خلفية رمادية",
                "رسم توضيحي لمقالات الرأي", ("#4a4a4a", "#d9d9d9")),
    "sports": ("ملعب (رسم)", "صورة تعبيرية: كرة قدم بيضاء على عشب ملعب أخضر",
               "رسم توضيحي لملعب كرة قدم", ("#2e7d32", "#81c784")),
    "culture": ("كتب (رسم)", "صورة تعبيرية: رفّ كتب ملوّنة على خلفية دافئة",
                "رسم توضيحي للكتب والثقافة", ("#8d4e85", "#f4d35e")),
}


def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def _gradient(top, bottom):
    image = Image.new("RGB", (WIDTH, HEIGHT), top)
    draw = ImageDraw.Draw(image)
    top, bottom = _hex(top), _hex(bottom)
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return image


def draw_picture(slug, seed=0):
    """A JPEG (bytes) illustrating the section ``slug``."""
    title, _alt, _caption, (top, bottom) = PICTURES[slug]
    rng = random.Random(f"{slug}-{seed}")
    image = _gradient(top, bottom)
    draw = ImageDraw.Draw(image)
    if slug == "syria":
        draw.polygon([(0, 560), (WIDTH, 500), (WIDTH, HEIGHT), (0, HEIGHT)], fill="#c2a878")
        draw.polygon([(0, 640), (WIDTH, 600), (WIDTH, 720), (0, 780)], fill="#3b7dd8")
        draw.ellipse([1250, 90, 1410, 250], fill="#fff4b0")
    elif slug == "arab-world":
        for radius in (330, 250, 170):
            draw.ellipse([800 - radius, 450 - radius, 800 + radius, 450 + radius], outline="#ffffff", width=6)
        draw.line([(470, 450), (1130, 450)], fill="#ffffff", width=4)
        draw.line([(800, 120), (800, 780)], fill="#ffffff", width=4)
    elif slug == "economy":
        for index in range(9):
            height = rng.randint(150, 620)
            x = 180 + index * 140
            draw.rectangle([x, 800 - height, x + 90, 800], fill="#ffffff" if index % 2 else "#e8f5e9")
    elif slug == "opinion":
        draw.rounded_rectangle([200, 200, 820, 520], radius=60, fill="#ffffff")
        draw.polygon([(300, 520), (380, 520), (280, 620)], fill="#ffffff")
        draw.rounded_rectangle([800, 380, 1400, 680], radius=60, fill="#a3121b")
        draw.polygon([(1250, 680), (1320, 680), (1350, 780)], fill="#a3121b")
    elif slug == "sports":
        draw.rectangle([100, 100, 1500, 800], outline="#ffffff", width=8)
        draw.line([(800, 100), (800, 800)], fill="#ffffff", width=8)
        draw.ellipse([650, 300, 950, 600], outline="#ffffff", width=8)
        draw.ellipse([1080, 520, 1240, 680], fill="#ffffff", outline="#222222", width=6)
    elif slug == "culture":
        x = 220
        while x < 1380:
            width = rng.randint(60, 120)
            height = rng.randint(380, 560)
            colour = rng.choice(["#e63946", "#457b9d", "#2a9d8f", "#f4a261", "#264653", "#ffffff"])
            draw.rectangle([x, 760 - height, x + width, 760], fill=colour)
            x += width + 12
        draw.rectangle([160, 760, 1440, 800], fill="#5d4037")
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def demo_image(slug, user=None):
    """The demo picture of a section, created once."""
    title, alt, caption, _colours = PICTURES[slug]
    existing = NewsImage.objects.filter(title=title).first()
    if existing:
        return existing
    image = NewsImage(title=title, alt_text=alt, caption=caption, credit=CREDIT, uploaded_by_user=user)
    image.file = ImageFile(BytesIO(draw_picture(slug)), name=f"demo-{slug}.jpg")
    image.save()
    return image
