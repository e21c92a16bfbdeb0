"""The WSGI entry point `khabar serve` runs: Django behind the page cache (``khabar.serving.pagecache``), and
in front of both the view beacon's fast path (``khabar.views_counter.fastpath``, on the redis views backend).

Point any WSGI server here (``khabar.serving.wsgi:application``) rather than at ``khabar.wsgi`` to get cached
pages; ``KHABAR_PAGE_CACHE=0`` turns the cache off without changing the entry point.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings")

django_application = get_wsgi_application()

from khabar.views_counter.fastpath import BeaconFastPath  # noqa: E402  (needs the settings loaded)

from .pagecache import PageCacheApp  # noqa: E402  (needs the settings Django has just loaded)

application = BeaconFastPath(PageCacheApp(django_application))
