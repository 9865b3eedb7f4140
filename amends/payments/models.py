"""Payments: each creditor's claim through its lifecycle, the foundation's payments and court deposits,
its reimbursement claims against the defendants, and payments from elsewhere.

A :class:`Claim` is one creditor's file on one award: its state in :mod:`amends.law.lifecycle` and a
timeline of :class:`ClaimEntry` rows, one per event, with the facts recorded with it. Money moves
only through a :class:`PaymentProposal` approved by someone other than whoever prepared it (the
service refuses it, and so does a database constraint); a proposal is paid at most once (a unique
constraint), and each :class:`Payment` opens a :class:`ReimbursementClaim` (구상권).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from amends.law import claim_numbers
from amends.law.lifecycle import Event, State


class Claim(models.Model):
    creditor = models.OneToOneField("judgments.Creditor", on_delete=models.PROTECT, related_name="claim")
    # The creditor's award's case, copied when the file is opened (a creditor never changes award, nor
    # an award case), so that the dashboard counts claims by case and state from this table alone
    # instead of joining every claim to its creditor and award (issue 14). ``amends check``
    # (``claim-case``) proves every copy equal to its source.
    case = models.ForeignKey(
        "judgments.Case",
        on_delete=models.PROTECT,
        related_name="claims",
        editable=False,
        verbose_name=_("case"),
        db_index=False,  # the index on (case, state) below serves it
    )
    # Given when the file is opened, so that every letter about it carries it; the portal opens the
    # claim by it. A default, so that bulk loads get one too.
    number = models.CharField(_("claim number"), max_length=20, unique=True, default=claim_numbers.draw)
    state = models.CharField(
        _("state"), max_length=30, choices=[(s.value, s.value) for s in State], default=State.IDENTIFIED.value
    )
    flags = models.JSONField(_("flags"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["case", "state"], name="claim_case_state")]

    def __str__(self) -> str:
        return f"{self.creditor} [{self.state}]"


class ClaimEntry(models.Model):
    """One event in a claim's timeline: a contact, a position, a document received, a decision."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="entries")
    event = models.CharField(_("event"), max_length=30, choices=[(e.value, e.value) for e in Event])
    from_state = models.CharField(max_length=30)
    to_state = models.CharField(max_length=30)
    occurred_on = models.DateField(_("occurred on"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    facts = models.JSONField(_("facts"), default=dict, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        # Named, or the admin says "Claim entrys".
        verbose_name = _("claim entry")
        verbose_name_plural = _("claim entries")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.event}: {self.from_state} → {self.to_state}"


class PaymentProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")
        PAID = "paid", _("paid")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="proposals")
    amount = models.BigIntegerField(_("amount"))
    planned_on = models.DateField(_("planned payment date"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="proposal_amount_positive",
                violation_error_message=_("A payment must be of more than 0 won."),
            ),
            # Four eyes, again in the database: whoever prepared a proposal cannot approve it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="proposal_four_eyes",
                violation_error_message=_("Whoever prepared a payment cannot approve it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount:,} won on {self.planned_on} [{self.status}]"


class PaymentQuerySet(models.QuerySet):
    def standing(self):
        """The payments the bank did not bring back: the only ones that reached the creditor, and the
        only ones counted as money received, paid or reported."""
        return self.filter(returned_on__isnull=True)


class Payment(models.Model):
    """Money the foundation paid a creditor, confirmed by the bank."""

    # Usually one per creditor; a partial payment (a decision with its reason, approved by a second
    # person) leaves the rest to a later one. Each pays one proposal, once.
    creditor = models.ForeignKey("judgments.Creditor", on_delete=models.PROTECT, related_name="payments")
    proposal = models.OneToOneField(PaymentProposal, on_delete=models.PROTECT, related_name="payment")
    amount = models.BigIntegerField(_("amount"))
    paid_on = models.DateField(_("paid on"))
    bank_reference = models.CharField(_("bank confirmation"), max_length=100)
    # The bank brought the money back (a closed account, a wrong name): the payment never reached the
    # creditor, counts for nothing owed, and its ledger entries are reversed on ``returned_on``.
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.CharField(_("return reason"), max_length=200, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount:,} won paid {self.paid_on}"


class ReimbursementClaim(models.Model):
    """The foundation's claim (구상권) against the defendants for what it paid on their behalf."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DEMANDED = "demanded", _("demanded")
        RECOVERED = "recovered", _("recovered")
        WRITTEN_OFF = "written_off", _("written off")
        CANCELLED = "cancelled", _("cancelled (payment returned)")

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="reimbursement")
    case = models.ForeignKey("judgments.Case", on_delete=models.PROTECT, related_name="reimbursements")
    amount = models.BigIntegerField(_("amount"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))

    def __str__(self) -> str:
        return f"{self.case}: {self.amount:,} won [{self.status}]"


class CourtDeposit(models.Model):
    """A deposit (변제공탁) lodged with a court for a creditor who refused the payment."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="deposits")
    court = models.CharField(_("court"), max_length=100)
    deposit_number = models.CharField(_("deposit number"), max_length=50)
    lodged_on = models.DateField(_("lodged on"))
    amount = models.BigIntegerField(_("amount"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "deposit_number"], name="deposit_number_once_per_court"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="deposit_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.deposit_number}"


class ExternalPayment(models.Model):
    """Money received towards an award from elsewhere (a defendant's security collected by the family,
    say): it reduces what is owed through the delay-damages rules."""

    award = models.ForeignKey("judgments.Award", on_delete=models.PROTECT, related_name="external_payments")
    creditor = models.ForeignKey(
        "judgments.Creditor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="external_payments",
        help_text=_("The creditor it was paid to; empty when it was paid on the whole award."),
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.BigIntegerField(_("amount"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="external_payment_positive")]

    def __str__(self) -> str:
        return f"{self.amount:,} won from {self.source} on {self.paid_on}"


class OwedLine(models.Model):
    """What one part of an award (one person's: a creditor the judgment names or an heir) is owed, as
    a straight line in the day: the stored summary the dashboard adds up (issue 14).

    Written only by :mod:`amends.payments.owed_lines` (the services that change what is owed call it
    in their transaction, and ``amends owed roll`` renews lines that ended); read only by
    :func:`amends.payments.owed.case_totals` and, for one case's awards,
    :func:`amends.payments.owed.stored_award_totals`. On a day D from ``from_day`` to ``last_day`` (ordinals,
    ``date.toordinal()``, both inclusive), with ``extra = (remainder + per_day × (D − from_day)) //
    denominator``, the part's delay damages are ``interest + extra`` and what is outstanding
    ``outstanding + extra``: exactly :mod:`amends.payments.owed`'s figures (``amends check``,
    ``owed-summary``). Every line of an award holds over the same days; ``opens_award`` marks one line an
    award, so that a sum counts the awards it covers. An award without parts has one line of zeros
    and no creditor."""

    award = models.ForeignKey("judgments.Award", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("judgments.Case", on_delete=models.CASCADE, related_name="+")
    creditor = models.ForeignKey(
        "judgments.Creditor", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    opens_award = models.BooleanField(default=False)
    principal = models.BigIntegerField()
    interest = models.BigIntegerField()
    paid = models.BigIntegerField()
    outstanding = models.BigIntegerField()
    remainder = models.BigIntegerField()
    per_day = models.BigIntegerField()
    denominator = models.BigIntegerField()
    from_day = models.BigIntegerField()
    last_day = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["award", "creditor"], name="owed_line_one_per_part"),
            models.CheckConstraint(
                condition=Q(remainder__gte=0) & Q(remainder__lt=F("denominator")) & Q(per_day__gte=0),
                name="owed_line_remainder_below_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"award {self.award_id}, creditor {self.creditor_id}: {self.outstanding:,} won + line"
