"""Judgments: defendants, courts, cases with the ruling at each instance, awards and their creditors.

An :class:`Award` is what a final judgment orders a defendant to pay for one victim: a principal
(위자료, consolation money) and accrual terms for delay damages (지연손해금). The judgment names the
creditors who may claim it (the victim, or the heirs who continued the suit) with their shares.
"""

from fractions import Fraction

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from amends.audit.models import Proposal
from amends.judgments.validators import validate_case_number
from amends.law.interest import Accrual, Method


class Defendant(models.Model):
    """A company ordered to pay (피고): named in Korean, Japanese and English."""

    key = models.SlugField(unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    formerly = models.CharField(_("former names"), max_length=300, blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return f"{self.name_ko} ({self.name_en})"


class Court(models.Model):
    class Level(models.TextChoices):
        SUPREME = "supreme", _("Supreme Court")
        HIGH = "high", _("High Court")
        DISTRICT = "district", _("District Court")

    name_ko = models.CharField(_("name (Korean)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    level = models.CharField(max_length=10, choices=Level.choices)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_ko if get_language() == "ko" else self.name_en


class Case(models.Model):
    """A suit, known by the number of its final ruling (e.g. 2013다61381)."""

    number = models.CharField(max_length=30, unique=True, validators=[validate_case_number])
    number_confirmed = models.BooleanField(
        default=True, help_text=_("Unset where no source confirms the case number; pages say so.")
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(max_length=200, blank=True)
    filed_on = models.DateField(null=True, blank=True)
    final_ruling_on = models.DateField(_("final ruling"), null=True, blank=True)
    defendants = models.ManyToManyField(Defendant, related_name="cases")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-final_ruling_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True)
                | Q(final_ruling_on__isnull=True)
                | Q(final_ruling_on__gte=F("filed_on")),
                name="case_ruling_not_before_filing",
                violation_error_message=_("The final ruling is dated before the suit was filed."),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Ruling(models.Model):
    """The ruling of one instance in a case: first instance, appeal, Supreme Court, remand."""

    class Instance(models.IntegerChoices):
        FIRST = 1, _("first instance")
        APPEAL = 2, _("appeal")
        SUPREME = 3, _("Supreme Court")
        REMAND = 4, _("appeal on remand")
        SUPREME_AGAIN = 5, _("Supreme Court, after remand")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rulings")
    instance = models.PositiveSmallIntegerField(choices=Instance.choices)
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="rulings")
    number = models.CharField(max_length=30, validators=[validate_case_number])
    decided_on = models.DateField()
    argument_closed_on = models.DateField(
        null=True, blank=True, help_text=_("Close of argument (변론종결): decides the statutory rate.")
    )

    class Meta:
        ordering = ["decided_on", "instance"]
        constraints = [
            models.UniqueConstraint(fields=["case", "instance"], name="ruling_one_per_instance"),
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.number} ({self.decided_on})"


class Award(models.Model):
    """What the judgment orders paid for one victim: principal plus delay damages."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="awards")
    victim = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="awards")
    principal = models.BigIntegerField(help_text=_("In won."))
    method = models.CharField(
        max_length=10,
        choices=[
            (Method.PERIOD.value, _("period method (기간식)")),
            (Method.DAYS.value, _("day method (총일수식)")),
        ],
        default=Method.PERIOD.value,
    )
    terms_assumed = models.BooleanField(
        default=False,
        help_text=_("The accrual terms are an assumption, not confirmed from the judgment; pages say so."),
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "victim"], name="award_one_per_victim_and_case"),
            models.CheckConstraint(
                condition=Q(principal__gte=0),
                name="award_principal_not_negative",
                violation_error_message=_("The principal must not be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.victim}"

    def accrual_terms(self) -> list[Accrual]:
        """The award's accrual terms as the calculation core takes them (uses prefetched rows)."""
        return [Accrual(term.starts_on, Fraction(term.rate)) for term in self.accruals.all()]


class AccrualTerm(models.Model):
    """``rate`` a year from ``starts_on``, running until the next term starts or until paid."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="accruals")
    starts_on = models.DateField()
    rate = models.DecimalField(
        max_digits=7,
        decimal_places=5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("A year, as a decimal: 0.20 is 20 %."),
    )

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["award", "starts_on"], name="accrual_one_per_start"),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=1),
                name="accrual_rate_between_0_and_1",
                violation_error_message=_("The rate must be between 0 and 1 (0.20 is 20 % a year)."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(rate)s %% a year from %(start)s") % {
            "rate": f"{self.rate * 100:g}",
            "start": self.starts_on,
        }


class Creditor(models.Model):
    """A person the judgment entitles to a share of an award (채권자): the victim or an heir."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="creditors")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="credits")
    # An heir of a creditor who died after the judgment: their part of that creditor's claim
    # (amends.law.parts). ``share`` is then their share of the whole award; 0 for an heir who renounced.
    succeeds = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="successors"
    )
    share_numerator = models.PositiveIntegerField(default=1)
    share_denominator = models.PositiveIntegerField(default=1)

    class Relation(models.TextChoices):
        """How the creditor stands to the victim."""

        VICTIM = "victim", _("the victim")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        GRANDCHILD = "grandchild", _("grandchild")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("sibling")
        OTHER = "other", _("other relative")
        HEIR = "heir", _("heir of a creditor")

    relation = models.CharField(max_length=20, choices=Relation.choices, default=Relation.VICTIM)

    class Meta:
        ordering = ["award", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "person"], condition=Q(succeeds__isnull=True), name="creditor_once_per_award"
            ),
            models.UniqueConstraint(fields=["succeeds", "person"], name="heir_once_per_creditor"),
            models.CheckConstraint(
                condition=(Q(share_numerator__gt=0) | Q(succeeds__isnull=False))
                & Q(share_denominator__gt=0)
                & Q(share_numerator__lte=F("share_denominator")),
                name="creditor_share_between_0_and_1",
                violation_error_message=_("A share must be greater than 0 and at most 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.share})"

    @property
    def share(self) -> Fraction:
        return Fraction(self.share_numerator, self.share_denominator)


class Correction(Proposal):
    """A correction of what an award owes and to whom (issue 15): its principal, one accrual term's
    start or rate, or the shares of the creditors the judgment names (all of them at once, so that
    they still sum to 1). One person proposes it, with the reason and the document it rests on; a
    different person with the legal-reviewer role applies it or refuses it (four eyes: the service
    refuses self-approval, and the ``correction_four_eyes`` constraint refuses it again).

    ``before`` holds the values as on record when proposed (applying refuses if they changed since),
    ``after`` the values it sets, as plain JSON: ``{"principal": 90000000}``,
    ``{"starts_on": "2015-05-13", "rate": "0.05"}``, ``{"shares": {"<creditor id>": "1/3", ...}}``.
    """

    class Kind(models.TextChoices):
        PRINCIPAL = "principal", _("principal")
        ACCRUAL = "accrual", _("accrual term")
        SHARES = "shares", _("creditors' shares")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPLIED = "applied", _("applied")
        REFUSED = "refused", _("refused")

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(_("what is corrected"), max_length=10, choices=Kind.choices)
    accrual = models.ForeignKey(
        AccrualTerm, on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    before = models.JSONField(_("on record when proposed"))
    after = models.JSONField(_("corrected to"))
    reason = models.TextField(_("reason"))
    document = models.ForeignKey("registry.Document", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)

    class Meta(Proposal.Meta):
        constraints = [
            *Proposal.four_eyes_constraints(
                "correction", self_decision=_("Whoever proposed a correction cannot approve or refuse it.")
            ),
            models.CheckConstraint(
                condition=Q(kind="accrual", accrual__isnull=False)
                | (~Q(kind="accrual") & Q(accrual__isnull=True)),
                name="correction_accrual_names_its_term",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.award} [{self.get_status_display()}]"
