"""Reader-facing answers of the newsroom: the breaking-news bar's JSON."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from . import breaking


@require_GET
def breaking_json(request):
    """What the bar shows now. Cached for a few seconds at most, so a new flag reaches readers in time."""
    response = JsonResponse(breaking.as_json(), json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=breaking.MAX_AGE_SECONDS)
    return response
