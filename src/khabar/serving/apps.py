from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "khabar.serving"
    verbose_name = "التقديم والتخزين المؤقت"

    def ready(self):
        from . import invalidation

        invalidation.connect()
