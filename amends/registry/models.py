"""People and their families: victims, heirs and other creditors, and the documents that prove them.

Victims of forced mobilisation appear in records under their Korean name in Hangul and Hanja, under
the Japanese-style name they were made to adopt (창씨개명) in kanji with its Japanese reading, and in
romanisations of either. Each is kept as written; search looks at all of them.

Who inherits an award depends on the family as it stood at each death: parent–child links,
marriages with their dates, deaths, household-register facts (호주, 출가) and renunciations
(상속포기). Each such fact can carry the document that proves it (가족관계증명서, 기본증명서,
제적등본); :mod:`amends.law.succession` computes the shares from them.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from amends.audit.models import Proposal
from amends.core.crypto import EncryptedCharField, KeyedHashField, encrypted_storage, mask_rrn
from amends.linkage.search import person_search_key
from amends.registry.validators import (
    canonical_rrn,
    validate_marriage,
    validate_parent_child,
    validate_rrn,
)


class Document(models.Model):
    """A certificate or transcript uploaded as evidence of family facts. The file is stored encrypted
    under a random name (:class:`amends.core.crypto.EncryptedFileSystemStorage`); only caseworkers and
    legal reviewers download it."""

    class Kind(models.TextChoices):
        FAMILY_RELATION = "family_relation", _("family relation certificate (가족관계증명서)")
        BASIC = "basic", _("basic certificate (기본증명서)")
        REMOVED_REGISTER = "removed_register", _("removed-register transcript (제적등본)")
        RENUNCIATION = "renunciation", _("court acceptance of renunciation (상속포기 심판)")
        OTHER = "other", _("other document")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issued_on = models.DateField(_("issued on"))
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", storage=encrypted_storage)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.issued_on})"


# A person's names, in every script they are recorded in; search looks at all of them (search_key).
NAME_FIELDS = ("name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized")


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    name_hangul = models.CharField(_("name (Hangul)"), max_length=100)
    name_hanja = models.CharField(_("name (Hanja)"), max_length=100, blank=True)
    name_japanese = models.CharField(
        _("Japanese-style name (kanji)"),
        max_length=100,
        blank=True,
        help_text=_("The name the person was made to adopt (창씨개명), as written in kanji."),
    )
    name_japanese_reading = models.CharField(_("Japanese reading (kana)"), max_length=100, blank=True)
    name_romanized = models.CharField(_("romanised name"), max_length=100, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)
    death_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="deaths"
    )
    household_head = models.BooleanField(
        _("household head"),
        default=False,
        help_text=_("Headed a household (호주) at death; matters before 1991."),
    )
    household_head_heir = models.BooleanField(
        _("household-head heir"),
        default=False,
        help_text=_("Succeeded a deceased parent as household head (호주상속인); matters before 1991."),
    )
    married_out = models.BooleanField(
        _("married out"),
        default=False,
        help_text=_(
            "A daughter no longer in her parent's household register (출가녀) when the parent died; "
            "matters before 1991."
        ),
    )
    notes = models.TextField(blank=True)
    # Optional, entered only when a document gives it: encrypted at rest, found by its keyed hash
    # (amends.registry.selectors.people_by_rrn), masked on pages and in audit events (900101-1******).
    rrn = EncryptedCharField(
        _("resident registration number (주민등록번호)"),
        max_length=14,
        blank=True,
        validators=[validate_rrn],
        mask=mask_rrn,
    )
    rrn_hash = KeyedHashField(of="rrn")
    # Search (issue 17): every name form folded to the words search matches (amends.linkage.search),
    # kept by save() so that a query is matched by the database, never by reading every person. On
    # PostgreSQL a trigram index serves it (migration 0005).
    search_key = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_hangul", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True)
                | Q(death_date__isnull=True)
                | Q(death_date__gte=F("birth_date")),
                name="person_death_not_before_birth",
                violation_error_message=_("The date of death is before the date of birth."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_hangul} ({self.name_hanja})" if self.name_hanja else self.name_hangul

    def save(self, *args, **kwargs):
        # One stored form, so that the keyed hash of a number typed with or without its hyphen agrees.
        if self.rrn:
            self.rrn = canonical_rrn(self.rrn)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "rrn" in update_fields:
            kwargs["update_fields"] = update_fields = {*update_fields, "rrn_hash"}
        self.search_key = person_search_key(**{name: getattr(self, name) for name in NAME_FIELDS})
        if update_fields is not None and set(update_fields) & set(NAME_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def is_deceased(self) -> bool:
        return self.death_date is not None


class ParentChild(models.Model):
    """A parent–child link (친자관계), as the family register shows it."""

    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parent_links")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="parent_child_once"),
            models.CheckConstraint(
                condition=~Q(parent=F("child")),
                name="parent_child_not_self",
                violation_error_message=_("A person cannot be their own parent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"

    def clean(self) -> None:
        if self.parent_id and self.child_id:
            validate_parent_child(parent=self.parent, child=self.child, exclude_pk=self.pk)


class Marriage(models.Model):
    """A marriage from ``started_on`` until ``ended_on`` (divorce), or until a spouse died."""

    spouse_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    spouse_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField(_("married on"))
    ended_on = models.DateField(_("divorced on"), null=True, blank=True)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["started_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(spouse_a=F("spouse_b")),
                name="marriage_two_people",
                violation_error_message=_("A marriage needs two different people."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="marriage_ends_after_it_starts",
                violation_error_message=_("A marriage must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spouse_a} ⚭ {self.spouse_b} ({self.started_on})"

    def clean(self) -> None:
        if self.spouse_a_id and self.spouse_b_id and self.started_on:
            validate_marriage(
                spouse_a=self.spouse_a,
                spouse_b=self.spouse_b,
                started_on=self.started_on,
                ended_on=self.ended_on,
                exclude_pk=self.pk,
            )


class Renunciation(models.Model):
    """An heir's renunciation (상속포기) of one decedent's estate, accepted by the family court."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="renunciations")
    estate_of = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="renounced_by")
    accepted_on = models.DateField(_("accepted on"))
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "estate_of"], name="renunciation_once_per_estate"),
            models.CheckConstraint(
                condition=~Q(person=F("estate_of")),
                name="renunciation_not_own_estate",
                violation_error_message=_("A person cannot renounce their own estate."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} renounces {self.estate_of}"


class DeathReport(Proposal):
    """A death reported for the record, or a recorded date of death corrected (issue 15): one person
    proposes it (``previous`` is the date on record then, ``None`` for a first recording), and a
    different person with the legal-reviewer role confirms it, which records the death and hands the
    person's claims to their heirs (``amends.payments.corrections.death_confirm``), or refuses it. Four
    eyes: the service refuses self-confirmation and ``death_report_four_eyes`` refuses it again."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="death_reports")
    died_on = models.DateField(_("date of death"))
    previous = models.DateField(_("date on record when proposed"), null=True, blank=True)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)

    class Meta(Proposal.Meta):
        constraints = [
            *Proposal.four_eyes_constraints(
                "death_report", self_decision=_("Whoever reported a death cannot confirm or refuse it.")
            ),
            # A correction of a recorded date says why (a first recording rests on its certificate).
            models.CheckConstraint(
                condition=Q(previous__isnull=True) | ~Q(reason=""), name="death_correction_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.died_on} [{self.get_status_display()}]"
