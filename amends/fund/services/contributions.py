"""Writes for the fund's income and what it must plan for: donors, their pledges and receipts (a
receipt posts bank / contributions through the ledger), and suits still pending (for the forecast)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, audited_create, snapshot
from amends.core.parsing import day_in_window
from amends.core.roles import FINANCE_OFFICER, check_actor
from amends.fund.models import Contribution, Donor, PendingSuit
from amends.fund.services.ledger import post_entry
from amends.law import ledger


@transaction.atomic
def donor_create(
    *, name: str, by: User | None, kind: str = Donor.Kind.COMPANY, address: str = "", notes: str = ""
):
    check_actor(by, FINANCE_OFFICER)
    donor = Donor(name=name.strip(), kind=kind, address=address, notes=notes)
    audited_create(donor, by=by, action="donor.create", fields=["name", "kind"])
    return donor


@transaction.atomic
def contribution_record(
    *,
    donor: Donor,
    kind: str,
    on: date,
    by: User | None,
    amount: int | None = None,
    restricted: bool = False,
    purpose: str = "",
    note: str = "",
    pledge: Contribution | None = None,
) -> Contribution:
    """A pledge (kept off the ledger: no money has moved) or a receipt, posted bank / contributions."""
    check_actor(by, FINANCE_OFFICER)
    if isinstance(on, date):
        # Not in the future, not before the fund could hold anything, a receipt not before its pledge.
        day_in_window(on, "on", after=[(pledge.on if pledge is not None else None, _("the pledge"))])
    if kind == Contribution.Kind.RECEIPT and amount is None:
        raise ValidationError({"amount": _("A receipt needs its amount in won.")})
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0):
        raise ValidationError({"amount": _("Give a whole number of won, more than 0.")})
    if pledge is not None and (
        kind != Contribution.Kind.RECEIPT
        or pledge.kind != Contribution.Kind.PLEDGE
        or pledge.donor_id != donor.pk
    ):
        raise ValidationError({"pledge": _("A receipt fulfils a pledge of the same donor.")})
    contribution = Contribution(
        donor=donor,
        kind=kind,
        amount=amount,
        on=on,
        restricted=restricted,
        purpose=purpose.strip(),
        note=note.strip(),
        pledge=pledge,
        recorded_by=by,
    )
    contribution.full_clean()
    contribution.save()
    if kind == Contribution.Kind.RECEIPT:
        post_entry(
            on=on,
            memo=_("Contribution from %(donor)s") % {"donor": donor.name},
            lines=ledger.posting("contribution_restricted" if restricted else "contribution", amount),
            source=f"contribution:{contribution.pk}",
            by=by,
        )
    audit_append(
        actor=by,
        action=f"contribution.{kind}",
        subject=contribution,
        after=snapshot(contribution, ["donor", "kind", "amount", "on", "restricted", "purpose", "pledge"]),
    )
    return contribution


@transaction.atomic
def pending_suit_record(*, by: User | None, **fields) -> PendingSuit:
    """A suit not yet decided, for the forecast."""
    check_actor(by, FINANCE_OFFICER)
    suit = PendingSuit(**fields)
    audited_create(
        suit,
        by=by,
        action="pending_suit.create",
        fields=["title", "victims", "award_per_victim", "filed_on", "expected_decision_on"],
    )
    return suit
