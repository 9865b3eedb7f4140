"""The support programme's application files (issue 16): an application (:mod:`amends.rosters`) tied
to a person in the registry (:mod:`amends.registry`) and carried to an eligibility decision, with its
own small lifecycle (:mod:`amends.law.applications`), apart from a judgment creditor's claim
(:mod:`amends.payments`).

It sits on the payments floor, above both registry and rosters, which may not import each other. One
row per application holds each step's who, when and why; the steps themselves are audit events.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amends.audit.models import four_eyes
from amends.law.applications import State
from amends.registry.models import Person
from amends.rosters.models import Application, CandidatePair, EarlierPayment

_USER = {"null": True, "blank": True, "on_delete": models.PROTECT, "related_name": "+"}


class ApplicationFile(models.Model):
    class Proposal(models.TextChoices):
        ELIGIBLE = "eligible", _("eligible")
        REFUSED = "refused", _("not eligible")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="programme_file", verbose_name=_("application")
    )
    state = models.CharField(_("state"), max_length=30, default=State.RECEIVED)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The accepted candidate pair the link followed, if it followed one (a caseworker may link by hand).
    pair = models.ForeignKey(
        CandidatePair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    linked_at = models.DateTimeField(null=True, blank=True)

    proposal = models.CharField(_("proposal"), max_length=10, choices=Proposal.choices, blank=True)
    proposal_reasons = models.TextField(_("reasons of the proposal"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    proposed_at = models.DateTimeField(null=True, blank=True)

    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)

    objection_filed_on = models.DateField(_("objection filed on"), null=True, blank=True)
    objection = models.TextField(_("objection"), blank=True)
    objection_filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    objection_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    objection_decided_on = models.DateField(_("objection decided on"), null=True, blank=True)
    objection_reasons = models.TextField(_("reasons of the objection's decision"), blank=True)

    # A reviewer's clearing of the application's flags: the flags as they stood when cleared, so that a
    # flag raised later (another duplicate, another earlier payment) blocks again.
    flag_cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, **_USER)
    flag_cleared_at = models.DateTimeField(null=True, blank=True)
    flag_cleared_reason = models.TextField(_("why the flag is cleared"), blank=True)
    cleared_duplicate_of = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_earlier_payment = models.ForeignKey(
        EarlierPayment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("application file")
        ordering = ["-id"]
        constraints = [
            # Four eyes, again in the database: whoever proposed cannot decide; whoever refused cannot
            # decide the objection against their refusal.
            four_eyes(
                "decided_by",
                "proposed_by",
                name="application_file_four_eyes",
                message=_("Whoever proposed the eligibility cannot decide it."),
            ),
            four_eyes(
                "objection_decided_by",
                "decided_by",
                name="application_objection_four_eyes",
                message=_("Whoever refused the application cannot decide the objection."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.ref} ({self.state})"

    @property
    def flag_open(self) -> bool:
        """A flag on the application that no reviewer has cleared as it now stands."""
        application = self.application
        return (
            application.duplicate_of_id is not None
            and application.duplicate_of_id != self.cleared_duplicate_of_id
        ) or (
            application.earlier_payment_id is not None
            and application.earlier_payment_id != self.cleared_earlier_payment_id
        )
