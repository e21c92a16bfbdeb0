"""Arabic error pages. The 500 page is static HTML on purpose: when something is broken, render nothing
that could break again."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader


def not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request))


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").template.source, content_type="text/html")
