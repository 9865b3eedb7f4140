"""Four eyes on what is owed and to whom (issue 15): applying an award's correction and confirming a
death, each refused when it would contradict money already moved.

The proposals are made below (``amends.judgments.services.*_correction_propose``,
``amends.registry.services.death_propose``); they are applied here, a floor above, because whether a
change contradicts money already moved is a question for the one read path for money
(:mod:`amends.payments.owed`). Each runs in one transaction: the approval, the change, the claims
handed on and their audit events, then the check on money moved; a refusal rolls all of it back.

The rule on money moved (docs/law.md, "Corrections and money already moved"):

- an award is not corrected while money is in flight on it: a payment proposed or approved, or a
  court deposit proposed, approved or with the court (decline or conclude it first);
- no correction and no confirmed death may leave anyone having received more than the award, as
  corrected, owed them when they received it (``overpaid`` in the calculation, which grows only when a
  receipt exceeds what was owed on its day): a principal lowered below what was paid, a share taken
  from a creditor who was paid, a date of death that makes a paid heir no heir.
"""

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amends.core.clock import today
from amends.core.roles import LEGAL_REVIEWER, require_role
from amends.judgments import services as judgments_services
from amends.judgments.models import Award, Correction, Creditor
from amends.law.lifecycle import State
from amends.payments import owed_lines
from amends.payments import services as payment_services
from amends.payments.models import Claim
from amends.payments.owed import award_owed, awards
from amends.registry import services as registry_services
from amends.registry.models import DeathReport, Person
from amends.registry.selectors import family_of

# A claim in one of these states has money on its way: a payment or a deposit prepared, approved, or
# with the court and not yet collected or withdrawn.
IN_FLIGHT = frozenset(
    {
        State.PAYMENT_PROPOSED,
        State.PAYMENT_APPROVED,
        State.DEPOSIT_PROPOSED,
        State.DEPOSIT_APPROVED,
        State.DEPOSIT_LODGED,
        State.DEPOSIT_ACCEPTED,
        State.DEPOSIT_REFUSED,
        State.OBJECTION_FILED,
        State.OBJECTION_DISMISSED,
        State.OBJECTION_UPHELD,
    }
)


def _overpaid(award_ids: set[int]) -> dict[int, tuple[int, Creditor]]:
    """For each part one person holds on these awards: what they received beyond what was owed when
    they received it, by creditor row."""
    on = today()
    found = {}
    for award in awards().filter(pk__in=award_ids):
        for row in award_owed(award=award, on=on).holding():
            found[row.creditor.pk] = (row.overpaid, row.creditor)
    return found


def _not_overpaid(before: dict[int, tuple[int, Creditor]], award_ids: set[int], field: str) -> None:
    for pk, (overpaid, creditor) in _overpaid(award_ids).items():
        if overpaid > before.get(pk, (0, None))[0]:
            raise ValidationError(
                {
                    field: _(
                        "%(person)s has already received %(amount)s won more than %(case)s would owe them "
                        "after this change: it contradicts money already paid, and is not applied."
                    )
                    % {
                        "person": creditor.person,
                        "amount": f"{overpaid - before.get(pk, (0, None))[0]:,}",
                        "case": creditor.award.case.number,
                    }
                }
            )


@transaction.atomic
def correction_approve(*, by: User, correction: Correction) -> Correction:
    """A legal reviewer other than its proposer approves ``correction``: it is applied
    (:func:`amends.judgments.services.correction_apply`), unless money is in flight on the award or
    the change contradicts money already moved."""
    require_role(by, LEGAL_REVIEWER)
    award = Award.objects.select_for_update().get(pk=correction.award_id)
    in_flight = Claim.objects.filter(creditor__award=award, state__in=[s.value for s in IN_FLIGHT])
    if claim := in_flight.select_related("creditor__person").first():
        raise ValidationError(
            {
                "correction": _(
                    "Money is on its way to %(person)s on this award (%(state)s): decline the payment or "
                    "conclude the deposit before the award is corrected."
                )
                % {"person": claim.creditor.person, "state": claim.get_state_display()}
            }
        )
    before = _overpaid({award.pk})
    correction = judgments_services.correction_apply(by=by, correction=correction)
    _not_overpaid(before, {award.pk}, "correction")
    owed_lines.refresh(award_ids=[award.pk])
    return correction


def _family_creditors(person: Person) -> list[Person]:
    """``person`` and everyone in their family who holds a part of an award, ``person`` first."""
    family = family_of(person=person)
    pks = set(family.people) | {person.pk}
    holders = Person.objects.filter(pk__in=pks, credits__isnull=False).distinct().order_by("pk")
    return [person, *(p for p in holders if p.pk != person.pk)]


@transaction.atomic
def death_confirm(*, by: User, report: DeathReport) -> list[payment_services.HandedOn]:
    """A legal reviewer other than its reporter confirms the reported death: it is recorded and every
    claim the person holds passes to their heirs (:func:`amends.payments.services.death_record`), or,
    for a corrected date, the date is changed and the heirs of everyone in the family brought up to
    date (:func:`amends.payments.services.claims_hand_on`). Recorded in the reporter's name (the
    caseworker's step the lifecycle names), confirmed in the reviewer's. Refused when the change
    contradicts money already moved, or the recorded date changed since it was reported."""
    report = registry_services.death_decidable(report=report, by=by)
    person = Person.objects.select_for_update().get(pk=report.person_id)
    if person.death_date != report.previous:
        raise ValidationError(
            {"report": _("The recorded date of death changed since this report was made: report it again.")}
        )
    people = _family_creditors(person)
    award_ids = set(Creditor.objects.filter(person__in=people).values_list("award_id", flat=True))
    before = _overpaid(award_ids)
    registry_services.death_decided(report, by=by, status=DeathReport.Status.CONFIRMED)
    recorder = report.proposed_by
    if report.previous is None:
        handed = payment_services.death_record(
            by=recorder, person=person, died_on=report.died_on, document=report.document
        )
    else:
        registry_services.person_correct_death(
            by=recorder, person=person, died_on=report.died_on, document=report.document
        )
        handed = []
        for holder in Person.objects.filter(pk__in=[p.pk for p in people], death_date__isnull=False):
            handed += payment_services.claims_hand_on(by=recorder, person=holder)
    _not_overpaid(before, award_ids, "report")
    return handed
