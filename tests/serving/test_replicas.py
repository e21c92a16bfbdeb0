"""Only anonymous readers' pages read from replicas; an editor always reads what was just written."""

import pytest
from django.test import RequestFactory

from khabar.news.models import ArticlePage
from khabar.serving.replicas import PrimaryReplicaRouter, ReplicaMiddleware


@pytest.fixture
def replicas(settings):
    settings.KHABAR_DATABASE_REPLICAS = ["replica1"]


def read_alias(request):
    seen = {}

    def view(request):
        seen["alias"] = PrimaryReplicaRouter().db_for_read(ArticlePage)
        return None

    ReplicaMiddleware(view)(request)
    return seen["alias"]


def test_anonymous_reader_pages_read_from_a_replica(replicas):
    assert read_alias(RequestFactory().get("/a/123456789/")) == "replica1"


@pytest.mark.parametrize("make_request", [
    lambda rf: rf.post("/api/views/123456789/"),
    lambda rf: rf.get("/admin/pages/"),
    lambda rf: rf.get("/", HTTP_COOKIE="sessionid=abc"),
])
def test_editors_writes_and_the_admin_read_from_the_primary(replicas, make_request):
    assert read_alias(make_request(RequestFactory())) == "default"


def test_outside_a_request_everything_reads_from_the_primary(replicas):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(ArticlePage) == "default"
    assert router.db_for_write(ArticlePage) == "default"
    assert router.allow_migrate("replica1", "news") is False
