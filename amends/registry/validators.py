"""Checks of family facts shared by the services and the admin, each naming what is wrong."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _


def _ancestors(person_pk: int) -> set[int]:
    from amends.registry.models import ParentChild

    found, frontier = set(), {person_pk}
    while frontier:
        frontier = (
            set(ParentChild.objects.filter(child__in=frontier).values_list("parent_id", flat=True)) - found
        )
        found |= frontier
    return found


def validate_parent_child(*, parent, child, exclude_pk: int | None = None) -> None:
    from amends.registry.models import ParentChild

    if parent.pk == child.pk:
        raise ValidationError({"parent": _("A person cannot be their own parent.")})
    if child.pk in _ancestors(parent.pk):
        raise ValidationError(
            {
                "child": _("%(child)s is an ancestor of %(parent)s: that would be a cycle.")
                % {"child": child, "parent": parent}
            }
        )
    if ParentChild.objects.filter(child=child).exclude(pk=exclude_pk).exclude(parent=parent).count() >= 2:
        raise ValidationError({"child": _("%(child)s already has two parents recorded.") % {"child": child}})
    if parent.birth_date and child.birth_date and child.birth_date <= parent.birth_date:
        raise ValidationError({"child": _("%(child)s was born before their parent.") % {"child": child}})


def validate_marriage(
    *, spouse_a, spouse_b, started_on: date, ended_on: date | None, exclude_pk: int | None = None
) -> None:
    """Neither spouse may be married to someone else at the same time."""
    from amends.registry.models import Marriage

    this_end = ended_on or date.max
    for spouse in (spouse_a, spouse_b):
        others = Marriage.objects.filter(Q(spouse_a=spouse) | Q(spouse_b=spouse)).exclude(pk=exclude_pk)
        for other in others:
            if other.started_on < this_end and started_on < (other.ended_on or date.max):
                raise ValidationError(
                    {
                        "started_on": _("%(person)s is married to someone else then (%(other)s).")
                        % {"person": spouse, "other": other}
                    }
                )
