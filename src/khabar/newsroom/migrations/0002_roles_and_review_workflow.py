"""Creates the newsroom's roles (writer, editor, section editors, editor in chief) and the review workflow.

On a fresh database Django creates model permissions only after all migrations have run; they are created
here first so the groups can be given them. ``khabar setup-roles`` runs the same code again later.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # The migration state's app configs (stubs): marking them as having models lets create_permissions run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    from khabar.newsroom.roles import Roles

    roles = Roles(apps)
    roles.setup()
    roles.remove_unused_sample_groups()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("news", "0001_initial"),
        ("khabar_images", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
