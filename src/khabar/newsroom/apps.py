from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "khabar.newsroom"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        from . import receivers

        receivers.connect()
