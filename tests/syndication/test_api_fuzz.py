"""A schema-driven fuzz run of the JSON API: schemathesis reads /api/schema/ and sends what it describes, valid
and invalid, to the real application. No answer may be a 500, and every answer must match the description.

Bounded so that it runs in `make test`: five operations, at most ``EXAMPLES`` generated cases each (a few
hundred requests in all with schemathesis' own edge cases; about 400 when last counted).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db
EXAMPLES = 40


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through Django's real WSGI handler, which closes the database connection after each one;
    Django's test client turns that off so the test's transaction survives, and so must this module."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded from the running application, as a client would: /api/schema/ answers without the database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_answers_match_its_description(case, newsroom):
    # The newsroom gives the fuzzer real sections, tags, authors and articles, and hidden stories to find.
    with override_settings(KHABAR_API_RATE="0"):
        case.call_and_validate()


def test_answers_about_real_stories_match_the_description(newsroom):
    """Random ids almost never hit a story; these requests do, with a picture, tags, authors and sources."""
    with override_settings(KHABAR_API_RATE="0"):
        for article in newsroom.published:
            case = schema["/api/v1/articles/{id}/"]["GET"].Case(path_parameters={"id": article.public_id})
            assert case.call_and_validate().status_code == 200
        for hidden in newsroom.hidden:
            case = schema["/api/v1/articles/{id}/"]["GET"].Case(path_parameters={"id": hidden.public_id})
            assert case.call_and_validate().status_code == 404
        for slug in ("syria", "economy"):
            case = schema["/api/v1/articles/"]["GET"].Case(query={"section": slug, "order": "most_viewed"})
            assert case.call_and_validate().json()["count"] >= 1
