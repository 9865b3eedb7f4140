"""Writes for judgments: each function checks its input, writes in one transaction, or changes nothing.

Each write appends its audit event (who, what, before and after) in the same transaction; ``by`` is
the user acting, ``None`` for the system (the demonstration loader, imports).

Errors are :class:`django.core.exceptions.ValidationError` keyed by the field they concern, so a form,
the admin or a command can show them where they belong.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.core.roles import CASEWORKER, check_actor
from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor, Defendant, Ruling
from amends.judgments.validators import (
    normalize_case_number,
    validate_accrual_order,
    validate_case_number,
    validate_shares,
)
from amends.registry.models import Person
from amends.registry.selectors import estate_of


@dataclass(frozen=True)
class RulingSpec:
    instance: int
    court: Court
    number: str
    decided_on: date
    argument_closed_on: date | None = None


@dataclass(frozen=True)
class CreditorSpec:
    person: Person
    share: Fraction
    relation: str = "victim"


def _field_error(field: str, error: ValidationError) -> ValidationError:
    return ValidationError({field: error.error_list})


@transaction.atomic
def case_create(
    *,
    by: User | None,
    number: str,
    court: Court,
    defendants: Sequence[Defendant],
    title: str = "",
    filed_on: date | None = None,
    final_ruling_on: date | None = None,
    number_confirmed: bool = True,
    rulings: Sequence[RulingSpec] = (),
    notes: str = "",
) -> Case:
    check_actor(by, CASEWORKER)
    number = normalize_case_number(number)
    try:
        validate_case_number(number)
    except ValidationError as error:
        raise _field_error("number", error) from None
    if not defendants:
        raise ValidationError({"defendants": _("A case needs at least one defendant.")})
    if Case.objects.filter(number=number).exists():
        raise ValidationError({"number": _("Case %(number)s is already registered.") % {"number": number}})
    case = Case(
        number=number,
        number_confirmed=number_confirmed,
        court=court,
        title=title,
        filed_on=filed_on,
        final_ruling_on=final_ruling_on,
        notes=notes,
    )
    case.full_clean()
    case.save()
    case.defendants.set(defendants)
    for index, spec in enumerate(rulings):
        ruling = Ruling(case=case, **spec.__dict__)
        try:
            ruling.full_clean(exclude=["case", "court"])  # both just loaded or saved
        except ValidationError as error:
            raise ValidationError({f"rulings[{index}]": error.messages}) from None
        ruling.save()
    audit_append(
        actor=by,
        action="case.create",
        subject=case,
        after=snapshot(
            case,
            ["number", "number_confirmed", "court", "title", "filed_on", "final_ruling_on", "defendants"],
        )
        | {
            "rulings": [
                snapshot(r, ["instance", "court", "number", "decided_on", "argument_closed_on"])
                for r in case.rulings.all()
            ]
        },
    )
    return case


@transaction.atomic
def award_create(
    *,
    by: User | None,
    case: Case,
    victim: Person,
    principal: int,
    accruals: Sequence[tuple[date, Decimal | str]],
    creditors: Sequence[CreditorSpec],
    method: str = "period",
    terms_assumed: bool = False,
    notes: str = "",
) -> Award:
    """Register the award for one victim, its accrual terms and the creditors the judgment names."""
    check_actor(by, CASEWORKER)
    if isinstance(principal, bool) or not isinstance(principal, int) or principal < 0:
        raise ValidationError({"principal": _("The principal must be a whole, non-negative number of won.")})
    try:
        validate_accrual_order([start for start, _ in accruals])
    except ValidationError as error:
        raise _field_error("accruals", error) from None
    try:
        validate_shares(spec.share for spec in creditors)
    except ValidationError as error:
        raise _field_error("creditors", error) from None
    if len({spec.person.pk for spec in creditors}) != len(creditors):
        raise ValidationError({"creditors": _("A person is named twice among the creditors.")})

    award = Award(
        case=case, victim=victim, principal=principal, method=method, terms_assumed=terms_assumed, notes=notes
    )
    award.full_clean()
    award.save()
    for index, (starts_on, rate) in enumerate(accruals):
        term = AccrualTerm(award=award, starts_on=starts_on, rate=Decimal(rate))
        try:
            # The award was just saved and the dates checked in order, so neither the foreign key nor
            # the constraints need a query each; the field validators still check the rate.
            term.full_clean(exclude=["award"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({f"accruals[{index}]": error.messages}) from None
        term.save()
    Creditor.objects.bulk_create(
        Creditor(
            award=award,
            person=spec.person,
            share_numerator=spec.share.numerator,
            share_denominator=spec.share.denominator,
            relation=spec.relation,
        )
        for spec in creditors
    )
    audit_append(
        actor=by,
        action="award.create",
        subject=award,
        after=snapshot(award, ["case", "victim", "principal", "method", "terms_assumed", "notes"])
        | {
            "accruals": [snapshot(term, ["starts_on", "rate"]) for term in award.accruals.all()],
            "creditors": [snapshot(c, ["person", "share", "relation"]) for c in award.creditors.all()],
        },
    )
    return award


@dataclass(frozen=True)
class HeirsSync:
    """What :func:`creditor_heirs_sync` did: the heirs' rows it added or changed, and why it could not
    say who the heirs are (an incomplete family record), if so."""

    added: list[Creditor]
    changed: list[Creditor]
    error: str = ""


@transaction.atomic
def creditor_heirs_sync(*, by: User | None, creditor: Creditor) -> HeirsSync:
    """Hand a creditor who died after the judgment on to their heirs: one creditor row per heir
    (``succeeds`` the creditor), with the heir's share of the whole award, by the law of the date of
    death and every renunciation on record. Run again after a renunciation or a correction of the
    family: a share that changed is updated, an heir who no longer inherits keeps a row with share 0
    (their file and history stay). An heir who has died since is handed on in turn. Nothing happens for
    a creditor who is alive."""
    creditor = Creditor.objects.select_for_update().select_related("person").get(pk=creditor.pk)
    person = creditor.person
    if person.death_date is None:
        return HeirsSync([], [])
    estate = estate_of(decedent=person, as_of=person.death_date)
    if estate.error:
        return HeirsSync([], [], estate.error)
    existing = {heir.person_id: heir for heir in creditor.successors.select_for_update()}
    wanted = {holder.person.pk: creditor.share * holder.share for holder in estate.holders}
    added, changed = [], []
    for pk, heir in existing.items():
        share = wanted.get(pk, Fraction(0))
        if heir.share != share:
            before = snapshot(heir, ["share_numerator", "share_denominator"])
            heir.share_numerator, heir.share_denominator = share.numerator, share.denominator
            heir.save(update_fields=["share_numerator", "share_denominator"])
            audit_append(
                actor=by,
                action="creditor.heir_share",
                subject=heir,
                before=before,
                after=snapshot(heir, ["share_numerator", "share_denominator"]),
            )
            changed.append(heir)
    for holder in estate.holders:
        if holder.person.pk in existing:
            continue
        share = wanted[holder.person.pk]
        heir = Creditor.objects.create(
            award_id=creditor.award_id,
            person=holder.person,
            succeeds=creditor,
            share_numerator=share.numerator,
            share_denominator=share.denominator,
            relation=Creditor.Relation.HEIR,
        )
        audit_append(
            actor=by,
            action="creditor.heir",
            subject=heir,
            after=snapshot(heir, ["award", "person", "succeeds", "share_numerator", "share_denominator"])
            | {"paths": holder.paths},
        )
        added.append(heir)
    errors = []
    for heir in [*existing.values(), *added]:
        if heir.share > 0 and heir.person.death_date is not None:
            further = creditor_heirs_sync(by=by, creditor=heir)
            added += further.added
            changed += further.changed
            if further.error:
                errors.append(further.error)
    return HeirsSync(added, changed, "; ".join(errors))
