"""The first look at every request, before any view, form or query sees it: a body over its size cap is
answered 413, and text holding NUL or another control character (:func:`amends.core.parsing.
control_character`) is answered 400, naming the field, wherever it came in (the address, the query
string, a form field, a JSON document's field). One place, rather than a check in every view: a NUL
in a search box, a donor's name or a letter's body would otherwise reach PostgreSQL, which cannot store
it and fails the request with a server error.

Files are not looked into here: an uploaded file is bounded by its own cap
(``AMENDS_MAX_UPLOAD_BYTES``) and read by the code that knows its format (a bank statement's reader
refuses a NUL naming the line).

It sits after the locale middleware (the answer is in the request's language) and before the CSRF
middleware, whose reading of the form would otherwise meet an over-size body first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from amends.core.limits import megabytes
from amends.core.parsing import control_character

# The JSON API answers in its own error shape ({"code", "field", "detail"}), every page in HTML.
JSON_PREFIX = "/api/"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refused(request: HttpRequest, status: int, code: str, field: str, detail: str) -> HttpResponse:
    if request.path.startswith(JSON_PREFIX):
        return JsonResponse(
            {"code": code, "field": field, "detail": detail},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponse(
        format_html(
            '<!doctype html><title>{}</title><main><h1>{}</h1><p data-testid="refusal">{}: {}</p></main>',
            detail,
            _("The request was refused; nothing changed."),
            field,
            detail,
        ),
        status=status,
    )


def _json_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every key and string of a JSON document, with the field it is (``facts.summary``, ``items[2]``)."""
    if isinstance(value, str):
        yield path or "input", value
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            yield here, str(key)
            yield from _json_strings(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{path}[{index}]")


def _ignore(text: str) -> None:
    return None


class InputLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.content_type == "multipart/form-data":
            # Files stream to disk, so a form with a file may be as large as the largest upload.
            limit += settings.AMENDS_MAX_UPLOAD_BYTES
        if length > limit:
            return self.too_large(request, limit)
        try:
            fields = self._fields(request)
            for name, value in fields:
                for text in (name, value):
                    if (found := control_character(text)) is not None:
                        detail = _("contains a control character (%(char)s).") % {"char": found}
                        return _refused(request, 400, "invalid", name, detail)
        except RequestDataTooBig:  # the form's fields (not its files) over the cap, as Django reads them
            return self.too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        except TooManyFieldsSent:
            return _refused(request, 400, "invalid", "input", _("The form has too many fields."))
        return None

    @staticmethod
    def too_large(request: HttpRequest, limit: int) -> HttpResponse:
        detail = _("The request is larger than %(limit)s: it is refused.") % {"limit": megabytes(limit)}
        return _refused(request, 413, "too_large", "input", detail)

    def _fields(self, request: HttpRequest) -> Iterator[tuple[str, str]]:
        yield _("address"), request.path
        for name, values in request.GET.lists():
            for value in values:
                yield name, value
        if request.method not in ("POST", "PUT", "PATCH"):
            return
        if request.content_type in FORMS and request.method == "POST":
            for name, values in request.POST.lists():
                for value in values:
                    yield name, value
            for name, upload in request.FILES.items():
                yield name, upload.name or ""
        elif request.content_type == "application/json":
            try:
                # Numbers are not read (a 5,000-digit one is the endpoint's to refuse, naming it).
                document = json.loads(
                    request.body, parse_int=_ignore, parse_float=_ignore, parse_constant=_ignore
                )
            except ValueError:
                return  # not JSON: the endpoint says so
            yield from _json_strings(document, "")
