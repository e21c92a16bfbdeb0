"""Security headers Django's SecurityMiddleware does not set: a Content-Security-Policy and a
Permissions-Policy on reader pages.

The policy is written for Khabar's reader templates, which load their scripts and styles from /static/ and
have no inline script. Wagtail's admin is left out: it relies on inline scripts and styles of its own.
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = settings.KHABAR_CSP
        self.permissions = settings.KHABAR_PERMISSIONS_POLICY
        self.skip = ("/admin/", "/django-admin/", "/documents/")

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.skip):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
