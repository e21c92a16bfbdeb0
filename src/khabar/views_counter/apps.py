from django.apps import AppConfig


class ViewsCounterConfig(AppConfig):
    name = "khabar.views_counter"
    verbose_name = "عداد المشاهدات"
