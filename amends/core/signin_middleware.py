"""What every request passes through after Django's own authentication (``MIDDLEWARE`` in
config/settings.py): the second factor, the staff session's idle and absolute expiry, and no caching.

Sign-in itself is :mod:`amends.core.signin`; these keep what it established true on every request.
"""

import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

# When the session was signed in (seconds since the epoch), set by amends.core.signin.
SIGNED_IN_AT = "amends_signed_in_at"
# The idle expiry is moved on only if the session was last saved longer ago than this: a write per
# minute of use at most, not one per request (the same rule as the portal's, amends.portal.views).
REFRESH_SECONDS = 60


class SecondFactorRequired:
    """With ``AMENDS_REQUIRE_2FA``, a session that is signed in without a verified second factor counts
    as signed out, on every page and the API alike.

    The sign-in pages only ever sign a session in after the code (:mod:`amends.core.signin`); this is
    the second lock, for any other way a session might come to be signed in (the admin's own login
    form, a future single sign-on). It runs after django-otp's ``OTPMiddleware``, which says whether
    the session's device verified it, and stays lazy, as ``request.user`` is: a page that never asks
    who is signed in reads nothing more."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.AMENDS_REQUIRE_2FA:
            user = request.user

            def verified_or_anonymous():
                if user.is_authenticated and not user.is_verified():
                    return AnonymousUser()
                return user

            request.user = SimpleLazyObject(verified_or_anonymous)
        return self.get_response(request)


class StaffSessionExpiry:
    """A staff session ends after ``SESSION_COOKIE_AGE`` idle seconds, and ``AMENDS_SESSION_MAX_AGE``
    seconds after signing in however busy.

    Idle: the stored session expires ``SESSION_COOKIE_AGE`` after it was last saved; a staff request
    saves it again when it was last saved more than :data:`REFRESH_SECONDS` ago (Django's
    ``SESSION_SAVE_EVERY_REQUEST`` would write on every request, the portal's too). Only sessions that
    are signed in are touched: the families' portal keeps its own expiry (amends.portal.views), and its
    status page its two queries (the session, read once for both, and the claim)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie there is no session to read (and no query to make).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is not None and time.time() - signed_in_at > settings.AMENDS_SESSION_MAX_AGE:
                logout(request)
            else:
                self._keep_open(request)
        return self.get_response(request)

    @staticmethod
    def _keep_open(request: HttpRequest) -> None:
        # The session engine (amends.portal.sessions) says when the stored session expires; another
        # engine does not, and then the session is saved every time.
        stored = getattr(request.session, "stored_expiry", None)
        age = request.session.get_expiry_age()
        if stored is None or stored - timezone.now() < timedelta(seconds=age - REFRESH_SECONDS):
            request.session.modified = True


class NoStore:
    """``Cache-Control: no-store`` (with Django's other never-cache headers) on every response that
    does not set its own: staff pages, downloads and the portal all carry personal data, and no page
    of this site gains from a shared or browser cache. Static files (WhiteNoise, before this) and the
    API docs' assets set their own long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
