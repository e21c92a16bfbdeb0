"""Prepares the database of the app servers the serving tests start, in a process of its own.

    python -m tests.serving.site_tool setup     # migrate, a small site, an editor; prints JSON
    python -m tests.serving.site_tool retitle PK TITLE   # publish a new revision, as another worker would
"""

import json
import os
import sys

EDITOR = ("editor", "correct-horse-battery-staple")


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.serving.server_settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from khabar.news.models import ArticlePage
    from tests.factories import make_article, make_site

    action = argv[0]
    if action == "setup":
        call_command("migrate", interactive=False, verbosity=0)
        site = make_site()
        article = make_article(site.sections["syria"], title="وصول قافلة مساعدات إلى ريف حلب الشمالي")
        get_user_model().objects.create_superuser(EDITOR[0], "editor@example.org", EDITOR[1])
        print(json.dumps({"public_id": article.public_id, "pk": article.pk, "title": article.title}))
    elif action == "views":  # flush pending views to the database, then print the database's count
        from django.core.management import call_command as run

        from khabar.news.models import ArticleViewCount

        run("flush_views")
        print(ArticleViewCount.objects.filter(article_id=int(argv[1])).values_list("views", flat=True).first())
    elif action == "retitle":
        page = ArticlePage.objects.get(pk=int(argv[1]))
        page.title = argv[2]
        page.save_revision().publish()
        print("published")
    else:
        sys.exit(f"unknown action {action!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
