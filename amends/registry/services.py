"""Writes for the registry: family facts, each checked, each in one transaction, or nothing.

Each write appends its audit event in the same transaction; ``by`` is the user acting, ``None`` for
the system.
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, audited_create, proposal_decidable, proposal_decided, snapshot
from amends.core.roles import CASEWORKER, LEGAL_REVIEWER, check_actor, require_role
from amends.registry.models import DeathReport, Document, Marriage, ParentChild, Person, Renunciation
from amends.registry.validators import validate_parent_child

PERSON_FIELDS = [
    "name_hangul",
    "name_hanja",
    "name_japanese",
    "name_japanese_reading",
    "name_romanized",
    "sex",
    "birth_date",
    "death_date",
    "household_head",
    "household_head_heir",
    "married_out",
]


@transaction.atomic
def person_create(*, by: User | None, **fields) -> Person:
    """Register a person; ``fields`` are Person's (names, sex, dates, household facts, notes)."""
    check_actor(by, CASEWORKER)
    person = Person(**fields)
    audited_create(person, by=by, action="person.create", fields=PERSON_FIELDS)
    return person


@transaction.atomic
def document_upload(
    *, by: User | None, kind: str, issued_on: date, file: UploadedFile, description: str = ""
) -> Document:
    check_actor(by, CASEWORKER)
    document = Document(kind=kind, issued_on=issued_on, file=file, description=description)
    audited_create(
        document, by=by, action="document.upload", fields=["kind", "issued_on", "file", "description"]
    )
    return document


@transaction.atomic
def parent_child_link(
    *, by: User | None, parent: Person, child: Person, document: Document | None = None
) -> ParentChild:
    check_actor(by, CASEWORKER)
    # Lock the child's links so that two links recorded at once cannot both pass the checks.
    list(ParentChild.objects.select_for_update().filter(child=child))
    validate_parent_child(parent=parent, child=child)
    link, created = ParentChild.objects.get_or_create(
        parent=parent, child=child, defaults={"document": document}
    )
    if created:
        audit_append(
            actor=by,
            action="parent_child.create",
            subject=link,
            after=snapshot(link, ["parent", "child", "document"]),
        )
    return link


@transaction.atomic
def marriage_record(
    *,
    by: User | None,
    spouse_a: Person,
    spouse_b: Person,
    started_on: date,
    ended_on: date | None = None,
    document: Document | None = None,
) -> Marriage:
    """Record a marriage; refuses one that overlaps another marriage of either spouse."""
    check_actor(by, CASEWORKER)
    # Lock both spouses' marriages so that two marriages recorded at once cannot overlap.
    list(
        Marriage.objects.select_for_update().filter(
            Q(spouse_a__in=[spouse_a, spouse_b]) | Q(spouse_b__in=[spouse_a, spouse_b])
        )
    )
    marriage = Marriage(
        spouse_a=spouse_a, spouse_b=spouse_b, started_on=started_on, ended_on=ended_on, document=document
    )
    # runs validate_marriage through Marriage.clean()
    audited_create(
        marriage,
        by=by,
        action="marriage.create",
        fields=["spouse_a", "spouse_b", "started_on", "ended_on", "document"],
    )
    return marriage


@transaction.atomic
def person_record_death(
    *, by: User | None, person: Person, died_on: date, document: Document | None = None
) -> Person:
    """Record that ``person`` died on ``died_on`` (사망). A recorded death is not overwritten here."""
    check_actor(by, CASEWORKER)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.death_date is not None:
        raise ValidationError(
            {
                "died_on": _("The death of %(person)s is already recorded (%(date)s).")
                % {"person": person, "date": person.death_date}
            }
        )
    if died_on > timezone.localdate():
        raise ValidationError({"died_on": _("The date of death is in the future.")})
    if person.birth_date and died_on < person.birth_date:
        raise ValidationError({"died_on": _("The date of death is before the date of birth.")})
    before = snapshot(person, ["death_date", "death_document"])
    person.death_date = died_on
    person.death_document = document
    person.save(update_fields=["death_date", "death_document", "updated_at"])
    audit_append(
        actor=by,
        action="person.record_death",
        subject=person,
        before=before,
        after=snapshot(person, ["death_date", "death_document"]),
    )
    return person


@transaction.atomic
def renunciation_record(
    *, by: User | None, person: Person, estate_of: Person, accepted_on: date, document: Document | None = None
) -> Renunciation:
    """Record ``person``'s renunciation of ``estate_of``'s estate (상속포기), as the court accepted it."""
    check_actor(by, CASEWORKER)
    if person.pk == estate_of.pk:
        raise ValidationError({"estate_of": _("A person cannot renounce their own estate.")})
    if estate_of.death_date is None:
        raise ValidationError(
            {
                "estate_of": _("%(person)s has not died: there is no estate to renounce.")
                % {"person": estate_of}
            }
        )
    if accepted_on < estate_of.death_date:
        raise ValidationError({"accepted_on": _("A renunciation cannot be accepted before the death.")})
    if Renunciation.objects.filter(person=person, estate_of=estate_of).exists():
        raise ValidationError({"estate_of": _("This renunciation is already recorded.")})
    renunciation = Renunciation.objects.create(
        person=person, estate_of=estate_of, accepted_on=accepted_on, document=document
    )
    audit_append(
        actor=by,
        action="renunciation.create",
        subject=renunciation,
        after=snapshot(renunciation, ["person", "estate_of", "accepted_on", "document"]),
    )
    return renunciation


# -- deaths, four eyes (issue 15) ----------------------------------------------------------------------
#
# A death is reported (or a recorded date corrected) by a caseworker
# (:func:`death_propose`) and confirmed by a different legal reviewer
# (``amends.payments.corrections.death_confirm``, which records it and hands the claims on) or refused
# (:func:`death_refuse`).

DEATH_REPORT_FIELDS = ["person", "died_on", "previous", "document", "reason", "proposed_by"]


def _check_death_date(person: Person, died_on: date) -> None:
    if died_on > timezone.localdate():
        raise ValidationError({"died_on": _("The date of death is in the future.")})
    if person.birth_date and died_on < person.birth_date:
        raise ValidationError({"died_on": _("The date of death is before the date of birth.")})


# The page checks a date of death before it previews what recording it would change (issue 17).
check_death_date = _check_death_date


@transaction.atomic
def death_propose(
    *, by: User, person: Person, died_on: date, document: Document | None = None, reason: str = ""
) -> DeathReport:
    """Report ``person``'s death on ``died_on``, or, if a death is on record, propose that its date be
    ``died_on`` (a correction says why and rests on a document). Nothing is recorded until a different
    legal reviewer confirms it."""
    # A caseworker's step, as recording a death always was: the confirmation records it in the
    # reporter's name (the lifecycle names the caseworker for handing a claim on).
    require_role(by, CASEWORKER)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_death_date(person, died_on)
    reason = (reason or "").strip()
    if person.death_date is not None:
        if died_on == person.death_date:
            raise ValidationError(
                {
                    "died_on": _("The death of %(person)s is already recorded (%(date)s).")
                    % {"person": person, "date": person.death_date}
                }
            )
        if not reason:
            raise ValidationError({"reason": _("Say why the recorded date of death is corrected.")})
        if document is None:
            raise ValidationError({"document": _("Give the document the corrected date rests on.")})
    if person.death_reports.filter(status=DeathReport.Status.PROPOSED).exists():
        raise ValidationError(
            {"died_on": _("A report of this death awaits a legal reviewer: confirm or refuse it first.")}
        )
    report = DeathReport.objects.create(
        person=person,
        died_on=died_on,
        previous=person.death_date,
        document=document,
        reason=reason,
        proposed_by=by,
    )
    audit_append(
        actor=by, action="death_report.propose", subject=report, after=snapshot(report, DEATH_REPORT_FIELDS)
    )
    return report


def death_decidable(*, report: DeathReport, by: User | None) -> DeathReport:
    """The report, locked, if ``by`` may decide it: a legal reviewer who did not report it, and it is
    still proposed."""
    require_role(by, LEGAL_REVIEWER)
    return proposal_decidable(
        report,
        by=by,
        self_decision=_("Whoever reported a death cannot confirm or refuse it."),
        already=_("This report is already %(status)s."),
        field="report",
    )


def death_decided(report: DeathReport, *, by: User, status: str, refusal: str = "") -> None:
    """Close the report as ``status`` by ``by``, with its audit event (in the caller's transaction)."""
    confirmed = status == DeathReport.Status.CONFIRMED
    action = "death_report.confirm" if confirmed else "death_report.refuse"
    proposal_decided(report, by=by, status=status, action=action, refusal=refusal)


@transaction.atomic
def death_refuse(*, by: User, report: DeathReport, reason: str) -> DeathReport:
    """A legal reviewer other than its reporter refuses the report, saying why; nothing else changes."""
    report = death_decidable(report=report, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"refusal": _("Say why the report is refused.")})
    death_decided(report, by=by, status=DeathReport.Status.REFUSED, refusal=reason)
    return report


@transaction.atomic
def person_correct_death(
    *, by: User | None, person: Person, died_on: date, document: Document | None = None
) -> Person:
    """Change the recorded date of ``person``'s death: the applying step of a confirmed report
    (``amends.payments.corrections.death_confirm``), which then brings the heirs' shares up to date."""
    check_actor(by, CASEWORKER)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.death_date is None:
        raise ValidationError({"died_on": _("No death of %(person)s is on record.") % {"person": person}})
    _check_death_date(person, died_on)
    before = snapshot(person, ["death_date", "death_document"])
    person.death_date = died_on
    person.death_document = document or person.death_document
    person.save(update_fields=["death_date", "death_document", "updated_at"])
    audit_append(
        actor=by,
        action="person.correct_death",
        subject=person,
        before=before,
        after=snapshot(person, ["death_date", "death_document"]),
    )
    return person


@transaction.atomic
def person_rrn_record(*, by: User | None, person: Person, rrn: str) -> Person:
    """Record (or clear, with ``""``) ``person``'s resident registration number (주민등록번호), as a
    document gives it: checked by python-stdnum (a ``ValidationError`` on ``rrn`` otherwise, and
    nothing is written), stored encrypted with its keyed hash for search; the audit event holds the
    masked number (``900101-1******``), never the number."""
    check_actor(by, CASEWORKER)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, ["rrn"])
    person.rrn = rrn.strip()
    person.clean_fields(exclude=[field.name for field in Person._meta.fields if field.name != "rrn"])
    person.save(update_fields=["rrn", "updated_at"])
    audit_append(
        actor=by, action="person.record_rrn", subject=person, before=before, after=snapshot(person, ["rrn"])
    )
    return person
