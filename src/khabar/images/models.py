"""The newsroom's image model: every picture carries the alt text, caption and credit a news page must show.

Wagtail's stock image has no credit field and treats the description (alt text) as optional; a news agency
cannot publish a photo without both.
"""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class NewsImage(AbstractImage):
    alt_text = models.CharField(
        "النص البديل",
        max_length=255,
        help_text="وصف موجز للصورة يقرؤه من لا يراها (قارئ الشاشة).",
    )
    caption = models.CharField("التعليق", max_length=400, blank=True)
    credit = models.CharField("حقوق الصورة", max_length=255, help_text="المصوّر أو الوكالة، مثل: خبر / سامر الحلبي")

    admin_form_fields = (*Image.admin_form_fields, "alt_text", "caption", "credit")

    @property
    def default_alt_text(self):
        return self.alt_text or self.description or self.title

    class Meta(AbstractImage.Meta):
        verbose_name = "صورة"
        verbose_name_plural = "الصور"


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
