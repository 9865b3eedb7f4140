"""Roles (docs/architecture.md, "Who uses it") as Django groups of the same names, checked by the
services.

The lifecycle (:mod:`amends.law.lifecycle`) names the role each step needs; a superuser holds every
role. An auditor reads everything and holds no role that writes.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from amends.law.roles import (  # noqa: F401 (the role names, spelled once in amends.law.roles)
    APPROVER,
    AUDITOR,
    CASEWORKER,
    EXECUTIVE,
    FINANCE_OFFICER,
    LEGAL_REVIEWER,
    ROLES,
)


def has_role(user, role: str) -> bool:
    if user is None or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=role).exists()


def require_role(user, role: str | None) -> None:
    """Refuse unless ``user`` holds ``role`` (``None``: any signed-in staff member)."""
    if user is None or not user.is_active:
        raise PermissionDenied(_("Sign in to do this."))
    if role is not None and not has_role(user, role):
        raise PermissionDenied(_("This needs the %(role)s role.") % {"role": role.replace("_", " ")})


def check_actor(by, role: str | None) -> None:
    """For services that both people and the system call: ``None`` is the system (the demonstration
    loader, imports) and is not checked; a person must hold ``role``."""
    if by is not None:
        require_role(by, role)
