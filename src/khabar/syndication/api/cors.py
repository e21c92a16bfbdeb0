"""CORS for a read-only public API: any origin may GET, nobody may send credentials.

``Access-Control-Allow-Origin: *`` is safe here because the API reads only published stories and never looks
at cookies or sessions; a browser does not send cookies to a wildcard origin anyway.
"""

from functools import wraps

from django.http import HttpResponse

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "Retry-After, ETag"
PREFLIGHT_MAX_AGE = "86400"


def allow_cross_origin_reads(view):
    """Answer preflight OPTIONS requests and mark every answer of ``view`` readable from any origin."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapped
