"""Endpoints for judgments: cases, one award with what is owed and to whom, totals per defendant.

Thin: each parses its parameters, calls :mod:`amends.judgments.selectors`, :mod:`amends.payments.owed`
for amounts (or the API's own :mod:`~amends.api.selectors`) and shapes the answer; what is owed is
computed for the date asked (``on``, today by default), never read from storage.
"""

from fractions import Fraction

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from amends.api import schemas
from amends.api import selectors as api_selectors
from amends.api.errors import NotFound
from amends.api.schemas import Error, IsoDate
from amends.core.clock import today
from amends.judgments import selectors
from amends.judgments.models import Award, Case, Court, Defendant
from amends.law import interest_json
from amends.law.interest import DelayDamages
from amends.law.money import Rounding
from amends.payments import owed as owed_path
from amends.registry.models import Person

router = Router(tags=["judgments"])

ON = Query(None, description="The date to compute what is owed for (YYYY-MM-DD); today by default.")
ROUNDING = Query(Rounding.FLOOR, description="How delay damages are rounded to the won.")
ERRORS = {401: Error, 403: Error, 422: Error}


class CasePages(LimitOffsetPagination):
    class Input(LimitOffsetPagination.Input):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0)


def share_text(share: Fraction) -> str:
    return str(share)


def person_ref(person: Person) -> dict:
    return {"id": person.pk, "name": person.name_hangul, "name_hanja": person.name_hanja}


def court_out(court: Court) -> dict:
    return {"name_ko": court.name_ko, "name_en": court.name_en, "level": court.level}


def defendant_out(defendant: Defendant) -> dict:
    return {
        "key": defendant.key,
        "name_ko": defendant.name_ko,
        "name_ja": defendant.name_ja,
        "name_en": defendant.name_en,
    }


def case_summary(case: Case) -> dict:
    return {
        "number": case.number,
        "number_confirmed": case.number_confirmed,
        "title": case.title,
        "court": court_out(case.court),
        "filed_on": case.filed_on,
        "final_ruling_on": case.final_ruling_on,
        "defendants": [defendant_out(d) for d in case.defendants.all()],
    }


@router.get("/cases", response={200: list[schemas.CaseSummary], **ERRORS}, summary="Search cases")
@paginate(CasePages)
def case_list(request: HttpRequest, q: str = Query("", max_length=200)):
    """Cases whose number, defendant, title, or a victim's or creditor's name in any script matches
    ``q``, as the staff pages' search finds them; all cases without ``q``."""
    return selectors.case_search(query=q)


@router.get("/cases/{number}", response={200: schemas.CaseDetail, 404: Error, **ERRORS}, summary="One case")
def case_detail(request: HttpRequest, number: str):
    """A case with its rulings at each instance, its defendants and a summary of its awards."""
    try:
        case = selectors.case_get(number=number)
    except Case.DoesNotExist:
        raise NotFound(_("No case %(number)s.") % {"number": number}) from None
    return {
        **case_summary(case),
        "notes": case.notes,
        "rulings": [
            {
                "instance": ruling.instance,
                "court": court_out(ruling.court),
                "number": ruling.number,
                "decided_on": ruling.decided_on,
                "argument_closed_on": ruling.argument_closed_on,
            }
            for ruling in case.rulings.all()
        ],
        "awards": [
            {
                "id": award.pk,
                "victim": person_ref(award.victim),
                "principal": award.principal,
                "method": award.method,
                "terms_assumed": award.terms_assumed,
                "creditors": award.creditor_count,
            }
            for award in api_selectors.case_awards(case=case)
        ],
    }


def _owed(damages: DelayDamages | None, *, principal: int, rounding: Rounding, note: str) -> dict:
    if damages is None:
        return {
            "principal": principal,
            "interest": 0,
            "total": principal,
            "paid": 0,
            "outstanding": principal,
            "overpaid": 0,
            "lines": [],
            "payments": [],
            "note": note,
        }
    return {**interest_json.dump(damages, rounding), "note": note}


@router.get(
    "/awards/{award_id}",
    response={200: schemas.Award, 404: Error, **ERRORS},
    by_alias=True,
    summary="One award: what is owed, and to whom",
)
def award_detail(request: HttpRequest, award_id: int, on: IsoDate | None = ON, rounding: Rounding = ROUNDING):
    """The award's principal and accrual terms; what is owed on ``on`` (delay damages line by line);
    the creditors the judgment names, each with their share's principal and what it is owed, and after
    each one who died since, their heirs (``succeeds``: the creditor they inherit from) with their
    parts; and who holds the award on ``on``, with their amounts (the same figures: they add up to the
    award). ``differs_from_judgment`` is true when those holders are not who the family record says
    holds the victim's estate (the judgment named others, or a death is not handed on yet)."""
    try:
        award = api_selectors.award_get(award_id=award_id)
    except Award.DoesNotExist:
        raise NotFound(_("No award %(id)s.") % {"id": award_id}) from None
    on = on or today()
    owed = owed_path.award_owed(award=award, on=on, rounding=rounding)
    holders = owed_path.award_holders(award=award, on=on, rounding=rounding, with_tree=False, owed=owed)
    calculation = _owed(owed.damages, principal=award.principal, rounding=rounding, note=owed.note)
    # The award's figures are the sums of its creditors' parts; the lines are the calculation on the
    # whole principal, for reading.
    calculation |= {
        "principal": owed.principal,
        "interest": owed.interest,
        "total": owed.principal + owed.interest,
        "paid": owed.paid,
        "outstanding": owed.outstanding,
        "overpaid": sum(row.overpaid for row in owed.holding()),
    }
    return {
        "id": award.pk,
        "case": award.case.number,
        "victim": person_ref(award.victim),
        "principal": award.principal,
        "method": award.method,
        "terms_assumed": award.terms_assumed,
        "accruals": [
            {"from": term.starts_on, "rate": interest_json.rate_text(Fraction(term.rate))}
            for term in award.accruals.all()
        ],
        "on": on,
        "rounding": rounding.value,
        "owed": calculation,
        "creditors": [
            {
                "id": item.creditor.pk,
                "succeeds": item.creditor.succeeds_id,
                "person": person_ref(item.creditor.person),
                "relation": item.creditor.relation,
                "share": share_text(item.creditor.share),
                "principal": item.principal,
                "interest": item.interest,
                "total": item.principal + item.interest,
                "paid": item.paid,
                "outstanding": item.outstanding,
            }
            for item in owed.rows()
        ],
        "succession": {
            "differs_from_judgment": holders.differs_from_judgment,
            "review": holders.review,
            "error": holders.error,
            "holders": [
                {
                    "person": person_ref(holder.person),
                    "share": share_text(holder.share),
                    "amount": holder.amount,
                    "paths": holder.paths,
                }
                for holder in holders.holders
            ],
        },
    }


@router.get(
    "/defendants/totals",
    response={200: schemas.DefendantTotals, **ERRORS},
    summary="What each defendant owes",
)
def defendant_totals(request: HttpRequest, on: IsoDate | None = ON, rounding: Rounding = ROUNDING):
    """Per defendant: cases, awards, principal and delay damages owed on ``on``. Defendants of one
    case are each liable for the whole award, so an award counts in full for each of them."""
    on = on or today()
    return {
        "on": on,
        "rounding": rounding.value,
        "defendants": [
            {
                "defendant": defendant_out(total.defendant),
                "cases": len(total.cases),
                "awards": total.awards,
                "principal": total.principal,
                "interest": total.interest,
                "total": total.total,
                "paid": total.paid,
                "outstanding": total.outstanding,
            }
            for total in owed_path.defendant_totals(on=on, rounding=rounding)
        ],
    }
