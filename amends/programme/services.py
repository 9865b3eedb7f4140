"""Writes on programme application files (issue 16): link an application to a person, propose and
decide its eligibility (four eyes), file and decide an objection within its deadline, clear a flag.

Each step locks the file, asks :mod:`amends.law.applications` whether it is allowed and by which role,
checks four eyes and the application's flags, writes, and appends its audit event in the same
transaction. A refusal is a ``ValidationError`` naming the field, or ``PermissionDenied``; either way
nothing was written.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.core.clock import today
from amends.core.labels import label
from amends.core.roles import CASEWORKER, LEGAL_REVIEWER, require_role
from amends.law import applications as law
from amends.law.applications import State, Step
from amends.programme.models import ApplicationFile
from amends.registry import services as registry_services
from amends.registry.models import Person
from amends.rosters import services as rosters_services
from amends.rosters.models import Application, CandidatePair, ReviewDecision

# Who recorded each step a later step's four eyes look back at.
DONE_BY = {Step.PROPOSE: "proposed_by_id", Step.REFUSE: "decided_by_id"}


def objection_deadline(file: ApplicationFile) -> date | None:
    """The last day an objection may be filed against the file's refusal (None: not refused)."""
    if file.decided_on is None or file.state not in (State.REFUSED, State.OBJECTION_FILED):
        return None
    return law.objection_deadline(file.decided_on, settings.OBJECTION_DAYS)


def _reasons(text: str, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Give the reasons.")})
    return text


def _step(file: ApplicationFile, step: Step, by: User) -> tuple[ApplicationFile, State]:
    """The file locked, if ``by`` may take ``step`` on it now; and the state it leads to."""
    file = ApplicationFile.objects.select_for_update().select_related("application").get(pk=file.pk)
    try:
        transition = law.next_state(file.state, step)
    except law.NotAllowed:
        raise ValidationError(
            {
                "step": _("This step is not possible while the file is %(state)s.")
                % {"state": label("application_state", file.state)}
            }
        ) from None
    require_role(by, transition.role)
    if transition.not_by and getattr(file, DONE_BY[transition.not_by]) == by.pk:
        raise PermissionDenied(
            _("You proposed this eligibility: a legal reviewer other than you decides it.")
            if transition.not_by == Step.PROPOSE
            else _("You refused this application: a legal reviewer other than you decides the objection.")
        )
    if step in law.DECISIONS and file.flag_open:
        raise ValidationError(
            {
                "flag": _(
                    "Application %(ref)s is flagged (a possible duplicate or an earlier payment): a legal "
                    "reviewer clears the flag with a reason before it is decided."
                )
                % {"ref": file.application.ref}
            }
        )
    return file, transition.to


def _save(
    file: ApplicationFile, step: Step, by: User | None, fields: list[str], before: str
) -> ApplicationFile:
    try:
        with transaction.atomic():
            file.save(update_fields=["state", *fields])
    except IntegrityError:  # the database's own four-eyes constraints
        raise PermissionDenied(_("Four eyes: the same person may not propose and decide.")) from None
    audit_append(
        actor=by,
        action=f"application_file.{step}",
        subject=file,
        before={"state": str(before)},
        after=snapshot(file, ["state", *fields]),
    )
    return file


def _accepted_pair(application: Application) -> CandidatePair | None:
    """The application's candidate pair whose latest decision is "same person", if any (the latest one)."""
    for pair in application.candidates.order_by("-pk"):
        latest = pair.decisions.order_by("-decided_at", "-id").first()
        if latest is not None and latest.verdict == ReviewDecision.Verdict.ACCEPT:
            return pair
    return None


def _person_from(application: Application, by: User) -> Person:
    """A person registered from the application's own fields (a birth date only when it is a full
    day: a year or month alone stays in the notes)."""
    if not application.name_hangul.strip():
        raise ValidationError(
            {"person": _("Application %(ref)s gives no name in Hangul: choose the person it is.")
             % {"ref": application.ref}}
        )  # fmt: skip
    try:
        born = date.fromisoformat(application.birth_date) if len(application.birth_date) == 10 else None
    except ValueError:
        born = None
    notes = _("Registered from application %(ref)s.") % {"ref": application.ref}
    if application.birth_date and born is None:
        notes += " " + _("Birth date as applied: %(date)s.") % {"date": application.birth_date}
    return registry_services.person_create(
        by=by,
        name_hangul=application.name_hangul.strip(),
        name_hanja=application.name_hanja,
        name_japanese=application.name_japanese,
        name_japanese_reading=application.name_japanese_reading,
        name_romanized=application.name_romanized,
        birth_date=born,
        notes=notes,
    )


@transaction.atomic
def application_link(*, application: Application, by: User, person: Person | None = None) -> ApplicationFile:
    """A caseworker ties ``application`` to ``person`` in the registry, or, without one, to a person
    registered from the application's fields: its file is opened, linked, and records the accepted
    candidate pair it followed, if any."""
    require_role(by, CASEWORKER)
    application = Application.objects.select_for_update().get(pk=application.pk)
    file, _created = ApplicationFile.objects.get_or_create(application=application)
    file, to = _step(file, Step.LINK, by)
    file.person = person if person is not None else _person_from(application, by)
    file.pair = _accepted_pair(application)
    file.state, file.linked_by, file.linked_at = to, by, timezone.now()
    return _save(file, Step.LINK, by, ["person", "pair", "linked_by", "linked_at"], State.RECEIVED)


@transaction.atomic
def pair_accept(
    *, pair: CandidatePair, by: User, person: Person | None = None, note: str = ""
) -> ApplicationFile:
    """Accept ``pair`` as the same person (:func:`amends.rosters.services.review_decide`) and link its
    application at once: to ``person``, or to a person registered from the application."""
    rosters_services.review_decide(pair=pair, verdict=ReviewDecision.Verdict.ACCEPT, by=by, note=note)
    return application_link(application=pair.application, by=by, person=person)


@transaction.atomic
def eligibility_propose(*, file: ApplicationFile, proposal: str, reasons: str, by: User) -> ApplicationFile:
    """A caseworker proposes the applicant eligible or not, with the reasons."""
    if proposal not in ApplicationFile.Proposal.values:
        raise ValidationError({"proposal": _("Propose eligible or not eligible.")})
    reasons = _reasons(reasons, "reasons")
    file, to = _step(file, Step.PROPOSE, by)
    file.state, file.proposal, file.proposal_reasons = to, proposal, reasons
    file.proposed_by, file.proposed_at = by, timezone.now()
    return _save(
        file, Step.PROPOSE, by, ["proposal", "proposal_reasons", "proposed_by", "proposed_at"], State.LINKED
    )


@transaction.atomic
def eligibility_decide(
    *, file: ApplicationFile, eligible: bool, by: User, reasons: str = ""
) -> ApplicationFile:
    """A legal reviewer other than the proposer decides: eligible, or refused with the reasons. The
    refusal's notice is dated today, from which the objection's deadline runs."""
    step = Step.APPROVE if eligible else Step.REFUSE
    reasons = (reasons or "").strip() if eligible else _reasons(reasons, "reasons")
    file, to = _step(file, step, by)
    file.state, file.decided_by, file.decided_on, file.decision_reasons = to, by, today(), reasons
    return _save(file, step, by, ["decided_by", "decided_on", "decision_reasons"], State.ELIGIBILITY_PROPOSED)


@transaction.atomic
def objection_file(*, file: ApplicationFile, filed_on: date, objection: str, by: User) -> ApplicationFile:
    """A caseworker records the applicant's objection (이의신청), filed on ``filed_on``: not after
    today, not before the refusal, and not after the deadline."""
    objection = _reasons(objection, "objection")
    file, to = _step(file, Step.OBJECT, by)
    deadline = objection_deadline(file)
    if filed_on > today() or filed_on < file.decided_on:
        raise ValidationError(
            {"filed_on": _("An objection is filed between the refusal (%(refused)s) and today.")
             % {"refused": file.decided_on.isoformat()}}
        )  # fmt: skip
    if filed_on > deadline:
        raise ValidationError(
            {
                "filed_on": _(
                    "The objection is late: the deadline was %(deadline)s (%(days)s days after the refusal "
                    "of %(refused)s)."
                )
                % {
                    "deadline": deadline.isoformat(),
                    "days": settings.OBJECTION_DAYS,
                    "refused": file.decided_on,
                }
            }
        )
    file.state, file.objection_filed_on, file.objection, file.objection_filed_by = to, filed_on, objection, by
    return _save(
        file, Step.OBJECT, by, ["objection_filed_on", "objection", "objection_filed_by"], State.REFUSED
    )


@transaction.atomic
def objection_decide(*, file: ApplicationFile, upheld: bool, reasons: str, by: User) -> ApplicationFile:
    """A legal reviewer other than the one who refused upholds the objection (eligible after all) or
    dismisses it, with the reasons."""
    step = Step.UPHOLD if upheld else Step.DISMISS
    reasons = _reasons(reasons, "reasons")
    file, to = _step(file, step, by)
    file.state, file.objection_decided_by, file.objection_decided_on = to, by, today()
    file.objection_reasons = reasons
    return _save(
        file,
        step,
        by,
        ["objection_decided_by", "objection_decided_on", "objection_reasons"],
        State.OBJECTION_FILED,
    )


@transaction.atomic
def flag_clear(*, file: ApplicationFile, reason: str, by: User) -> ApplicationFile:
    """A legal reviewer clears the application's flags as they now stand (not a duplicate, not paid
    before), with the reason; a flag raised afterwards blocks again."""
    require_role(by, LEGAL_REVIEWER)
    reason = _reasons(reason, "reason")
    file = ApplicationFile.objects.select_for_update().select_related("application").get(pk=file.pk)
    if not file.flag_open:
        raise ValidationError(
            {"flag": _("Application %(ref)s has no flag to clear.") % {"ref": file.application.ref}}
        )
    file.cleared_duplicate_of_id = file.application.duplicate_of_id
    file.cleared_earlier_payment_id = file.application.earlier_payment_id
    file.flag_cleared_by, file.flag_cleared_at, file.flag_cleared_reason = by, timezone.now(), reason
    fields = [
        "cleared_duplicate_of",
        "cleared_earlier_payment",
        "flag_cleared_by",
        "flag_cleared_at",
        "flag_cleared_reason",
    ]
    file.save(update_fields=fields)
    audit_append(actor=by, action="application_file.flag_clear", subject=file, after=snapshot(file, fields))
    return file
