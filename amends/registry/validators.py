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


def validate_rrn(value: str) -> None:
    """A resident registration number (주민등록번호) as ``python-stdnum`` checks it: 13 digits, a date of
    birth, the century and sex digit, the check digit. The message does not repeat the number."""
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
    from stdnum.exceptions import ValidationError as Invalid
    from stdnum.kr import rrn

    try:
        rrn.validate(value)
    except InvalidLength:
        reason = _("it must have 13 digits (YYMMDD-NNNNNNN).")
    except InvalidChecksum:
        reason = _("its check digit does not match: compare it with the certificate.")
    except InvalidComponent:
        reason = _("its first seven digits are not a date of birth with its century and sex digit.")
    except Invalid:
        reason = _("it must be digits, as YYMMDD-NNNNNNN.")
    else:
        return
    raise ValidationError(
        _("The resident registration number (주민등록번호) is not valid: %(reason)s") % {"reason": reason},
        code="invalid_rrn",
    )


def canonical_rrn(value: str) -> str:
    """The one form a resident registration number is stored and searched in: ``YYMMDD-NNNNNNN``."""
    from stdnum.kr import rrn

    return rrn.format(rrn.compact(value))
