"""Writes for judgments: each function checks its input, writes in one transaction, or changes nothing.

Each write appends its audit event (who, what, before and after) in the same transaction; ``by`` is
the user acting, ``None`` for the system (the demonstration loader, imports).

Errors are :class:`django.core.exceptions.ValidationError` keyed by the field they concern, so a form,
the admin or a command can show them where they belong.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, proposal_decidable, proposal_decided, snapshot
from amends.core.roles import CASEWORKER, LEGAL_REVIEWER, check_actor, has_role, require_role
from amends.judgments.models import (
    AccrualTerm,
    Award,
    Case,
    Correction,
    Court,
    Creditor,
    Defendant,
    Ruling,
)
from amends.judgments.validators import (
    normalize_case_number,
    validate_accrual_order,
    validate_case_number,
    validate_shares,
)
from amends.registry.models import Document, Person
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


# -- corrections: four eyes on principal, accrual terms and shares (issue 15) ------------------------
#
# A correction is proposed (``*_correction_propose``) by a caseworker or a legal reviewer with its
# reason and document, and applied (:func:`correction_apply`) or refused (:func:`correction_refuse`)
# by a different legal reviewer. Pages and the API approve through
# ``amends.payments.corrections.correction_approve``, which also refuses a correction that would
# contradict money already moved (it needs the read path for money, a floor above this one).

CORRECTION_FIELDS = ["award", "kind", "accrual", "before", "after", "reason", "document", "proposed_by"]


def _require_proposer(by: User | None) -> None:
    require_role(by, None)  # signed in and active
    if not (has_role(by, CASEWORKER) or has_role(by, LEGAL_REVIEWER)):
        raise PermissionDenied(_("Only a caseworker or a legal reviewer may propose a correction."))


def _proposed(
    *, by: User, award: Award, kind: str, before: dict, after: dict, reason: str, document, accrual=None
) -> Correction:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the award is corrected.")})
    if not isinstance(document, Document):
        raise ValidationError({"document": _("Give the document the correction rests on.")})
    if before == after:
        raise ValidationError({kind: _("This is what is on record already: there is nothing to correct.")})
    correction = Correction.objects.create(
        award=award,
        kind=kind,
        accrual=accrual,
        before=before,
        after=after,
        reason=reason,
        document=document,
        proposed_by=by,
    )
    audit_append(
        actor=by,
        action="correction.propose",
        subject=correction,
        after=snapshot(correction, CORRECTION_FIELDS),
    )
    return correction


def _share_text(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}"


def _named_creditors(award: Award) -> list[Creditor]:
    """The creditors the judgment names (not the heirs of one who died since), locked."""
    return list(
        Creditor.objects.select_for_update().filter(award=award, succeeds__isnull=True).order_by("pk")
    )


@transaction.atomic
def principal_correction_propose(
    *, by: User, award: Award, principal: int, reason: str, document: Document
) -> Correction:
    """Propose that ``award``'s principal be ``principal`` won."""
    _require_proposer(by)
    if isinstance(principal, bool) or not isinstance(principal, int) or principal < 0:
        raise ValidationError({"principal": _("The principal must be a whole, non-negative number of won.")})
    award = Award.objects.get(pk=award.pk)
    return _proposed(
        by=by,
        award=award,
        kind=Correction.Kind.PRINCIPAL,
        before={"principal": award.principal},
        after={"principal": principal},
        reason=reason,
        document=document,
    )


def _rate(rate: Decimal | str) -> Decimal:
    try:
        value = Decimal(str(rate).strip())
    except InvalidOperation:
        raise ValidationError({"rate": _("A rate is a decimal number: 0.20 is 20 %% a year.") % {}}) from None
    if not value.is_finite() or not 0 <= value <= 1 or value.as_tuple().exponent < -5:
        raise ValidationError(
            {
                "rate": _("The rate must be between 0 and 1 (0.20 is 20 %% a year), with at most 5 decimals.")
                % {}
            }
        )
    return value.quantize(Decimal("0.00001"))


@transaction.atomic
def accrual_correction_propose(
    *, by: User, accrual: AccrualTerm, starts_on: date, rate: Decimal | str, reason: str, document: Document
) -> Correction:
    """Propose that the accrual term ``accrual`` run from ``starts_on`` at ``rate`` a year."""
    _require_proposer(by)
    accrual = AccrualTerm.objects.select_related("award").get(pk=accrual.pk)
    rate = _rate(rate)
    starts = [starts_on if term.pk == accrual.pk else term.starts_on for term in accrual.award.accruals.all()]
    try:
        validate_accrual_order(starts)  # the terms in their order, this one moved: still in date order
    except ValidationError as error:
        raise _field_error("starts_on", error) from None
    return _proposed(
        by=by,
        award=accrual.award,
        kind=Correction.Kind.ACCRUAL,
        accrual=accrual,
        before={"starts_on": accrual.starts_on.isoformat(), "rate": str(accrual.rate)},
        after={"starts_on": starts_on.isoformat(), "rate": str(rate)},
        reason=reason,
        document=document,
    )


@transaction.atomic
def shares_correction_propose(
    *, by: User, award: Award, shares: Mapping[Creditor | int, Fraction], reason: str, document: Document
) -> Correction:
    """Propose new shares for every creditor the judgment names on ``award``, all at once: they must
    still add up to 1 (the heirs of a creditor who died since follow their shares when applied)."""
    _require_proposer(by)
    award = Award.objects.get(pk=award.pk)
    named = _named_creditors(award)
    given = {getattr(key, "pk", key): share for key, share in shares.items()}
    if set(given) != {creditor.pk for creditor in named}:
        raise ValidationError(
            {
                "shares": _("Give a share for each creditor the judgment names: %(names)s.")
                % {"names": ", ".join(str(creditor.person) for creditor in named)}
            }
        )
    try:
        new = {pk: Fraction(share) for pk, share in given.items()}
    except (TypeError, ValueError, ZeroDivisionError):
        raise ValidationError({"shares": _("A share is a fraction such as 1/3.")}) from None
    try:
        validate_shares(new.values())
    except ValidationError as error:
        raise _field_error("shares", error) from None
    if any(share > 1 for share in new.values()):
        raise ValidationError({"shares": _("A share must be greater than 0 and at most 1.")})
    return _proposed(
        by=by,
        award=award,
        kind=Correction.Kind.SHARES,
        before={"shares": {str(c.pk): _share_text(c.share) for c in named}},
        after={"shares": {str(pk): _share_text(new[pk]) for pk in sorted(new)}},
        reason=reason,
        document=document,
    )


def _decidable(*, correction: Correction, by: User | None) -> Correction:
    """The correction, locked, if ``by`` may decide it: a legal reviewer who did not propose it, and
    it is still proposed."""
    require_role(by, LEGAL_REVIEWER)
    return proposal_decidable(
        correction,
        by=by,
        self_decision=_("Whoever proposed a correction cannot approve or refuse it."),
        already=_("This correction is already %(status)s."),
        field="correction",
    )


def _decided(correction: Correction, *, by: User, status: str, refusal: str = "") -> None:
    applied = status == Correction.Status.APPLIED
    action = "correction.approve" if applied else "correction.refuse"
    proposal_decided(correction, by=by, status=status, action=action, refusal=refusal)


@transaction.atomic
def correction_refuse(*, by: User, correction: Correction, reason: str) -> Correction:
    """A legal reviewer other than its proposer refuses the correction, saying why; nothing changes."""
    correction = _decidable(correction=correction, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"refusal": _("Say why the correction is refused.")})
    _decided(correction, by=by, status=Correction.Status.REFUSED, refusal=reason)
    return correction


@transaction.atomic
def correction_apply(*, by: User, correction: Correction) -> Correction:
    """A legal reviewer other than its proposer approves the correction, which is applied: the
    approval and each row changed are audit events, with before and after. Refused when what it
    corrects changed since it was proposed (propose it again).

    Pages and the API call ``amends.payments.corrections.correction_approve``, which runs this and
    refuses, in the same transaction, a correction that contradicts money already moved."""
    correction = _decidable(correction=correction, by=by)
    award = Award.objects.select_for_update().get(pk=correction.award_id)
    stale = ValidationError(
        {"correction": _("What this correction changes was changed since it was proposed: propose it again.")}
    )
    _decided(correction, by=by, status=Correction.Status.APPLIED)
    after, cause = correction.after, {"correction": correction.pk}
    if correction.kind == Correction.Kind.PRINCIPAL:
        if award.principal != correction.before["principal"]:
            raise stale
        award.principal = after["principal"]
        award.save(update_fields=["principal", "updated_at"])
        audit_append(
            actor=by,
            action="award.correct",
            subject=award,
            before=correction.before,
            after={"principal": award.principal} | cause,
        )
    elif correction.kind == Correction.Kind.ACCRUAL:
        term = AccrualTerm.objects.select_for_update().get(pk=correction.accrual_id)
        before = {"starts_on": term.starts_on.isoformat(), "rate": str(term.rate)}
        if before != correction.before:
            raise stale
        term.starts_on, term.rate = date.fromisoformat(after["starts_on"]), Decimal(after["rate"])
        try:
            term.full_clean(exclude=["award"])
        except ValidationError as error:
            raise ValidationError({"accrual": error.messages}) from None
        term.save(update_fields=["starts_on", "rate"])
        audit_append(
            actor=by,
            action="accrualterm.correct",
            subject=term,
            before=before,
            after={"starts_on": term.starts_on.isoformat(), "rate": str(term.rate)} | cause,
        )
        starts = list(award.accruals.order_by("starts_on").values_list("starts_on", flat=True))
        try:
            validate_accrual_order(starts)
        except ValidationError as error:
            raise _field_error("starts_on", error) from None
    else:
        named = _named_creditors(award)
        if {str(c.pk): _share_text(c.share) for c in named} != correction.before["shares"]:
            raise stale
        for creditor in named:
            share = Fraction(after["shares"][str(creditor.pk)])
            if share == creditor.share:
                continue
            before = {"share": _share_text(creditor.share)}
            creditor.share_numerator, creditor.share_denominator = share.numerator, share.denominator
            creditor.save(update_fields=["share_numerator", "share_denominator"])
            audit_append(
                actor=by,
                action="creditor.correct",
                subject=creditor,
                before=before,
                after={"share": _share_text(share)} | cause,
            )
        # The heirs of a creditor who died since hold parts of that creditor's share: bring them along.
        for creditor in named:
            creditor_heirs_sync(by=by, creditor=creditor)
    return correction
