"""Checks shared by the services, the admin and the import paths, each naming what is wrong."""

import re
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Korean court case numbers: the year (two digits before 2000, four since), the case-type mark in
# Hangul (다 civil appeal to the Supreme Court, 나 civil appeal, 가합 civil first instance …) and a
# serial number: 2013다61381, 2012나44947, 94다36599.
CASE_NUMBER = re.compile(r"^(?:\d{2}|\d{4})[가-힣]{1,4}[1-9]\d{0,6}$")


def normalize_case_number(value: str) -> str:
    """Drop the spaces people type inside case numbers (``2013 다 61381``)."""
    return re.sub(r"\s+", "", value or "")


def validate_case_number(value: str) -> None:
    if not CASE_NUMBER.match(value or ""):
        raise ValidationError(
            _(
                "%(value)s is not a case number in the courts' format: year, case-type mark in Hangul "
                "and serial number, such as 2013다61381."
            ),
            code="case_number",
            params={"value": value or _("(empty)")},
        )


def validate_accrual_order(starts: Sequence[date]) -> None:
    """Accrual terms must run in date order, each starting after the one before."""
    for index in range(1, len(starts)):
        if starts[index] <= starts[index - 1]:
            raise ValidationError(
                _(
                    "Accrual term %(n)d starts on %(start)s, not after the term before it (%(previous)s): "
                    "terms must be in date order."
                ),
                code="accrual_order",
                params={"n": index + 1, "start": starts[index], "previous": starts[index - 1]},
            )


def validate_shares(shares: Iterable[Fraction]) -> None:
    """The creditors of an award hold shares that are positive and add up to exactly 1."""
    shares = list(shares)
    if not shares:
        raise ValidationError(_("An award needs at least one creditor."), code="no_creditors")
    if any(share <= 0 for share in shares):
        raise ValidationError(_("Every creditor's share must be greater than zero."), code="share_positive")
    total = sum(shares, Fraction(0))
    if total != 1:
        raise ValidationError(
            _("The creditors' shares add up to %(total)s, not 1."),
            code="shares_sum",
            params={"total": total},
        )
