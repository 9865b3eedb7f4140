"""Roles (docs/architecture.md, "Who uses it") as Django groups of the same names, checked by the
services.

The lifecycle (:mod:`amends.law.lifecycle`) names the role each step needs; a superuser holds every
role. An auditor reads everything and holds no role that writes.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amends.core.prepared import PreparedQuery

# The role names, spelled once in amends.law.roles.
from amends.law.roles import (
    APPROVER,
    AUDITOR,
    CASEWORKER,
    EXECUTIVE,
    FINANCE_OFFICER,
    LEGAL_REVIEWER,
    ROLES,
)

# Each role as the pages name it to people (a refusal, the 403 page, a step's note).
LABELS = {
    APPROVER: gettext_lazy("approver"),
    AUDITOR: gettext_lazy("auditor"),
    CASEWORKER: gettext_lazy("caseworker"),
    EXECUTIVE: gettext_lazy("executive"),
    FINANCE_OFFICER: gettext_lazy("finance officer"),
    LEGAL_REVIEWER: gettext_lazy("legal reviewer"),
}


def label(role: str) -> str:
    """The role's name in the reader's language: ``finance_officer`` → "finance officer"."""
    return str(LABELS.get(role, role.replace("_", " ")))


class RoleRequired(PermissionDenied):
    """Refused for want of a role: ``roles`` names the roles any one of which would have been let in,
    so that the 403 page can say which is needed."""

    def __init__(self, message, *, roles: tuple[str, ...]):
        super().__init__(message)
        self.roles = tuple(roles)


def has_role(user, role: str) -> bool:
    if user is None or not user.is_active:
        return False
    return user.is_superuser or _holds(user.pk, role)


# Whether a user is in a role's group, one query per role compiled once per connection (every write
# asks it; building the ORM's query took longer than the database took to answer it).
_HOLDS: dict[str, PreparedQuery] = {}


def _holds(user_pk, role: str) -> bool:
    query = _HOLDS.get(role)
    if query is None:
        memberships = get_user_model().groups.through.objects
        query = _HOLDS[role] = PreparedQuery(
            lambda pk: memberships.filter(user_id=pk, group__name=role).values_list("pk")[:1]
        )
    return bool(query.rows(user_pk))


def require_role(user, role: str | None) -> None:
    """Refuse unless ``user`` holds ``role`` (``None``: any signed-in staff member)."""
    if user is None or not user.is_active:
        raise PermissionDenied(_("Sign in to do this."))
    if role is not None and not has_role(user, role):
        raise RoleRequired(_("This needs the %(role)s role.") % {"role": label(role)}, roles=(role,))


def roles_of(user) -> frozenset[str]:
    """Every role ``user`` holds, in one query (a superuser holds them all; nobody signed in, none):
    what a page asks many times, as its navigation and its forms do, is asked of this set."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES)
    return frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))


def check_actor(by, role: str | None) -> None:
    """For services that both people and the system call: ``None`` is the system (the demonstration
    loader, imports) and is not checked; a person must hold ``role``."""
    if by is not None:
        require_role(by, role)


# Personal data by need to know (docs/architecture.md, "Personal data"): the family certificates and the
# letters to creditors are read by the roles whose work they are; every other role gets a 403.
DOCUMENT_READERS = (CASEWORKER, LEGAL_REVIEWER)
DOCUMENT_REFUSED = gettext_lazy(
    "Family certificates and letters are read by caseworkers and legal reviewers only."
)
