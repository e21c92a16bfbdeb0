from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "khabar.search"
    label = "khabar_search"
    verbose_name = "البحث"
