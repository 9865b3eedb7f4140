"""Errors as the API sends them: JSON ``{"code", "detail"}``, with ``"field"`` for bad input.

``code`` is for programs (``unauthenticated``, ``forbidden``, ``csrf``, ``not_found``, ``invalid``,
``unsupported``, ``too_large``, ``server_error``); ``detail`` is for people, in the request's language
where the text is the application's own (the calculations' messages are English, as the command line
prints them); ``field`` names the offending query parameter or JSON field (``on``,
``accruals[0].rate``), as the calculations' input-error classes do.

Bad input is answered 422 and never reaches a calculation half-read; an error nothing foresaw is
logged and answered 500 as JSON rather than as an HTML page.
"""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("amends.api")


class ApiError(Exception):
    status = 400
    code = "error"

    def __init__(self, detail: str, *, field: str | None = None, code: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code is not None:
            self.code = code

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code}
        if self.field is not None:
            body["field"] = self.field
        body["detail"] = self.detail
        return body


class InvalidInput(ApiError):
    status = 422
    code = "invalid"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class TooLarge(ApiError):
    status = 413
    code = "too_large"


# The name an endpoint gives its JSON body's schema (``payload: EventIn``): ninja puts it in an error's
# location, but the client never wrote it, so it is left out of ``field``.
BODY_PARAMETER = "payload"


def _field(location: tuple) -> str:
    """``("query", "on")`` → ``on``; ``("body", "payload", "items", 0, "x")`` → ``items[0].x``."""
    parts = list(location)
    if len(parts) > 1 and parts[0] == "body" and parts[1] == BODY_PARAMETER:
        parts = parts[2:]
    elif parts and parts[0] in ("query", "path", "body", "form", "file", "header", "cookie"):
        parts = parts[1:]
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "input"


def _detail(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("is required")
    if kind.startswith("date"):
        return _("must be a date written YYYY-MM-DD")
    if kind == "enum":
        return _("must be one of %(options)s") % {"options": error.get("ctx", {}).get("expected", "")}
    if kind.startswith("int"):
        return _("must be a whole number")
    return error.get("msg", "")


def validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    """Ninja's own validation of query and path parameters, in the API's error shape (the first
    error only: it names its field, as a calculation's refusal does)."""
    first = exc.errors[0] if exc.errors else {}
    problem = InvalidInput(_detail(first), field=_field(tuple(first.get("loc", ()))))
    return api.create_response(request, problem.body(), status=problem.status)


def api_error(request: HttpRequest, exc: ApiError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, exc.body(), status=exc.status)


def authentication_error(request: HttpRequest, exc: AuthenticationError, api: NinjaAPI) -> HttpResponse:
    body = {
        "code": "unauthenticated",
        "detail": _("Sign in as staff, or send an API token: Authorization: Bearer <token>."),
    }
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="amends"'
    return response


def http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # Ninja's answer to a body that is not JSON: bad input, in the API's shape.
        if isinstance(exc.__cause__, RequestDataTooBig):
            problem = TooLarge(_("The request body is too large."), field="input")
        else:
            problem = InvalidInput(_("The body must be a JSON document."), field="input")
        return api.create_response(request, problem.body(), status=problem.status)
    return api.create_response(request, {"code": "error", "detail": str(exc)}, status=exc.status_code)


def not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "detail": _("Not found.")}, status=404)


def server_error(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    body = {"code": "server_error", "detail": _("Something went wrong on our side; it has been logged.")}
    return api.create_response(request, body, status=500)


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (``{"detail": ...}`` in several shapes) with the API's."""
    api.add_exception_handler(Exception, lambda request, exc: server_error(request, exc, api))
    api.add_exception_handler(Http404, lambda request, exc: not_found(request, exc, api))
    api.add_exception_handler(HttpError, lambda request, exc: http_error(request, exc, api))
    api.add_exception_handler(
        AuthenticationError, lambda request, exc: authentication_error(request, exc, api)
    )
    api.add_exception_handler(ValidationError, lambda request, exc: validation_error(request, exc, api))
    api.add_exception_handler(ApiError, lambda request, exc: api_error(request, exc, api))
