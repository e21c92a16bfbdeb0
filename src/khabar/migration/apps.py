from django.apps import AppConfig


class MigrationConfig(AppConfig):
    name = "khabar.migration"
    label = "khabar_migration"
    verbose_name = "استيراد المواقع القديمة"
