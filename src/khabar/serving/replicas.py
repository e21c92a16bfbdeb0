"""Reading from PostgreSQL replicas without ever showing an editor stale data.

Only the anonymous readers' pages (``GET``/``HEAD``, no session cookie, outside the admin) may read from a
replica; everything else (the admin, any ``POST``, the beacon, management commands, periodic jobs) reads
from the primary, which is where it has just written. Replicas are listed in
``KHABAR_DATABASE_REPLICA_URLS``; with none, the router is not installed and the middleware does nothing.
"""

import contextvars
import random

from django.conf import settings

_replica_allowed = contextvars.ContextVar("khabar_replica_allowed", default=False)


def replica_allowed(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(("/admin/", "/django-admin/", "/api/"))
    )


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.active = bool(settings.KHABAR_DATABASE_REPLICAS)

    def __call__(self, request):
        if not self.active:
            return self.get_response(request)
        token = _replica_allowed.set(replica_allowed(request))
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)


class PrimaryReplicaRouter:
    """Writes and most reads go to ``default``; readers' pages read from a random replica."""

    def db_for_read(self, model, **hints):
        replicas = settings.KHABAR_DATABASE_REPLICAS
        if replicas and _replica_allowed.get():
            return random.choice(replicas)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
