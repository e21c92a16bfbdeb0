"""The admin's front door: which hosts it answers on, the language it speaks first, and throttled logins.

One middleware placed after Django's LocaleMiddleware and AuthenticationMiddleware:

- ``KHABAR_ADMIN_HOSTS`` (comma-separated, default: every allowed host) limits ``/admin/`` to some host
  names, e.g. an internal ``newsroom.example.org``; on other hosts the admin does not exist (404).
- The admin speaks Arabic unless the user chose another language in his account settings: the browser's
  Accept-Language does not decide for him (Wagtail would otherwise follow it for users without a choice).
- A login refused because of throttling (see security.py) is answered with HTTP 429, not 200.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation


class NewsroomAdminMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        if request.path.startswith(self.prefix) or request.path == self.prefix.rstrip("/"):
            allowed = settings.KHABAR_ADMIN_HOSTS
            if allowed and request.get_host().split(":")[0].lower() not in allowed:
                raise Http404("لا توجد لوحة تحرير على هذا العنوان")
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        response = self.get_response(request)
        if getattr(request, "khabar_login_throttled", False) and response.status_code == 200:
            response.status_code = 429
            response.reason_phrase = "Too Many Requests"
        return response
