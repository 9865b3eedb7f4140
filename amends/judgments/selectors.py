"""Reads for judgments: searching cases, and what is owed on an award on any date.

What is owed is never stored: it is computed from the award's terms by :mod:`amends.law.interest`
whenever it is asked for, for the date it is asked for.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from amends.judgments.models import Award, Case, Creditor, Defendant
from amends.judgments.validators import normalize_case_number
from amends.law import succession
from amends.law.interest import Accrual, DelayDamages, Method, Payment, delay_damages
from amends.law.money import Rounding
from amends.registry.family_tree import family_tree_svg
from amends.registry.models import Person
from amends.registry.selectors import Estate, Family, estate_of, family_of

NAME_FIELDS = ("name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized")


def today() -> date:
    """Today in the foundation's time zone: the default evaluation date."""
    return timezone.localdate()


def case_search(*, query: str = "") -> QuerySet[Case]:
    """Cases whose number, defendant, or a victim's or creditor's name in any script matches ``query``."""
    cases = Case.objects.select_related("court").prefetch_related("defendants")
    query = query.strip()
    if not query:
        return cases
    match = Q(number__icontains=normalize_case_number(query)) | Q(rulings__number__icontains=query)
    for name in ("name_ko", "name_ja", "name_en", "formerly", "key"):
        match |= Q(**{f"defendants__{name}__icontains": query})
    for name in NAME_FIELDS:
        match |= Q(**{f"awards__victim__{name}__icontains": query})
        match |= Q(**{f"awards__creditors__person__{name}__icontains": query})
    match |= Q(title__icontains=query)
    return cases.filter(pk__in=Case.objects.filter(match).values("pk"))


def case_get(*, number: str) -> Case:
    return (
        Case.objects.select_related("court")
        .prefetch_related("defendants", "rulings__court")
        .get(number=normalize_case_number(number))
    )


def _awards() -> QuerySet[Award]:
    return Award.objects.select_related("victim", "case").prefetch_related(
        "accruals",
        "external_payments",
        Prefetch("creditors", queryset=Creditor.objects.select_related("person", "payment")),
    )


@dataclass(frozen=True)
class CreditorOwed:
    creditor: Creditor
    # A judgment states each creditor's award in whole won, dropping fractions: floor(principal × share).
    principal: int
    damages: DelayDamages | None


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


def _payments(award: Award) -> tuple[list[Payment], dict[int, list[Payment]]]:
    """Money received on ``award``: in all, and per creditor (the foundation's payments to them, and
    payments from elsewhere, those made on the whole award shared by their shares, rounded down)."""
    whole, per_creditor = [], {}
    external = list(award.external_payments.all())
    for creditor in award.creditors.all():
        own = [Payment(e.paid_on, e.amount) for e in external if e.creditor_id == creditor.pk]
        own += [
            Payment(e.paid_on, e.amount * creditor.share_numerator // creditor.share_denominator)
            for e in external
            if e.creditor_id is None
        ]
        paid = getattr(creditor, "payment", None)
        if paid is not None:
            own.append(Payment(paid.paid_on, paid.amount))
            whole.append(Payment(paid.paid_on, paid.amount))
        per_creditor[creditor.pk] = [payment for payment in own if payment.amount > 0]
    whole += [Payment(e.paid_on, e.amount) for e in external]
    return whole, per_creditor


def award_owed(*, award: Award, on: date, rounding: Rounding = Rounding.FLOOR) -> AwardOwed:
    """What is owed on ``award`` on ``on``, after what was paid: for the whole award, and for each
    creditor's share."""
    whole, per_creditor = _payments(award)
    damages, note = _owed(principal=award.principal, award=award, on=on, rounding=rounding, payments=whole)
    creditors = []
    for creditor in award.creditors.all():
        principal = award.principal * creditor.share_numerator // creditor.share_denominator
        creditor_damages, _ = _owed(
            principal=principal, award=award, on=on, rounding=rounding, payments=per_creditor[creditor.pk]
        )
        creditors.append(CreditorOwed(creditor=creditor, principal=principal, damages=creditor_damages))
    return AwardOwed(award=award, on=on, rounding=rounding, damages=damages, creditors=creditors, note=note)


def case_owed(*, case: Case, on: date, rounding: Rounding = Rounding.FLOOR) -> list[AwardOwed]:
    return [award_owed(award=award, on=on, rounding=rounding) for award in _awards().filter(case=case)]


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


def defendant_totals(*, on: date, rounding: Rounding = Rounding.FLOOR) -> list[DefendantTotal]:
    """Per defendant: cases, awards, principal and delay damages owed on ``on``.

    Defendants of one case are liable for the whole award each (jointly and severally), so an award
    counts in full for every defendant of its case.
    """
    totals: dict[int, DefendantTotal] = {}
    defendants_of_case: dict[int, list[Defendant]] = defaultdict(list)
    for link in Case.defendants.through.objects.select_related("defendant"):
        defendants_of_case[link.case_id].append(link.defendant)
    for award in Award.objects.prefetch_related(
        "accruals",
        "external_payments",
        Prefetch("creditors", queryset=Creditor.objects.select_related("payment")),
    ):
        damages, _ = _owed(
            principal=award.principal, award=award, on=on, rounding=rounding, payments=_payments(award)[0]
        )
        for defendant in defendants_of_case[award.case_id]:
            total = totals.setdefault(defendant.pk, DefendantTotal(defendant=defendant))
            total.cases.add(award.case_id)
            total.awards += 1
            total.principal += award.principal
            total.interest += damages.interest if damages else 0
            total.paid += damages.paid if damages else 0
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
) -> AwardHolders:
    """The award's final holders on ``on`` with each one's amount (floored, as judgments do).

    ``deaths`` and ``renounced`` add facts not yet recorded, to preview their effect."""
    damages, _ = _owed(
        principal=award.principal, award=award, on=on, rounding=rounding, payments=_payments(award)[0]
    )
    outstanding = damages.outstanding if damages else award.principal
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
    for award in _awards().filter(victim__in=family.people.keys()).order_by("case__number", "pk"):
        before = award_holders(award=award, on=on, family=family, with_tree=False)
        after = award_holders(
            award=award, on=on, family=family, deaths=deaths, renounced=renounced, with_tree=False
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
