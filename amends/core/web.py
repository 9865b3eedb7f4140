"""What every staff page shares: reading a won amount, a date (:mod:`amends.core.parsing`) or a
row's id from a form; turning a service's refusal into messages on the page; the role gate in front
of a page, and whether a page would open for someone (which the navigation asks); and the error pages
(403, 404, 500: ``handler403`` and the others in ``config/urls.py``).

A service refuses with :class:`ValidationError` (what was asked is wrong: the page says why, naming
the field) or :class:`PermissionDenied` (who is asking may not: the page says so, with status 403;
:class:`amends.core.roles.RoleRequired` also names the roles that would have been let in).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.template import TemplateDoesNotExist, loader
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from amends.core import roles
from amends.core.parsing import parse_day, parse_won

__all__ = [
    "may_open",
    "page_not_found",
    "parse_day",
    "parse_pk",
    "parse_won",
    "permission_denied",
    "refusals_as_messages",
    "refusals_on_page",
    "role_required",
    "server_error",
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


def refusals_on_page(page: Callable[..., HttpResponse]):
    """Decorate a view that writes through a service from a form on ``page`` (a page view, with its role
    gate): a refusal shows ``page`` again, with the messages saying why and the form still holding what
    was typed, rather than a redirect that loses it. ``page`` is called with ``entered`` (the POST),
    ``refused`` (the name of the refused view, so the page opens that form) and ``refused_args`` (the
    view's URL arguments), and ``status``: 400 for a :class:`ValidationError`, 403 for a
    :class:`PermissionDenied` (a reader the page's own gate refuses gets its 403 page instead)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except (ValidationError, PermissionDenied) as error:
                show_refusal(request, error)
                return page(
                    request,
                    entered=request.POST,
                    refused=view.__name__,
                    refused_args=kwargs,
                    status=403 if isinstance(error, PermissionDenied) else 400,
                )

        return wrapper

    return decorate


def role_required(*allowed: str, message: str):
    """The role gate for a staff page: signed in, and holding one of ``allowed`` (a superuser holds
    every role); otherwise 403 with ``message``, naming the roles. The gate keeps ``allowed`` on the
    view it returns (``allowed_roles``), so that the navigation asks the gate rather than a list of
    its own (:func:`may_open`)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not user_roles(request) & set(allowed):
                raise roles.RoleRequired(message, roles=allowed)
            return view(request, *args, **kwargs)

        gated = login_required(wrapper)
        gated.allowed_roles = allowed
        return gated

    return decorate


def user_roles(request: HttpRequest) -> frozenset[str]:
    """The roles of whoever is signed in, read once per request."""
    if not hasattr(request, "_amends_roles"):
        request._amends_roles = roles.roles_of(getattr(request, "user", None))
    return request._amends_roles


def may_open(request: HttpRequest, url_name: str, *args) -> bool:
    """Whether the page at ``url_name`` would open for this request's user rather than answer 403 or
    send them to sign in. The page says who it lets in: a :func:`role_required` gate its roles, a
    page under ``login_required`` alone every signed-in user, and the admin (Django's own gate,
    ``AdminSite.has_permission``) active staff."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    try:
        match = resolve(reverse(url_name, args=args))
    except (NoReverseMatch, Resolver404):
        return False
    if match.namespace == "admin" or match.namespace.startswith("admin:"):
        return user.is_staff
    allowed = getattr(match.func, "allowed_roles", None)
    return allowed is None or bool(user_roles(request) & set(allowed))


# -- error pages ---------------------------------------------------------------------------------
# A part of the site with a look of its own (the families' portal, under /portal/) gives its own
# error pages as ``<part>/403.html`` and ``<part>/404.html``, named by the first segment of the path;
# every other page gets the staff pages' (``403.html``, ``404.html``), with their navigation.


def _section_template(request: HttpRequest, name: str):
    section = request.path_info.strip("/").split("/", 1)[0]
    names = [name]
    if section.isascii() and section.isidentifier():
        names.insert(0, f"{section}/{name}")
    return loader.select_template(names)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: what was refused and, for a page or a step that needs a role, which roles would do."""
    context = {
        "reason": str(exception),
        "roles_needed": [roles.label(role) for role in getattr(exception, "roles", ())],
        "your_roles": [roles.label(role) for role in sorted(user_roles(request))],
    }
    template = _section_template(request, "403.html")
    return HttpResponse(template.render(context, request), status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404, in the reader's language; what was asked for is not repeated back to them."""
    template = _section_template(request, "404.html")
    return HttpResponse(template.render({}, request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, from the template alone: no context processor runs (they read the session and the user's
    roles from the database, which may be what failed), so the page has no navigation by role."""
    try:
        template = loader.get_template("500.html")
    except TemplateDoesNotExist:  # pragma: no cover - the template ships with amends.core
        return HttpResponseServerError("<h1>Server Error (500)</h1>")
    return HttpResponseServerError(template.render({}))
