"""Events that carry news upward to the feature apps without ``news`` importing them.

``content_changed`` is sent whenever what readers see may have changed outside Wagtail's own page signals
(a correction, a breaking-news flag, an import, a view-count flush that reorders most-read lists). Receivers
such as the page cache invalidate what they hold. ``article`` is the ArticlePage concerned, or None when the
change touches every page (the breaking-news bar).
"""

from django.dispatch import Signal

content_changed = Signal()  # kwargs: article (ArticlePage or None), reason (short str)
