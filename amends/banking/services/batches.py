"""Writes for banking: payees' bank accounts and payment batches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import uuid4

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.banking import pain, selectors
from amends.banking.accounts import check_payee_account
from amends.banking.models import BatchItem, PayeeAccount, PaymentBatch
from amends.core.clock import today
from amends.core.parsing import day_in_window
from amends.core.roles import FINANCE_OFFICER, check_actor, require_role
from amends.judgments.models import Creditor

FIELDS = ["holder", "bank_code", "bank_name", "account_number", "iban", "bic", "romanised_name"]


@transaction.atomic
def payee_account_record(
    *,
    creditor,
    holder: str,
    bank_code: str = "",
    account_number: str = "",
    iban: str = "",
    bic: str = "",
    romanised_name: str = "",
    by: User | None,
) -> PayeeAccount:
    """The creditor's bank account for payments (replacing an earlier one): a Korean bank's code and
    an account number (the bank's name comes from the bank list), or for a payee abroad a BIC with an
    IBAN or account number and the name in Latin letters (:func:`amends.banking.accounts.
    check_payee_account`; a ``ValidationError`` names the wrong field, and nothing is written). Whoever
    records it may not put the creditor's payment in a batch (:func:`batch_create`)."""
    check_actor(by, FINANCE_OFFICER)
    fields = check_payee_account(
        holder=holder,
        bank_code=bank_code,
        account_number=account_number,
        iban=iban,
        bic=bic,
        romanised_name=romanised_name,
    )
    # The creditor's row is locked, so that two officers recording an account at once take turns.
    Creditor.objects.select_for_update().filter(pk=creditor.pk).first()
    account = PayeeAccount.objects.select_for_update().filter(creditor=creditor).first()
    account = account or PayeeAccount(creditor=creditor)
    before = snapshot(account, FIELDS) if account.pk else None
    for name, value in fields.items():
        setattr(account, name, value)
    account.recorded_by = by
    account.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise ValidationError(
            {
                "creditor": _(
                    "The bank account of %(who)s was recorded by someone else at the same moment: "
                    "reload the page and check it."
                )
                % {"who": creditor}
            }
        ) from None
    audit_append(
        actor=by,
        action="payee_account.record",
        subject=account,
        before=before,
        after=snapshot(account, FIELDS),
    )
    return account


def execution_day_check(execution_on: date) -> date:
    """``execution_on`` if a bank can execute a batch on it: not in the past, and not beyond the
    planning horizon (:func:`amends.core.parsing.day_in_window`); else :class:`ValidationError`
    naming ``execution_on``. The pages and the API ask it before looking for the day's payments."""
    if execution_on < today():
        raise ValidationError(
            {
                "execution_on": _(
                    "The requested execution date %(day)s is in the past: the bank executes transfers "
                    "on a day to come."
                )
                % {"day": execution_on.isoformat()}
            }
        )
    return day_in_window(execution_on, "execution_on", planned=True)


@transaction.atomic
def batch_create(*, by: User | None, execution_on: date, proposals: Iterable | None = None) -> PaymentBatch:
    """A batch of the approved proposals not yet batched (or of those given), each with its payee's
    account, for execution on ``execution_on``. Refuses, naming the creditor, a proposal that is not
    approved or already in a batch; one planned for another day (its amount holds delay damages to
    the planned day: the bank must pay it that day); one whose creditor has no bank account on
    record, or whose account was recorded by whoever creates the batch (four eyes on where the money
    goes). Refuses too while the foundation's own account is not configured (:func:`pain.debtor`),
    and an execution date in the past. Nothing is written then."""
    require_role(by, FINANCE_OFFICER)
    # The file could not be written without the debtor: refuse before anything is locked or written.
    pain.debtor()
    execution_day_check(execution_on)
    eligible = {p.pk: p for p in selectors.batchable_proposals().select_for_update(of=("self",))}
    chosen = list(eligible.values()) if proposals is None else [eligible.get(p.pk, p) for p in proposals]
    if not chosen:
        raise ValidationError({"proposals": _("No approved payment is waiting for a batch.")})
    creditors = [proposal.claim.creditor for proposal in chosen]
    # Asked again once the proposals are locked: a batch committed while we waited for them is seen.
    taken = set(
        BatchItem.objects.filter(proposal__in=[p.pk for p in chosen]).values_list("proposal_id", flat=True)
    )
    # Read (and lock) the accounts afresh: what is sent is what is on record now.
    accounts = {
        account.creditor_id: account
        for account in PayeeAccount.objects.select_for_update().filter(
            creditor__in=[creditor.pk for creditor in creditors]
        )
    }
    for proposal, creditor in zip(chosen, creditors, strict=True):
        if proposal.pk not in eligible or proposal.pk in taken:
            raise ValidationError(
                {
                    "proposals": _("The payment to %(who)s is not approved or already in a batch.")
                    % {"who": creditor}
                }
            )
        if creditor.person.death_date is not None:
            raise ValidationError(
                {
                    "proposals": _("%(who)s died on %(date)s: the claim passes to the heirs.")
                    % {"who": creditor, "date": creditor.person.death_date.isoformat()}
                }
            )
        if proposal.planned_on != execution_on:
            raise ValidationError(
                {
                    "execution_on": _(
                        "The payment to %(who)s was approved for %(planned)s, with delay damages to "
                        "that day: send it for execution on %(planned)s."
                    )
                    % {"who": creditor, "planned": proposal.planned_on.isoformat()}
                }
            )
        account = accounts.get(creditor.pk)
        if account is None:
            raise ValidationError(
                {"proposals": _("%(who)s has no bank account on record.") % {"who": creditor}}
            )
        if by is not None and account.recorded_by_id == by.pk:
            raise ValidationError(
                {
                    "proposals": _(
                        "You recorded the bank account of %(who)s: another finance officer creates "
                        "the batch that pays into it."
                    )
                    % {"who": creditor}
                }
            )
    # A unique placeholder until the row has its id; the reference is made from the id.
    batch = PaymentBatch.objects.create(reference=uuid4().hex, execution_on=execution_on, created_by=by)
    batch.reference = f"AMENDS-{timezone.now():%Y%m%d%H%M%S}-{batch.pk}"
    batch.save(update_fields=["reference"])
    try:
        with transaction.atomic():
            BatchItem.objects.bulk_create(
                BatchItem(
                    batch=batch,
                    proposal=proposal,
                    end_to_end_id=f"AMENDS-P{proposal.pk}",
                    amount=proposal.amount,
                    holder=accounts[creditor.pk].holder,
                    bank_code=accounts[creditor.pk].bank_code,
                    bank_name=accounts[creditor.pk].bank_name,
                    account_number=accounts[creditor.pk].account_number,
                    iban=accounts[creditor.pk].iban,
                    bic=accounts[creditor.pk].bic,
                    romanised_name=accounts[creditor.pk].romanised_name,
                )
                for proposal, creditor in zip(chosen, creditors, strict=True)
            )
    except IntegrityError:
        # Another batch took a payment between our reading and our writing.
        taken = set(BatchItem.objects.filter(proposal__in=chosen).values_list("proposal_id", flat=True))
        who = next((c for p, c in zip(chosen, creditors, strict=True) if p.pk in taken), creditors[0])
        raise ValidationError(
            {"proposals": _("The payment to %(who)s is not approved or already in a batch.") % {"who": who}}
        ) from None
    audit_append(
        actor=by,
        action="batch.create",
        subject=batch,
        after={
            "reference": batch.reference,
            "execution_on": execution_on.isoformat(),
            "proposals": [p.pk for p in chosen],
            "total": sum(p.amount for p in chosen),
        },
    )
    return batch
