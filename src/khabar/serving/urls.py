from django.http import HttpResponse
from django.urls import path


def healthz(request):
    """For load balancers and the demo's start-up wait: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("healthz", healthz, name="healthz")]
