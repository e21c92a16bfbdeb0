from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "khabar.news"
    label = "news"
    verbose_name = "الأخبار"
