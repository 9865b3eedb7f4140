"""Reads for letters: the facts a letter about a claim states, and the letters sent.

:func:`letter_facts` gathers, for one kind of letter about one claim, the plain values its wording may
use (:data:`~amends.letters.wording.PLACEHOLDERS`) and the tables its fixed parts show (the amount and
its calculation, the payment, the deposit). Everything is computed as of the date asked for; nothing
here writes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language, gettext

from amends.core.clock import today
from amends.core.labels import label
from amends.core.prepared import PreparedQuery
from amends.judgments.models import Award, Creditor
from amends.law import applications as programme
from amends.law.lifecycle import State
from amends.letters import status_words as wording
from amends.letters.models import Kind, Letter
from amends.payments.models import Claim
from amends.payments.owed import (
    OWED_INPUTS,
    AwardInputs,
    Figures,
    _debt_terms,
    award_inputs,
    award_owed,
    awards,
    creditor_figures,
    on_award,
    owed_inputs,
)
from amends.programme.models import ApplicationFile
from amends.programme.services import objection_deadline


class LetterNotApplicable(ValueError):
    """The claim has nothing this kind of letter could state (no payment for a receipt, say)."""


@dataclass
class LetterFacts:
    values: dict[str, str]
    calculation: dict | None = None
    table: list[tuple[str, str]] = field(default_factory=list)
    record: dict = field(default_factory=dict)


def won(amount: int) -> str:
    return f"{amount:,}"


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def person_name(person) -> str:
    """The name as a letter in the current language addresses the person."""
    language = get_language() or "ko"
    if language == "en" and person.name_romanized:
        return f"{person.name_romanized} ({person.name_hangul})"
    if language == "ja" and person.name_hanja:
        return f"{person.name_hangul} ({person.name_hanja})"
    return person.name_hangul


def defendant_names(case) -> str:
    language = get_language() or "ko"
    attribute = {"en": "name_en", "ja": "name_ja"}.get(language, "name_ko")
    return ", ".join(getattr(defendant, attribute) for defendant in case.defendants.all())


def calculation_from(*, creditor: Creditor, inputs: AwardInputs, on: date) -> dict:
    """:func:`calculation` of ``creditor`` from their award's :class:`AwardInputs`, read beforehand."""
    row = creditor_figures(creditor_pk=creditor.pk, inputs=inputs, on=on)
    if row is None:  # no part of their own on ``on``: whatever award_owed answers then
        owed = award_owed(award=awards().get(pk=creditor.award_id), on=on).of(creditor)
        row = Figures(owed.principal, owed.interest, owed.paid, owed.outstanding, owed.damages)
    lines = []
    if row.damages is not None:
        for line in row.damages.lines:
            lines.append(
                {
                    "start": line.start.isoformat(),
                    "end": line.end.isoformat(),
                    "rate": f"{float(line.rate) * 100:g}",
                    "base": won(line.base),
                    "years": line.years,
                    "days": line.days,
                    "year_length": line.year_length,
                    "interest": won(line.interest_rounded()),
                }
            )
    return {
        "on": on.isoformat(),
        "share": f"{creditor.share_numerator}/{creditor.share_denominator}",
        "award_principal": won(inputs.principal),
        "principal": won(row.principal),
        "interest": won(row.interest),
        "paid": won(row.paid),
        "outstanding": won(row.outstanding),
        "outstanding_won": row.outstanding,
        "lines": lines,
        "note": _debt_terms(inputs.accruals, on, on_award(inputs.received(on)))[1],
    }


def calculation(*, claim: Claim, on: date) -> dict:
    """What the creditor is owed on ``on``: principal, delay damages line by line, paid, outstanding
    (the figures of :func:`amends.payments.owed.award_owed`, read in one query)."""
    creditor = claim.creditor
    ((principal, method, *owed),) = _AWARD_INPUTS.rows(creditor.award_id)
    inputs = award_inputs(
        principal=principal, method=method, values=dict(zip(OWED_INPUTS, owed, strict=True))
    )
    return calculation_from(creditor=creditor, inputs=inputs, on=on)


_AWARD_INPUTS = PreparedQuery(
    lambda award_pk: (
        Award.objects.filter(pk=award_pk)
        .annotate(**owed_inputs("pk"))
        .values_list("principal", "method", *OWED_INPUTS)
    )
)


def offered_on(*, claim: Claim) -> date:
    """The date the amount is fixed for: the planned payment date of the open proposal, else today."""
    proposal = claim.proposals.exclude(status="declined").order_by("-pk").first()
    return proposal.planned_on if proposal is not None else today()


def letter_facts(*, claim: Claim, kind: str, on: date | None = None, decision: str = "") -> LetterFacts:
    """The facts a letter of ``kind`` about ``claim`` states, in the current language."""
    claim = Claim.objects.select_related(
        "creditor__person", "creditor__award__case", "creditor__award__victim"
    ).get(pk=claim.pk)
    creditor = claim.creditor
    if creditor.person.death_date is not None:
        raise LetterNotApplicable(
            gettext("%(person)s died on %(date)s: letters go to the heirs, each about their own claim.")
            % {"person": creditor.person, "date": creditor.person.death_date.isoformat()}
        )
    case = creditor.award.case
    values = {
        "addressee": person_name(creditor.person),
        "claim_number": claim.number,
        "case_number": case.number,
        "victim_name": person_name(creditor.award.victim),
        "defendants": defendant_names(case),
    }
    facts = LetterFacts(values=values)
    if kind in (Kind.OFFER, Kind.CONSENT):
        on = on or offered_on(claim=claim)
        facts.calculation = calculation(claim=claim, on=on)
        values |= {"amount": facts.calculation["outstanding"], "on": on.isoformat()}
        facts.record = {"on": on.isoformat(), "amount": facts.calculation["outstanding_won"]}
    elif kind == Kind.DECISION:
        values |= {
            "decision": decision or wording.where(claim.state),
            "needed": wording.needed(claim.state),
        }
        facts.record = {"state": claim.state}
    elif kind == Kind.RECEIPT:
        payment = creditor.payments.order_by("-paid_on", "-pk").first()
        if payment is None:
            raise LetterNotApplicable(
                gettext("No payment to this creditor is on record: there is nothing to receipt.")
            )
        if payment.returned_on is not None:
            # The family would be told they were paid money that came back to the foundation.
            raise LetterNotApplicable(
                gettext(
                    "The bank returned the payment of %(amount)s won paid on %(paid_on)s on %(date)s: "
                    "the creditor never received it, and a receipt would say they did. Write a decision "
                    "letter instead, and pay again."
                )
                % {
                    "amount": won(payment.amount),
                    "paid_on": payment.paid_on.isoformat(),
                    "date": payment.returned_on.isoformat(),
                }
            )
        values |= {
            "amount": won(payment.amount),
            "paid_on": payment.paid_on.isoformat(),
            "bank_reference": payment.bank_reference,
        }
        facts.table = [
            (gettext("Amount paid (won)"), won(payment.amount)),
            (gettext("Paid on"), payment.paid_on.isoformat()),
            (gettext("Bank confirmation"), payment.bank_reference),
        ]
        facts.record = {"payment": payment.pk, "amount": payment.amount}
    elif kind == Kind.DEPOSIT_NOTICE:
        deposit = claim.deposits.order_by("-lodged_on", "-pk").first()
        if deposit is None:
            raise LetterNotApplicable(gettext("No court deposit for this claim is on record."))
        if claim.state != State.DEPOSIT_ACCEPTED.value:
            # The notice tells the creditor the money is with the court for them to collect: true
            # only once the deposit officer has accepted it (not lodged and waiting, nor refused).
            raise LetterNotApplicable(
                gettext(
                    "The court has not accepted the deposit (the claim stands at %(state)s): a deposit "
                    "notice would tell the family money can be collected that cannot."
                )
                % {"state": label("state", claim.state)}
            )
        values |= {
            "amount": won(deposit.amount),
            "court": deposit.court,
            "deposit_number": deposit.deposit_number,
            "lodged_on": deposit.lodged_on.isoformat(),
        }
        facts.table = [
            (gettext("Court"), deposit.court),
            (gettext("Deposit number"), deposit.deposit_number),
            (gettext("Lodged on"), deposit.lodged_on.isoformat()),
            (gettext("Amount deposited (won)"), won(deposit.amount)),
        ]
        facts.record = {"deposit": deposit.pk, "amount": deposit.amount}
    elif kind == Kind.PORTAL_ACCESS:
        access = getattr(claim, "portal_access", None)
        if access is None:
            raise LetterNotApplicable(gettext("No portal access is issued for this claim."))
        values |= {"expires_on": access.code_expires_on.isoformat()}
    else:
        raise LetterNotApplicable(gettext("This kind of letter is not written about a claim."))
    return facts


def donor_facts(*, context: dict) -> LetterFacts:
    """The facts of a donor's receipt from a plain ``context``: ``donor_name``, ``amount`` (won),
    ``received_on`` (a date or ISO string) and, optionally, ``purpose`` and ``contribution``."""
    amount = context["amount"]
    received = context["received_on"]
    received = received.isoformat() if isinstance(received, date) else str(received)
    values = {
        "addressee": str(context["donor_name"]),
        "amount": won(int(amount)),
        "received_on": received,
        "purpose": str(context.get("purpose") or ""),
    }
    table = [
        (gettext("Donor"), values["addressee"]),
        (gettext("Amount received (won)"), values["amount"]),
        (gettext("Received on"), received),
    ]
    if values["purpose"]:
        table.append((gettext("Purpose"), values["purpose"]))
    record = {"donor_name": values["addressee"], "amount": int(amount), "received_on": received}
    if context.get("contribution") is not None:
        record["contribution"] = context["contribution"]
    return LetterFacts(values=values, table=table, record=record)


def _programme_decisions() -> dict:
    return {
        programme.State.ELIGIBLE: gettext("Your application has been found eligible for support."),
        programme.State.REFUSED: gettext("Your application has not been found eligible for support."),
        programme.State.OBJECTION_UPHELD: gettext(
            "Your objection has been upheld: your application is found eligible for support."
        ),
        programme.State.OBJECTION_DISMISSED: gettext(
            "Your objection has been dismissed: the decision that your application is not eligible stands."
        ),
    }


def programme_decision_facts(*, file: ApplicationFile) -> LetterFacts:
    """The facts of the letter that tells an applicant the decision on their application: the decision,
    its date and reasons, and, after a refusal, until when they may object (docs/law.md §6a).
    :class:`LetterNotApplicable` while nothing is decided."""
    decisions = _programme_decisions()
    if file.state not in decisions:
        raise LetterNotApplicable(
            gettext("Nothing is decided on this application yet: there is no decision to write.")
        )
    objection = file.state in (programme.State.OBJECTION_UPHELD, programme.State.OBJECTION_DISMISSED)
    decided_on = file.objection_decided_on if objection else file.decided_on
    reasons = file.objection_reasons if objection else file.decision_reasons
    until = objection_deadline(file)
    application = file.application
    values = {
        "addressee": application.name_hangul or application.name_romanized or application.name_hanja,
        "application": application.ref,
        "decision": decisions[programme.State(file.state)],
        "decided_on": decided_on.isoformat(),
        "reasons": reasons,
        "objection_until": until.isoformat() if until else "",
        "objection_days": str(settings.OBJECTION_DAYS) if until else "",
    }
    table = [(gettext("Application"), application.ref), (gettext("Decided on"), values["decided_on"])]
    if until:
        table.append((gettext("Objection possible until"), values["objection_until"]))
    record = {"application": application.ref, "state": file.state, "decided_on": values["decided_on"]}
    if until:
        record["objection_until"] = values["objection_until"]
    return LetterFacts(values=values, table=table, record=record)


def letters_for_claim(*, claim: Claim) -> QuerySet[Letter]:
    return Letter.objects.filter(claim=claim).defer("pdf").select_related("sent_by").order_by("sent_at", "id")


def claim_letter_kinds() -> list[tuple[str, str]]:
    """The kinds of letter staff write about a claim (a donor's receipt is not one; the portal code
    letter is written only with its code)."""
    return [
        (kind.value, kind.label)
        for kind in Kind
        if kind not in (Kind.DONOR_RECEIPT, Kind.PORTAL_ACCESS, Kind.PROGRAMME_DECISION)
    ]
