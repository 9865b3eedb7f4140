"""How a request proves who makes it: an API token, or the staff pages' session.

Ninja tries the two in order and takes the first that names a user:

1. :class:`BearerToken`: ``Authorization: Bearer <secret>``, for scripts. A request that sends a
   bearer token is judged by it alone: a wrong or revoked token is 401 even beside a valid session cookie,
   so that a script never runs as whoever happens to be signed in.
2. :class:`StaffSession`: Django's session cookie, for a signed-in browser (and the API's own docs
   page). An unsafe method (POST) also needs Django's CSRF token, as the staff pages' forms do;
   without a session there is nothing to forge, so no CSRF check is made and the answer is 401.

Either way the user must be an active staff member (:func:`~amends.api.permissions.may_use_api`):
a user who authenticates but is not staff gets 403.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from amends.api import selectors, services
from amends.api.errors import Forbidden
from amends.api.permissions import may_use_api

# Longer than any secret ``api_token_create`` makes; a longer header is refused unhashed.
MAX_TOKEN_LENGTH = 200


def _staff_only(user: Any) -> Any:
    if not may_use_api(user):
        raise Forbidden(_("The API is for active staff members."))
    return user


def _sends_bearer(request: HttpRequest) -> bool:
    # Only a bearer token: a proxy's "Authorization: Basic" in front of the staff site is not ours.
    return request.headers.get("Authorization", "").split(" ")[0].lower() == "bearer"


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        found = selectors.api_token_for_secret(secret=token)
        if found is None or not found.user.is_active:
            return None
        services.api_token_touch(token=found)
        request.user = found.user
        return _staff_only(found.user)


class StaffSession(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if _sends_bearer(request) or not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise Forbidden(
                _("CSRF check failed: send the X-CSRFToken header with the session cookie, or use a token."),
                code="csrf",
            )
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _staff_only(request.user)
