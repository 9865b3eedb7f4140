"""Letters: what the foundation writes to creditors (and donors), as PDF, in Korean, English or Japanese.

A :class:`LetterTemplate` is the editable wording of one kind of letter in one language. Editing it
adds a new version; no version is ever changed, so every stored :class:`Letter` names the exact wording
it was made from. The fixed parts of a letter (headings, the amount and its calculation, the
signature block) are ordinary Django templates translated through the catalogues; only the body text
is staff's to edit, in each language.

A :class:`Letter` is one letter sent: its PDF bytes, its template version, language, who sent it and
when. It is immutable: the model refuses to change or delete a stored letter.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    OFFER = "offer", _("Payment offer")
    CONSENT = "consent", _("Consent to payment by a third party")
    DECISION = "decision", _("Decision")
    RECEIPT = "receipt", _("Receipt")
    DEPOSIT_NOTICE = "deposit_notice", _("Notice of court deposit")
    DONOR_RECEIPT = "donor_receipt", _("Donation receipt")
    PORTAL_ACCESS = "portal_access", _("Portal access code")
    PROGRAMME_DECISION = "programme_decision", _("Decision on a support application")


class LetterTemplate(models.Model):
    """The body text of one kind of letter in one language, one row per version (never changed)."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text; a blank line starts a new paragraph. Placeholders such as {{ addressee }} "
            "are filled in; {% if %} … {% endif %} may choose between wordings."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "version"], name="letter_template_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language}) v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A letter template version is never changed: add a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A letter template version is never deleted: letters name it.")


class Letter(models.Model):
    """One letter sent, as sent: the PDF, the template version, the language, who and when."""

    claim = models.ForeignKey(
        "payments.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    # A decision on a support programme's application is about its file, not a judgment's claim.
    application_file = models.ForeignKey(
        "programme.ApplicationFile", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    addressee = models.CharField(_("addressee"), max_length=200)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            # Every letter is about one thing: a claim, an application's file, or (a receipt) a donation.
            models.CheckConstraint(
                condition=(Q(kind="donor_receipt") & Q(claim__isnull=True) & Q(application_file__isnull=True))
                | (Q(kind="programme_decision") & Q(claim__isnull=True) & Q(application_file__isnull=False))
                | (
                    ~Q(kind__in=["donor_receipt", "programme_decision"])
                    & Q(claim__isnull=False)
                    & Q(application_file__isnull=True)
                ),
                name="letter_about_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()} ({self.language})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A letter sent is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A letter sent is never deleted.")
