"""Small views of the syndication app: robots.txt and the API's OpenAPI description."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from ninja.responses import NinjaJSONEncoder

from . import content
from .api.cors import allow_cross_origin_reads
from .api.endpoints import api


@require_safe
def robots_txt(request):
    """Crawlers may read every reader page; they are pointed at both sitemaps and kept out of the admin,
    search results (endless, thin pages) and the API."""
    return render(request, "syndication/robots.txt", {"base_url": content.base_url(request)},
                  content_type="text/plain; charset=utf-8")


@allow_cross_origin_reads
@require_safe
def api_schema(request):
    """The OpenAPI 3.1 description of ``/api/v1/``, generated from the code that answers it."""
    schema = api.get_openapi_schema(path_prefix=reverse("syndication:api:api-root"))
    schema["servers"] = [{"url": content.base_url(request).rstrip("/")}]
    return JsonResponse(schema, encoder=NinjaJSONEncoder, json_dumps_params={"ensure_ascii": False},
                        content_type="application/json; charset=utf-8")
