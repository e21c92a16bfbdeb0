from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "khabar.images"
    label = "khabar_images"
    verbose_name = "الصور"
