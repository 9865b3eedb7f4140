"""What every staff page shares: reading a won amount, a date (:mod:`amends.core.parsing`) or a
row's id from a form; turning a service's refusal into messages on the page; and the role gate in
front of a page.

A service refuses with :class:`ValidationError` (what was asked is wrong: the page says why, naming
the field) or :class:`PermissionDenied` (who is asking may not: the page says so, with status 403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from amends.core import roles
from amends.core.parsing import parse_day, parse_won

__all__ = [
    "parse_day",
    "parse_pk",
    "parse_won",
    "refusals_as_messages",
    "role_required",
    "show_refusal",
]


def parse_pk(value: str | None) -> int:
    """A row's id from a form, or 404: ``abc`` names no row."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


def show_refusal(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Each message of a refusal on the page, after the name of the field it is about."""
    if isinstance(error, PermissionDenied):
        messages.error(request, str(error) or _("You may not do this."))
        return
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            messages.error(request, message)
        return
    for name, problems in error.message_dict.items():
        for message in problems:
            messages.error(request, message if name == "__all__" else f"{name.replace('_', ' ')}: {message}")


def refusals_as_messages(to: str | Callable[..., str]):
    """Decorate a view that writes through a service: a :class:`ValidationError` becomes messages on
    the page the browser is sent back to (``to``: a URL name, or a function of the view's arguments
    giving one); the service changed nothing. A :class:`PermissionDenied` is left to Django: 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except ValidationError as error:
                show_refusal(request, error)
                return redirect(to(*args, **kwargs) if callable(to) else to)

        return wrapper

    return decorate


def role_required(*allowed: str, message: str):
    """The role gate for a staff page: signed in, and holding one of ``allowed`` (a superuser holds
    every role); otherwise 403 with ``message``."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not any(roles.has_role(request.user, role) for role in allowed):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
