from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "khabar.syndication"
    verbose_name = "النشر الخارجي"
