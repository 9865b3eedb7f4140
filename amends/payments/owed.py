"""What is owed, to whom, on any date: the one read path for amounts.

Every page, letter, the portal, the API, the dashboard, the forecast and the reports ask here, so the
same person on the same date is shown the same figure everywhere. Nothing owed is ever stored: it is
computed from the award's terms by :mod:`amends.law.interest` (one award, every line) or
:mod:`amends.law.interest_batch` (all awards at once) for the date asked.

**Money received** on an award (:func:`received`, defined here and nowhere else):

- the foundation's payments to a creditor, on the day paid;
- payments from elsewhere (a defendant's security collected by the family, say), to one creditor or
  on the whole award; one on the whole award reaches each creditor in proportion to their share,
  rounded down to the won;
- court deposits the creditor collected, as paid on the day the deposit was lodged: a deposit the
  creditor accepts discharged the debt when it was lodged (변제공탁, Civil Act Art. 487), so delay
  damages stop then. Until it is collected, a deposit is money the foundation still holds (with the
  court), not a payment. The collection is the ledger's ``deposit:<pk>:collected`` entry.

Each counts from its date only when it is on or before the evaluation date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import CharField, Exists, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext

from amends.fund.models import JournalEntry
from amends.judgments.models import AccrualTerm, Award, Case, Creditor, Defendant
from amends.law import succession
from amends.law.interest import Accrual, DelayDamages, Method, Payment, delay_damages
from amends.law.interest_batch import DebtTable, delay_damages_many
from amends.law.money import Rounding
from amends.payments.models import CourtDeposit, ExternalPayment
from amends.payments.models import Payment as FoundationPayment
from amends.registry.family_tree import family_tree_svg
from amends.registry.models import Person
from amends.registry.selectors import Estate, Family, estate_of, family_of


@dataclass(frozen=True, slots=True)
class Received:
    """Money received on an award: by one creditor, or on the whole award (``creditor_id`` None)."""

    on: date
    amount: int
    creditor_id: int | None


def received(*, award_ids: Iterable[int] | None = None, on: date | None = None) -> dict[int, list[Received]]:
    """The money received on each award (on all awards when ``award_ids`` is None) up to ``on`` (all of
    it when None), by award: three queries, whatever the number of awards."""
    ids = None if award_ids is None else list(award_ids)
    payments = FoundationPayment.objects.order_by()
    external = ExternalPayment.objects.order_by()
    collections = JournalEntry.objects.filter(posted=True, source=OuterRef("collected_source"))
    if on is not None:
        payments = payments.filter(paid_on__lte=on)
        external = external.filter(paid_on__lte=on)
        collections = collections.filter(posted_on__lte=on)
    # A deposit is collected when the ledger holds its "deposit:<pk>:collected" entry.
    deposits = (
        CourtDeposit.objects.order_by()
        .annotate(collected_source=Concat(Value("deposit:"), Cast("pk", CharField()), Value(":collected")))
        .filter(Exists(collections))
    )
    if ids is not None:
        payments = payments.filter(creditor__award_id__in=ids)
        external = external.filter(award_id__in=ids)
        deposits = deposits.filter(claim__creditor__award_id__in=ids)
    result: dict[int, list[Received]] = defaultdict(list)
    for rows in (
        payments.values_list("creditor__award_id", "creditor_id", "paid_on", "amount"),
        external.values_list("award_id", "creditor_id", "paid_on", "amount"),
        deposits.values_list("claim__creditor__award_id", "claim__creditor_id", "lodged_on", "amount"),
    ):
        for award_id, creditor_id, on_day, amount in rows:
            result[award_id].append(Received(on_day, amount, creditor_id))
    return result


def on_award(receipts: Sequence[Received]) -> list[Payment]:
    """What the award as a whole received, as the calculation core takes it."""
    return [Payment(r.on, r.amount) for r in receipts]


def to_creditor(receipts: Sequence[Received], creditor: Creditor) -> list[Payment]:
    """What reached ``creditor``: their own receipts, and their share (rounded down) of those on the
    whole award."""
    share = []
    for r in receipts:
        if r.creditor_id == creditor.pk:
            share.append(Payment(r.on, r.amount))
        elif r.creditor_id is None:
            share.append(Payment(r.on, r.amount * creditor.share_numerator // creditor.share_denominator))
    return [payment for payment in share if payment.amount > 0]


def award_terms(*, award_ids: Iterable[int] | None = None) -> dict[int, list[Accrual]]:
    """Each award's accrual terms in date order (all awards when ``award_ids`` is None), in one query."""
    terms = AccrualTerm.objects.order_by("award_id", "starts_on")
    if award_ids is not None:
        terms = terms.filter(award_id__in=list(award_ids))
    result: dict[int, list[Accrual]] = defaultdict(list)
    for award_id, starts_on, rate in terms.values_list("award_id", "starts_on", "rate"):
        result[award_id].append(Accrual(starts_on, Fraction(rate)))
    return result


def awards() -> QuerySet[Award]:
    """Awards with what computing their amounts reads: victim, case, accrual terms, creditors."""
    return Award.objects.select_related("victim", "case").prefetch_related(
        "accruals", Prefetch("creditors", queryset=Creditor.objects.select_related("person"))
    )


@dataclass(frozen=True)
class CreditorOwed:
    creditor: Creditor
    # A judgment states each creditor's award in whole won, dropping fractions: floor(principal × share).
    principal: int
    damages: DelayDamages | None

    @property
    def outstanding(self) -> int:
        """What the creditor is owed: principal and delay damages, less what they received."""
        return self.damages.outstanding if self.damages else self.principal


@dataclass(frozen=True)
class AwardOwed:
    award: Award
    on: date
    rounding: Rounding
    damages: DelayDamages | None
    creditors: list[CreditorOwed] = field(default_factory=list)
    note: str = ""

    @property
    def interest(self) -> int:
        return self.damages.interest if self.damages else 0

    @property
    def outstanding(self) -> int:
        return self.damages.outstanding if self.damages else self.award.principal


def _owed(
    *, principal: int, award: Award, on: date, rounding: Rounding, payments: Sequence[Payment] = ()
) -> tuple[DelayDamages | None, str]:
    accruals = award.accrual_terms()
    payments = [payment for payment in payments if payment.on <= on]
    note = ""
    if not accruals:
        note = gettext("No accrual terms are recorded for this award: no delay damages are computed.")
    elif on < accruals[0].start:
        note = gettext("Delay damages start on %(start)s, after the evaluation date.") % {
            "start": accruals[0].start
        }
    if note:
        if not payments:
            return None, note
        # Nothing accrues yet, but payments still reduce the principal: a rate of 0 says exactly that.
        accruals = [Accrual(min(on, *(payment.on for payment in payments)), Fraction(0))]
    damages = delay_damages(
        principal=principal,
        accruals=accruals,
        until=on,
        method=Method(award.method),
        rounding=rounding,
        payments=payments,
    )
    return damages, note


def award_owed(
    *, award: Award, on: date, rounding: Rounding = Rounding.FLOOR, receipts: list[Received] | None = None
) -> AwardOwed:
    """What is owed on ``award`` on ``on``, after what was received: for the whole award, and for each
    creditor's share. ``receipts`` (from :func:`received`) saves the queries when many awards are read."""
    if receipts is None:
        receipts = received(award_ids=[award.pk], on=on).get(award.pk, [])
    damages, note = _owed(
        principal=award.principal, award=award, on=on, rounding=rounding, payments=on_award(receipts)
    )
    creditors = []
    for creditor in award.creditors.all():
        principal = award.principal * creditor.share_numerator // creditor.share_denominator
        creditor_damages, _ = _owed(
            principal=principal,
            award=award,
            on=on,
            rounding=rounding,
            payments=to_creditor(receipts, creditor),
        )
        creditors.append(CreditorOwed(creditor=creditor, principal=principal, damages=creditor_damages))
    return AwardOwed(award=award, on=on, rounding=rounding, damages=damages, creditors=creditors, note=note)


def case_owed(*, case: Case, on: date, rounding: Rounding = Rounding.FLOOR) -> list[AwardOwed]:
    chosen = list(awards().filter(case=case))
    receipts = received(award_ids=[award.pk for award in chosen], on=on)
    return [
        award_owed(award=award, on=on, rounding=rounding, receipts=receipts.get(award.pk, []))
        for award in chosen
    ]


def creditor_owed(*, creditor: Creditor, on: date) -> CreditorOwed:
    """What ``creditor`` is owed on ``on``: their principal and delay damages, less what they received."""
    owed = award_owed(award=awards().get(pk=creditor.award_id), on=on)
    return next(row for row in owed.creditors if row.creditor.pk == creditor.pk)


@dataclass
class DefendantTotal:
    defendant: Defendant
    cases: set[int] = field(default_factory=set)
    awards: int = 0
    principal: int = 0
    interest: int = 0
    paid: int = 0

    @property
    def total(self) -> int:
        return self.principal + self.interest

    @property
    def outstanding(self) -> int:
        return self.total - self.paid


@dataclass(frozen=True, slots=True)
class AwardTotal:
    """An award's figures on a date, for the whole award: what totals and dashboards add up."""

    case_id: int
    principal: int
    interest: int
    paid: int
    outstanding: int


def all_awards_owed(*, on: date, rounding: Rounding = Rounding.FLOOR) -> dict[int, AwardTotal]:
    """Every award's principal, delay damages, money applied and what is outstanding on ``on``, by
    award, in four queries and one pass of the array engine (:mod:`amends.law.interest_batch`, the
    same arithmetic as :func:`award_owed`'s, for totals only). An award with no accrual terms, or
    whose terms start after ``on``, owes its principal less what was paid on it."""
    terms, receipts = award_terms(), received(on=on)
    result: dict[int, AwardTotal] = {}
    debts, rows = [], []
    for pk, case_id, principal, method in Award.objects.order_by().values_list(
        "pk", "case_id", "principal", "method"
    ):
        accruals, payments = terms.get(pk, []), on_award(receipts.get(pk, ()))
        if not accruals or on < accruals[0].start:
            paid = min(sum(payment.amount for payment in payments), principal)
            result[pk] = AwardTotal(case_id, principal, 0, paid, principal - paid)
            continue
        debts.append(
            {
                "principal": principal,
                "accruals": accruals,
                "until": on,
                "payments": payments,
                "method": Method(method),
            }
        )
        rows.append((pk, case_id, principal))
    if debts:
        batch = delay_damages_many(DebtTable.from_debts(debts, check=False), rounding=rounding)
        interest, paid, outstanding = batch.interest.tolist(), batch.paid.tolist(), batch.outstanding.tolist()
        for index, (pk, case_id, principal) in enumerate(rows):
            result[pk] = AwardTotal(case_id, principal, interest[index], paid[index], outstanding[index])
    return result


def defendant_totals(*, on: date, rounding: Rounding = Rounding.FLOOR) -> list[DefendantTotal]:
    """Per defendant: cases, awards, principal and delay damages owed on ``on``.

    Defendants of one case are liable for the whole award each (jointly and severally), so an award
    counts in full for every defendant of its case.
    """
    totals: dict[int, DefendantTotal] = {}
    defendants_of_case: dict[int, list[Defendant]] = defaultdict(list)
    for link in Case.defendants.through.objects.select_related("defendant"):
        defendants_of_case[link.case_id].append(link.defendant)
    for award in all_awards_owed(on=on, rounding=rounding).values():
        for defendant in defendants_of_case[award.case_id]:
            total = totals.setdefault(defendant.pk, DefendantTotal(defendant=defendant))
            total.cases.add(award.case_id)
            total.awards += 1
            total.principal += award.principal
            total.interest += award.interest
            total.paid += award.paid
    return sorted(totals.values(), key=lambda t: t.defendant.name_en)


@dataclass(frozen=True)
class HolderOwed:
    """A final holder of an award today: their share of it and what that share is owed."""

    person: Person
    share: Fraction
    amount: int
    paths: list[str]


@dataclass(frozen=True)
class AwardHolders:
    """Who holds ``award`` on ``on`` by succession from the victim, and what each is owed."""

    award: Award
    on: date
    outstanding: int
    holders: list[HolderOwed]
    estate: Estate | None = None
    tree_svg: str = ""

    @property
    def review(self) -> list[str]:
        return self.estate.review if self.estate else []

    @property
    def error(self) -> str:
        return self.estate.error if self.estate else ""

    @property
    def differs_from_judgment(self) -> bool:
        """The holders by succession are not the creditors the judgment names, in the same shares
        (an heir died since the judgment, renounced, or the family record is incomplete)."""
        named = {c.person_id: c.share for c in self.award.creditors.all()}
        return named != {h.person.pk: h.share for h in self.holders}


def award_holders(
    *,
    award: Award,
    on: date,
    rounding: Rounding = Rounding.FLOOR,
    deaths: dict[int, date] | None = None,
    renounced: tuple[int, ...] = (),
    family: Family | None = None,
    with_tree: bool = True,
    outstanding: int | None = None,
) -> AwardHolders:
    """The award's final holders on ``on`` with each one's amount (floored, as judgments do).

    ``deaths`` and ``renounced`` add facts not yet recorded, to preview their effect. ``outstanding``
    is what the award is owed on ``on`` (:attr:`AwardOwed.outstanding`), when the caller has it."""
    if outstanding is None:
        outstanding = award_owed(award=award, on=on, rounding=rounding).outstanding
    victim = award.victim
    died = (deaths or {}).get(victim.pk, victim.death_date)
    if died is None or died > on:
        return AwardHolders(award, on, outstanding, [HolderOwed(victim, Fraction(1), outstanding, [])])
    estate = estate_of(decedent=victim, family=family, deaths=deaths, renounced=renounced, as_of=on)
    amounts = succession.allocate(
        amount=outstanding,
        shares={h.person.pk: h.share for h in estate.holders},
        rule=succession.Allocation.FLOOR,
    )
    holders = [HolderOwed(h.person, h.share, amounts[h.person.pk], h.paths) for h in estate.holders]
    tree = ""
    if with_tree and not estate.error:
        tree = family_tree_svg(
            family=estate.family, decedent=victim, shares={h.person.pk: h.share for h in holders}, died=deaths
        )
    return AwardHolders(award, on, outstanding, holders, estate, tree)


@dataclass(frozen=True)
class HolderChange:
    person: Person
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class AwardChange:
    award: Award
    changes: list[HolderChange]
    error: str = ""


def succession_changes(
    *, person: Person, on: date, died_on: date | None = None, renounces: bool = False
) -> list[AwardChange]:
    """Every award that recording ``person``'s death on ``died_on`` (or their renunciation) would
    change, with who gains and who loses, in won owed on ``on``."""
    family = family_of(person=person)
    deaths = {person.pk: died_on} if died_on else None
    renounced = (person.pk,) if renounces else ()
    result = []
    chosen = list(awards().filter(victim__in=family.people.keys()).order_by("case__number", "pk"))
    receipts = received(award_ids=[award.pk for award in chosen], on=on)
    for award in chosen:
        # The award is owed the same either way; only who holds it changes.
        outstanding = award_owed(award=award, on=on, receipts=receipts.get(award.pk, [])).outstanding
        before = award_holders(award=award, on=on, family=family, with_tree=False, outstanding=outstanding)
        after = award_holders(
            award=award,
            on=on,
            family=family,
            deaths=deaths,
            renounced=renounced,
            with_tree=False,
            outstanding=outstanding,
        )
        amounts_before = {h.person.pk: (h.person, h.amount) for h in before.holders}
        amounts_after = {h.person.pk: (h.person, h.amount) for h in after.holders}
        changes = []
        for pk in {**amounts_before, **amounts_after}:
            who, was = amounts_before.get(pk, (None, 0))
            who_after, now = amounts_after.get(pk, (None, 0))
            if was != now:
                changes.append(HolderChange(who or who_after, was, now))
        if changes or after.error:
            changes.sort(key=lambda change: (change.difference, change.person.pk))
            result.append(AwardChange(award, changes, after.error))
    return result
