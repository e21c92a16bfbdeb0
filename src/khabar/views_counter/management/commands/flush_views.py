"""``khabar flush-views``: move the view counts waiting in Redis to the database, now.

On the ``db`` backend there is nothing waiting; the command forgets de-duplication marks past their 30 minutes.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from khabar.views_counter.backends import get_counter


class Command(BaseCommand):
    help = "ينقل المشاهدات المنتظرة في Redis إلى قاعدة البيانات (ويحذف علامات التكرار المنتهية)"

    def handle(self, *args, **options):
        counter = get_counter()
        waiting = counter.pending()
        with tqdm(total=waiting, unit="view", desc="flush-views", disable=options["verbosity"] < 1 or not waiting,
                  file=sys.stderr) as bar:
            moved = counter.flush(progress=bar.update)
        if options["verbosity"] >= 1:
            self.stdout.write(f"{settings.KHABAR_VIEWS_BACKEND}: {moved} views moved to the database, "
                              f"{counter.pending()} still waiting")
