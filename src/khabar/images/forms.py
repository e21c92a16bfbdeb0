"""The admin's upload and edit form for pictures (WAGTAILIMAGES_IMAGE_FORM_BASE).

Readers see a caption and a credit under every news picture, and screen-reader users hear the alt text, so
the form asks for all three before a picture can be saved. Wagtail's own "description" field is another alt
text; it is left out so editors fill in one alt text, ours. (Pictures made by importers and scripts keep the
model's rules: alt text and credit required, caption optional.)
"""

from wagtail.images.forms import BaseImageForm


class NewsImageForm(BaseImageForm):
    REQUIRED = ("alt_text", "caption", "credit")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("description", None)
        for name in self.REQUIRED:
            if name in self.fields:
                self.fields[name].required = True
