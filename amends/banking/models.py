"""Banking: where the foundation's money leaves and how the bank says it left.

A creditor's :class:`PayeeAccount` is the account they gave for the payment. Approved payment
proposals go into a :class:`PaymentBatch` (at most one batch each: a unique constraint), which becomes
a pain.001.001.09 file and a CSV. A batch is executed on the day its payments were approved for (their
amounts hold delay damages to that day), and is created by a finance officer other than whoever
recorded a payee's bank account (``recorded_by``). Each line of the bank's statement is stored once as
a :class:`StatementLine` under its identity (the bank's reference, or a hash of the line and its place
in the file): importing the same statement again finds every line already there and changes nothing.

These models lived in the fund app until the fund and banking were separated; migration ``0001``
takes them over and renames their tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amends.core.crypto import EncryptedCharField, mask_account


class PayeeAccount(models.Model):
    """The bank account a creditor gave for the payment (the claim's bank-account document)."""

    creditor = models.OneToOneField(
        "judgments.Creditor", on_delete=models.PROTECT, related_name="payee_account"
    )
    holder = models.CharField(_("account holder"), max_length=140)
    bank_code = models.CharField(
        _("bank code"), max_length=11, blank=True, help_text=_("e.g. 004 for KB Kookmin")
    )
    bank_name = models.CharField(_("bank"), max_length=140, blank=True)
    # The account number and IBAN are personal data, encrypted at rest (amends.core.crypto): pages and
    # audit events show them masked; a finance officer reveals one when needed, and that is audited.
    account_number = EncryptedCharField(_("account number"), max_length=34, blank=True)
    # A payee abroad (an heir living in Japan, say) is paid by IBAN (or the account number) and BIC,
    # under their name in Latin letters, as a payment crossing borders must carry it.
    iban = EncryptedCharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    romanised_name = models.CharField(_("name in Latin letters"), max_length=140, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.holder} {self.bank_name} {mask_account(self.account_number or self.iban)}"


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
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")

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
    # As sent to the bank, encrypted at rest like the payee's account it was copied from.
    account_number = EncryptedCharField(max_length=34)
    iban = EncryptedCharField(max_length=34, blank=True)
    bic = models.CharField(max_length=11, blank=True)
    romanised_name = models.CharField(max_length=140, blank=True)

    class Meta:
        ordering = ["batch_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="batch_item_positive")]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} {self.amount:,}"


class Statement(models.Model):
    """A bank statement as imported (camt.053 or CSV); imported again, it adds nothing."""

    identity = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=200, blank=True)
    # The account the statement is of (camt ``Stmt/Acct``), the format it was read as (a camt version
    # or a CSV profile), and how many of its lines were on record already from an earlier file.
    account = models.CharField(_("account"), max_length=34, blank=True)
    profile = models.CharField(_("format"), max_length=20, blank=True)
    duplicates = models.PositiveIntegerField(_("lines already on record"), default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.filename or self.identity[:12]


class StatementLine(models.Model):
    """A line of the bank's statement, stored once under its ``identity``, with what it did: it
    confirmed a batch item's payment (``matched``), brought one back (``returned``), waits to be
    booked (``pending``), or moved nothing, with the reason (``unmatched``, or ``error`` when the line
    itself could not be read). A batch item has at most one matching line and one returning line."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("matched")
        RETURNED = "returned", _("returned")
        PENDING = "pending", _("pending")
        UNMATCHED = "unmatched", _("does not match")
        ERROR = "error", _("unreadable")

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    identity = models.CharField(max_length=64, unique=True)
    position = models.PositiveIntegerField(_("line"), default=0)
    booked_on = models.DateField(_("booked on"), null=True, blank=True)
    value_on = models.DateField(_("value date"), null=True, blank=True)
    amount = models.BigIntegerField(_("amount"), null=True, blank=True)
    debit = models.BooleanField(_("debit"), default=True)
    account = models.CharField(_("account"), max_length=34, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    end_to_end_id = models.CharField(_("end-to-end reference"), max_length=35, blank=True)
    text = models.CharField(_("text"), max_length=300, blank=True)
    return_reason = models.CharField(_("return reason"), max_length=200, blank=True)
    item = models.ForeignKey(
        BatchItem, on_delete=models.PROTECT, null=True, blank=True, related_name="statement_lines"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["statement_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="matched"), name="statement_line_matches_once"
            ),
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="returned"), name="statement_line_returns_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount or 0:,} {self.end_to_end_id} [{self.status}]"
