"""The WSGI entry point `khabar serve` runs: Django behind the page cache (``khabar.serving.pagecache``).

Point any WSGI server here (``khabar.serving.wsgi:application``) rather than at ``khabar.wsgi`` to get cached
pages; ``KHABAR_PAGE_CACHE=0`` turns the cache off without changing the entry point.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings")

django_application = get_wsgi_application()

from .pagecache import PageCacheApp  # noqa: E402  (needs the settings Django has just loaded)

application = PageCacheApp(django_application)
