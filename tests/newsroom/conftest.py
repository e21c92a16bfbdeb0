"""Real users of each newsroom role, made the way an administrator would: a user in a role's group.

The groups and their page permissions come from the newsroom's data migration and from the receiver that
grants them on every new section, so these fixtures also prove that a fresh site has working roles.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from khabar.newsroom.roles import CHIEF, EDITOR, WRITER, section_editor_group_name

PASSWORD = "correct horse battery staple 42"


def make_user(username, *groups, **fields):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
    user.groups.add(*[Group.objects.get(name=name) for name in groups])
    return user


@pytest.fixture
def writer(site):
    return make_user("writer", WRITER, first_name="سامر")


@pytest.fixture
def other_writer(site):
    return make_user("writer2", WRITER, first_name="لينا")


@pytest.fixture
def editor(site):
    return make_user("editor", EDITOR, first_name="ريم", last_name="العلي")


@pytest.fixture
def economy_editor(site):
    return make_user("economy_editor", section_editor_group_name("اقتصاد"), first_name="خالد")


@pytest.fixture
def sports_editor(site):
    return make_user("sports_editor", section_editor_group_name("رياضة"), first_name="هبة")


@pytest.fixture
def chief(site):
    return make_user("chief", CHIEF, first_name="رئيس")


@pytest.fixture
def as_user(client):
    """Log a user in (through Django's session machinery) and return the client."""

    def login(user):
        client.force_login(user)
        return client

    return login


def owned_live_story(section, title, owner):
    """A story written (owned) by ``owner`` and published by the desk, as a writer's story is."""
    from khabar.news.models import ArticlePage
    from tests.factories import make_article

    story = make_article(section, title=title, user=owner, publish=False)
    story.get_latest_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)
