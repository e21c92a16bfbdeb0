from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "khabar.search"
    label = "khabar_search"
    verbose_name = "البحث"

    def ready(self):
        from . import signals

        signals.connect()
