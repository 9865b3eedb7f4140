"""Reads for judgments: searching cases, and what is owed on an award on any date.

What is owed is never stored: it is computed from the award's terms by :mod:`amends.law.interest`
whenever it is asked for, for the date it is asked for.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from amends.judgments.models import Award, Case, Creditor, Defendant
from amends.judgments.validators import normalize_case_number
from amends.law.interest import DelayDamages, Method, delay_damages
from amends.law.money import Rounding

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
        "accruals", Prefetch("creditors", queryset=Creditor.objects.select_related("person"))
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


def _owed(*, principal: int, award: Award, on: date, rounding: Rounding) -> tuple[DelayDamages | None, str]:
    accruals = award.accrual_terms()
    if not accruals:
        return None, gettext("No accrual terms are recorded for this award: no delay damages are computed.")
    if on < accruals[0].start:
        return None, gettext("Delay damages start on %(start)s, after the evaluation date.") % {
            "start": accruals[0].start
        }
    damages = delay_damages(
        principal=principal, accruals=accruals, until=on, method=Method(award.method), rounding=rounding
    )
    return damages, ""


def award_owed(*, award: Award, on: date, rounding: Rounding = Rounding.FLOOR) -> AwardOwed:
    """What is owed on ``award`` on ``on``: for the whole award, and for each creditor's share."""
    damages, note = _owed(principal=award.principal, award=award, on=on, rounding=rounding)
    creditors = []
    for creditor in award.creditors.all():
        principal = award.principal * creditor.share_numerator // creditor.share_denominator
        creditor_damages, _ = _owed(principal=principal, award=award, on=on, rounding=rounding)
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

    @property
    def total(self) -> int:
        return self.principal + self.interest


def defendant_totals(*, on: date, rounding: Rounding = Rounding.FLOOR) -> list[DefendantTotal]:
    """Per defendant: cases, awards, principal and delay damages owed on ``on``.

    Defendants of one case are liable for the whole award each (jointly and severally), so an award
    counts in full for every defendant of its case.
    """
    totals: dict[int, DefendantTotal] = {}
    defendants_of_case: dict[int, list[Defendant]] = defaultdict(list)
    for link in Case.defendants.through.objects.select_related("defendant"):
        defendants_of_case[link.case_id].append(link.defendant)
    for award in Award.objects.prefetch_related("accruals"):
        damages, _ = _owed(principal=award.principal, award=award, on=on, rounding=rounding)
        for defendant in defendants_of_case[award.case_id]:
            total = totals.setdefault(defendant.pk, DefendantTotal(defendant=defendant))
            total.cases.add(award.case_id)
            total.awards += 1
            total.principal += award.principal
            total.interest += damages.interest if damages else 0
    return sorted(totals.values(), key=lambda t: t.defendant.name_en)


def share_text(share: Fraction) -> str:
    return "1" if share == 1 else f"{share.numerator}/{share.denominator}"
