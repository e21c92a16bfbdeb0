"""Account security at the admin's door, through the real login view: throttling per account and per address,
password rules, sessions that expire, the admin only on its hosts and in Arabic unless a user chooses."""

from datetime import timedelta

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from khabar.newsroom import jobs
from khabar.newsroom.models import LoginFailure
from khabar.newsroom.roles import WRITER
from tests.newsroom.conftest import PASSWORD, make_user

LOGIN = "/admin/login/"


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def form_values(content, selector):
    """The values a browser would submit from the form matching ``selector`` (no file inputs)."""
    from lxml import html

    form = html.fromstring(content).cssselect(selector)[0]
    values = {}
    for field in form.cssselect("input[name], select[name], textarea[name]"):
        name, kind = field.get("name"), (field.get("type") or "").lower()
        if kind in {"file", "submit"} or (kind in {"checkbox", "radio"} and field.get("checked") is None):
            continue
        if field.tag == "select":
            chosen = field.cssselect("option[selected]")
            values[name] = chosen[0].get("value", "") if chosen else ""
        elif field.tag == "textarea":
            values[name] = field.text or ""
        else:
            values[name] = field.get("value", "on" if kind == "checkbox" else "")
    return values


def logged_in(client):
    return client.get("/admin/").status_code == 200


def test_the_sixth_wrong_password_in_a_row_is_throttled(site, client):
    make_user("reem", WRITER)
    for n in range(5):
        response = attempt(client, "reem", f"wrong password {n}")
        assert response.status_code == 200, n  # the form again, with Django's "wrong password" message
        assert "محاولات الدخول" not in response.content.decode()

    sixth = attempt(client, "reem", "wrong password 6")

    assert sixth.status_code == 429
    assert "أوقفنا محاولات الدخول مؤقتاً" in sixth.content.decode()


def test_a_throttled_account_is_refused_even_with_the_right_password_until_the_lockout_ends(site, client):
    make_user("reem", WRITER)
    for n in range(5):
        attempt(client, "reem", f"guess {n}")

    assert attempt(client, "reem", PASSWORD).status_code == 429
    assert not logged_in(client)
    # From another address too: the account itself is throttled.
    assert attempt(client, "REEM", PASSWORD, address="198.51.100.1").status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        response = attempt(client, "reem", PASSWORD)
        assert response.status_code == 302
        assert logged_in(client)


def test_refused_attempts_do_not_extend_the_lockout(site, client):
    make_user("reem", WRITER)
    start = timezone.now()
    for n in range(5):
        attempt(client, "reem", f"guess {n}")
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        for n in range(10):
            assert attempt(client, "reem", f"more guesses {n}").status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert attempt(client, "reem", PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_throttled(site, client):
    make_user("khaled", WRITER)
    for n in range(20):
        attempt(client, f"someone{n}", "password")  # one failure for each of twenty accounts

    response = attempt(client, "khaled", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    # The account is not locked for its owner elsewhere.
    assert attempt(client, "khaled", PASSWORD, address="198.51.100.1").status_code == 302


def test_a_successful_login_starts_the_accounts_count_again(site, client):
    make_user("reem", WRITER)
    for n in range(4):
        attempt(client, "reem", f"guess {n}")
    assert attempt(client, "reem", PASSWORD).status_code == 302
    client.logout()
    for n in range(4):
        assert attempt(client, "reem", f"again {n}").status_code == 200
    assert attempt(client, "reem", PASSWORD).status_code == 302


def test_old_failures_are_forgotten(site, client):
    attempt(client, "nobody", "x")
    assert LoginFailure.objects.count() == 2  # the account and the address
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert jobs.forget_old_login_failures() == 2
    assert not LoginFailure.objects.exists()


def test_the_throttle_also_guards_authenticate_itself(site, rf):
    from django.contrib.auth import authenticate

    make_user("reem", WRITER)
    for n in range(5):
        attempt_request = rf.post(LOGIN, REMOTE_ADDR="203.0.113.9")
        assert authenticate(attempt_request, username="reem", password=f"guess {n}") is None
    request = rf.post(LOGIN, REMOTE_ADDR="203.0.113.9")
    assert authenticate(request, username="reem", password=PASSWORD) is None


def test_the_admin_refuses_weak_passwords(site, chief, as_user):
    client = as_user(chief)
    response = client.post(reverse("wagtailusers_users:add"), {
        "username": "newwriter", "email": "new@example.org", "first_name": "جديد", "last_name": "كاتب",
        "password1": "12345678", "password2": "12345678",
    })
    assert response.status_code == 200
    assert not type(chief).objects.filter(username="newwriter").exists()


def test_sessions_expire(site, client):
    from django.conf import settings

    make_user("reem", WRITER)
    assert attempt(client, "reem", PASSWORD).status_code == 302
    assert logged_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # Without "remember me" the cookie lasts until the browser closes; the session itself, at most 12 hours.
    assert cookie["max-age"] == "" and settings.SESSION_COOKIE_AGE <= 12 * 3600
    if settings.SESSION_ENGINE.endswith(".cache"):
        # Sessions in Redis expire by Redis's own clock, which a test cannot move: check the key's lifetime.
        from django.contrib.sessions.backends.cache import KEY_PREFIX
        from django.core.cache import cache

        key = cache.make_and_validate_key(KEY_PREFIX + cookie.value)
        ttl = cache._cache.get_client(key).ttl(key)
        assert 0 < ttl <= settings.SESSION_COOKIE_AGE
    else:
        with time_machine.travel(timezone.now() + timedelta(hours=13), tick=False):
            response = client.get("/admin/")
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN)


@override_settings(KHABAR_ADMIN_HOSTS=["newsroom.example.org"],
                   ALLOWED_HOSTS=["testserver", "newsroom.example.org", "www.example.org"])
def test_the_admin_answers_only_on_its_hosts(site, editor, client):
    assert client.get(LOGIN, HTTP_HOST="www.example.org").status_code == 404
    assert client.post(LOGIN, {"username": "editor", "password": PASSWORD},
                       HTTP_HOST="www.example.org").status_code == 404
    assert client.get(LOGIN, HTTP_HOST="newsroom.example.org").status_code == 200
    # The reader site is still served on the public host.
    assert client.get("/", HTTP_HOST="www.example.org").status_code == 200


def test_the_admin_is_in_arabic_by_default_and_a_user_can_switch(site, editor, as_user):
    client = as_user(editor)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "لوحة التحكم" in page or "الصفحات" in page

    account = client.get(reverse("wagtailadmin_account"))
    fields = form_values(account.content, "form#w-editor-form")
    assert fields["locale-preferred_language"] == ""  # nothing chosen yet: Arabic by default
    fields["locale-preferred_language"] = "en"
    assert client.post(reverse("wagtailadmin_account"), fields).status_code == 302
    page = client.get("/admin/").content.decode()
    assert 'lang="en"' in page and 'dir="ltr"' in page


def test_the_login_page_is_in_arabic_whatever_the_browser_asks(db, client):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
