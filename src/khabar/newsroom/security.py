"""Login throttling: after repeated failures an account, and separately a network address, must wait.

Failures are counted per account (the user name as typed, case-folded) and per client address. Once either
reaches its limit, every login attempt for that account or from that address is refused before the password
is even checked, until the lockout has passed since the last counted failure. Refused attempts are not
counted, so an attacker cannot keep a real user locked out for ever by hammering the form. A successful login
clears the account's count (not the address's: one good password must not buy a fresh batch of guesses for
other accounts).

Why not django-axes: its authentication backend refuses every ``authenticate()`` call made without a request
(Django's test client, scripts), which would break logins well beyond the admin; the policy here is small.
Counts live in the database (``LoginFailure``) so that all workers and app servers share them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.admin.forms.auth import LoginForm

from .models import LoginFailure

THROTTLED_MESSAGE = (
    "أوقفنا محاولات الدخول مؤقتاً بعد عدة محاولات خاطئة متتالية. حاول مجدداً بعد %(minutes)d دقيقة، "
    "أو اطلب من رئيس التحرير إعادة تعيين كلمة المرور."
)


def account_limit():
    return settings.KHABAR_LOGIN_FAILURES_PER_ACCOUNT


def address_limit():
    return settings.KHABAR_LOGIN_FAILURES_PER_ADDRESS


def lockout():
    return timedelta(seconds=settings.KHABAR_LOGIN_LOCKOUT_SECONDS)


def account_key(username):
    if not username:
        return None
    return "account:" + str(username).strip().casefold()[:180]


def client_address(request):
    """The address the request came from; behind a trusted proxy, the last hop the proxy appended."""
    if request is None:
        return None
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:64]
    return (request.META.get("REMOTE_ADDR") or "")[:64] or None


def address_key(request):
    address = client_address(request)
    return f"address:{address}" if address else None


def _keys_with_limits(username, request):
    return [(key, limit) for key, limit in ((account_key(username), account_limit()),
                                            (address_key(request), address_limit())) if key]


def is_throttled(username, request):
    """True when the account or the address has used up its failures within the lockout period."""
    pairs = _keys_with_limits(username, request)
    if not pairs:
        return False
    limits = dict(pairs)
    counted = LoginFailure.objects.recent(lockout()).filter(key__in=limits).values_list("key", "failures")
    return any(failures >= limits[key] for key, failures in counted)


def _count_failure(key):
    now = timezone.now()
    recent = LoginFailure.objects.recent(lockout()).filter(key=key)
    if recent.update(failures=F("failures") + 1, last_failure_at=now):
        return
    # No failure within the period: start counting again from one (an old row is reset, not added to).
    if LoginFailure.objects.filter(key=key).update(failures=1, last_failure_at=now):
        return
    try:
        with transaction.atomic():
            LoginFailure.objects.create(key=key, failures=1, last_failure_at=now)
    except IntegrityError:  # another worker created it a moment ago
        LoginFailure.objects.filter(key=key).update(failures=F("failures") + 1, last_failure_at=now)


def record_failure(username, request):
    if is_throttled(username, request):
        return  # refused attempts are not counted: the lockout runs from the last real failure
    for key, _limit in _keys_with_limits(username, request):
        _count_failure(key)


def record_success(username):
    key = account_key(username)
    if key:
        LoginFailure.objects.filter(key=key).delete()


# --- Where the policy is enforced ------------------------------------------------------------------------


class ThrottleBackend:
    """First in AUTHENTICATION_BACKENDS: refuses any authentication for a throttled account or address.

    It never authenticates anyone itself, and has no ``get_user`` so that sessions and ``force_login`` never
    pick it.
    """

    def authenticate(self, request, username=None, **credentials):
        if username is not None and is_throttled(username, request):
            if request is not None:
                request.khabar_login_throttled = True
            raise PermissionDenied("login throttled")
        return None


class ThrottledLoginForm(LoginForm):
    """Wagtail's admin login form, saying plainly that the account or address must wait."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_throttled(username, self.request):
            if self.request is not None:
                self.request.khabar_login_throttled = True
            raise ValidationError(
                THROTTLED_MESSAGE, code="throttled",
                params={"minutes": max(1, settings.KHABAR_LOGIN_LOCKOUT_SECONDS // 60)},
            )
        return super().clean()
