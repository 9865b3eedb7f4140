"""The fund: donors and their contributions, the double-entry ledger, payment batches to the bank and
the bank's statements back, and suits still pending (for the forecast).

**The ledger.** An :class:`Account` of the chart (:data:`amends.law.ledger.CHART`) carries no balance
of its own: balances are sums of :class:`Posting` rows, and only of posted entries. A
:class:`JournalEntry` is written as a draft, its postings added, then posted in the same transaction;
the database itself (triggers, migration ``0002``) refuses to post an entry whose debits and credits
differ or that has fewer than two postings, and refuses any change to a posted entry or its postings,
and their deletion. A mistake is corrected by a reversing entry (``reverses``), never by an edit.

**Batches.** Approved payment proposals go into a :class:`PaymentBatch` (at most one batch each: a
unique constraint), which becomes a pain.001.001.09 file and a CSV. A batch is executed on the day
its payments were approved for (their amounts hold delay damages to that day), and is created by a
finance officer other than whoever recorded a payee's bank account (:class:`PayeeAccount`
``recorded_by``). Each line of the bank's statement is stored once as a :class:`StatementLine` under
its identity (the bank's reference, or a hash of the line and its place in the file): importing the
same statement again finds every line already there and changes nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Donor(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        ASSOCIATION = "association", _("association")
        INDIVIDUAL = "individual", _("individual")
        PUBLIC = "public", _("public body")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPANY)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """A donor's pledge (a promise: no money yet, not in the ledger) or receipt (money in the bank,
    posted: bank / contributions). An undisclosed pledge has no amount."""

    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("pledge")
        RECEIPT = "receipt", _("receipt")

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.BigIntegerField(_("amount"), null=True, blank=True)
    on = models.DateField(_("date"))
    restricted = models.BooleanField(_("restricted use"), default=False)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    pledge = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipts",
        limit_choices_to={"kind": "pledge"},
        help_text=_("The pledge this receipt fulfils, if any."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="contribution_amount_positive",
                violation_error_message=_("A contribution must be of more than 0 won."),
            ),
            models.CheckConstraint(
                condition=Q(kind="pledge") | Q(amount__isnull=False),
                name="receipt_has_amount",
                violation_error_message=_("A receipt needs its amount."),
            ),
            models.CheckConstraint(
                condition=~Q(restricted=True) | ~Q(purpose=""),
                name="restricted_has_purpose",
                violation_error_message=_("Say what a restricted contribution may be used for."),
            ),
        ]

    def __str__(self) -> str:
        amount = f"{self.amount:,} won" if self.amount is not None else _("amount not disclosed")
        return f"{self.donor} {self.get_kind_display()} {amount} ({self.on})"


class Account(models.Model):
    """An account of the chart; its balance is derived from postings (never stored)."""

    class Kind(models.TextChoices):
        ASSET = "asset", _("asset")
        LIABILITY = "liability", _("liability")
        EQUITY = "equity", _("net assets")
        INCOME = "income", _("income")
        EXPENSE = "expense", _("expense")

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class JournalEntry(models.Model):
    """A journal entry: balanced postings, immutable once ``posted`` (the database refuses changes).

    ``source`` names the event that made it (``payment:12``, ``contribution:3``), unique, so an event
    posts once; ``reverses`` the entry a correction cancels (once)."""

    posted_on = models.DateField(_("date"))
    memo = models.CharField(_("memo"), max_length=300)
    source = models.CharField(_("source"), max_length=60, unique=True, null=True, blank=True)
    posted = models.BooleanField(_("posted"), default=False)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["posted_on", "id"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"#{self.pk} {self.posted_on} {self.memo}"


class Posting(models.Model):
    """One line of an entry: a debit or a credit (exactly one of them positive) to one account."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    debit = models.BigIntegerField(_("debit"), default=0)
    credit = models.BigIntegerField(_("credit"), default=0)

    class Meta:
        ordering = ["entry_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="posting_one_side",
                violation_error_message=_("A posting is a debit or a credit of more than 0 won."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account.code} Dr {self.debit:,} Cr {self.credit:,}"


class PayeeAccount(models.Model):
    """The bank account a creditor gave for the payment (the claim's bank-account document)."""

    creditor = models.OneToOneField(
        "judgments.Creditor", on_delete=models.PROTECT, related_name="payee_account"
    )
    holder = models.CharField(_("account holder"), max_length=140)
    bank_code = models.CharField(_("bank code"), max_length=11, help_text=_("e.g. 004 for KB Kookmin"))
    bank_name = models.CharField(_("bank"), max_length=140)
    account_number = models.CharField(_("account number"), max_length=34)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.holder} {self.bank_name} {self.account_number}"


class PaymentBatch(models.Model):
    """Approved payments sent to the bank together, as one pain.001 message (``reference`` = MsgId)."""

    reference = models.CharField(_("reference"), max_length=35, unique=True)
    execution_on = models.DateField(_("requested execution date"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class BatchItem(models.Model):
    """One credit transfer of a batch: an approved proposal, with the payee's account as sent."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="items")
    proposal = models.OneToOneField(
        "payments.PaymentProposal", on_delete=models.PROTECT, related_name="batch_item"
    )
    end_to_end_id = models.CharField(_("end-to-end reference"), max_length=35, unique=True)
    amount = models.BigIntegerField(_("amount"))
    holder = models.CharField(max_length=140)
    bank_code = models.CharField(max_length=11)
    bank_name = models.CharField(max_length=140)
    account_number = models.CharField(max_length=34)

    class Meta:
        ordering = ["batch_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="batch_item_positive")]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} {self.amount:,}"


class Statement(models.Model):
    """A bank statement as imported (camt.053 or CSV); imported again, it adds nothing."""

    identity = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.filename or self.identity[:12]


class StatementLine(models.Model):
    """A line of the bank's statement, stored once under its ``identity``; matched to a batch item
    (and the payment it confirmed) or left with the reason it does not match."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("matched")
        UNMATCHED = "unmatched", _("does not match")

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    identity = models.CharField(max_length=64, unique=True)
    booked_on = models.DateField(_("booked on"))
    amount = models.BigIntegerField(_("amount"))
    debit = models.BooleanField(_("debit"), default=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    end_to_end_id = models.CharField(_("end-to-end reference"), max_length=35, blank=True)
    item = models.OneToOneField(
        BatchItem, on_delete=models.PROTECT, null=True, blank=True, related_name="statement_line"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["statement_id", "id"]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount:,} {self.end_to_end_id} [{self.status}]"


class PendingSuit(models.Model):
    """A suit not yet decided, estimated for the forecast under the statutory rates (LAW.md §2)."""

    title = models.CharField(_("title"), max_length=200)
    victims = models.PositiveIntegerField(_("victims"))
    award_per_victim = models.BigIntegerField(_("estimated award per victim"))
    filed_on = models.DateField(_("filed on"), help_text=_("Civil Act rate (5 %) from this date."))
    first_instance_on = models.DateField(
        _("first-instance judgment"),
        null=True,
        blank=True,
        help_text=_("The special rate runs from the day after; empty: from the expected decision."),
    )
    argument_closed_on = models.DateField(_("first-instance argument closed"), null=True, blank=True)
    expected_decision_on = models.DateField(_("expected final decision"))

    class Meta:
        ordering = ["expected_decision_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(award_per_victim__gt=0), name="pending_award_positive")
        ]

    def __str__(self) -> str:
        return self.title
