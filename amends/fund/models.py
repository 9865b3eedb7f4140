"""The fund: donors and their contributions, the double-entry ledger, and suits still pending (for the
forecast). Payment batches and the bank's statements are :mod:`amends.banking`'s.

**The ledger.** An :class:`Account` of the chart (:data:`amends.law.ledger.CHART`) carries no balance
of its own: balances are sums of :class:`Posting` rows, and only of posted entries. A
:class:`JournalEntry` is written as a draft, its postings added, then posted in the same transaction
(bulk posting writes the postings first and the entry born posted); the database itself (triggers,
migrations ``0002`` and ``0004``) refuses to post an entry whose debits and credits differ or that
has fewer than two postings, and refuses any change to a posted entry or its postings, and their
deletion. A mistake is corrected by a reversing entry (``reverses``), never by an edit.
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


class PendingSuit(models.Model):
    """A suit not yet decided, estimated for the forecast under the statutory rates (docs/law.md §2)."""

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
