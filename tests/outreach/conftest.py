"""Small fixtures for the consultation record: the shared file, and a programme of two victims (one
paid, one who refused and whose deposit the court's officer refused), made through the services."""

import json
from datetime import date
from fractions import Fraction

import pytest

from amends.judgments import services as judgments_services
from amends.judgments.models import Court, Defendant, Ruling
from amends.judgments.services import CreditorSpec, RulingSpec
from amends.payments import services as payments
from amends.registry import services as registry
from tests.conftest import data_file
from tests.support import grant


@pytest.fixture
def consultations() -> dict:
    return json.loads(data_file("consultations.json").read_text(encoding="utf-8"))


@pytest.fixture
def people(django_user_model):
    def make(name, *roles):
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        return grant(user, *roles)

    return {
        "caseworker": make("kim", "caseworker"),
        "reviewer": make("lee", "legal_reviewer"),
        "finance": make("park", "finance_officer"),
        "approver": make("choi", "approver"),
        # whoever proposed a payment cannot approve it: a second finance officer approves
        "finance2": make("jung", "finance_officer"),
    }


@pytest.fixture
def programme(db, people):
    """Case 2013다61381: a Seoul High Court ruling (2013-07-10) and the Supreme Court's (2018-10-30);
    a victim paid on 2023-04-14; another who refused on 2023-03-20, whose deposit was lodged on
    2023-07-03 and refused by the deposit officer on 2023-07-04."""
    supreme = Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)
    high = Court.objects.create(name_ko="서울고등법원", name_en="Seoul High Court", level=Court.Level.HIGH)
    defendant = Defendant.objects.create(
        key="nippon-steel", name_ko="일본제철", name_ja="日本製鉄", name_en="Nippon Steel"
    )
    case = judgments_services.case_create(
        by=None,
        number="2013다61381",
        court=supreme,
        defendants=[defendant],
        title="Nippon Steel (en banc)",
        final_ruling_on=date(2018, 10, 30),
        rulings=[
            RulingSpec(Ruling.Instance.REMAND, high, "2012나44947", date(2013, 7, 10)),
            RulingSpec(Ruling.Instance.SUPREME_AGAIN, supreme, "2013다61381", date(2018, 10, 30)),
        ],
    )
    creditors = {}
    for name in ("김영수", "이정호"):
        victim = registry.person_create(by=None, name_hangul=name, sex="M", birth_date=date(1925, 1, 1))
        award = judgments_services.award_create(
            by=None,
            case=case,
            victim=victim,
            principal=100_000_000,
            accruals=[(date(2013, 6, 19), "0.20")],
            creditors=[CreditorSpec(person=victim, share=Fraction(1))],
        )
        creditors[name] = award.creditors.get()
    kim, lee, park, choi = (people[r] for r in ("caseworker", "reviewer", "finance", "approver"))

    paid = payments.claim_open(creditor=creditors["김영수"], by=kim)
    contact = {"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"}
    payments.claim_record(claim=paid, event="contact", by=kim, facts=contact, occurred_on=date(2023, 3, 20))
    documents = {"consent": "signed", "application_form": "received", "identity_document": "ID card"}
    documents["bank_account_document"] = "passbook"
    payments.claim_record(claim=paid, event="apply", by=kim, facts=documents, occurred_on=date(2023, 3, 28))
    checks = {"identity": "checked", "heirship": "victim himself", "bank_account": "checked"}
    payments.claim_record(claim=paid, event="verify", by=lee, facts=checks, occurred_on=date(2023, 4, 3))
    payments.claim_record(
        claim=paid, event="propose_payment", by=kim, facts={"planned_payment_date": "2023-04-14"}
    )
    payments.claim_record(
        claim=paid, event="approve_payment", by=people["finance2"], occurred_on=date(2023, 4, 14)
    )
    amount = paid.proposals.get().amount
    payments.claim_record(
        claim=paid,
        event="confirm_payment",
        by=park,
        facts={"bank_confirmation": "KB-0001", "paid_on": "2023-04-14", "amount_paid": str(amount)},
        occurred_on=date(2023, 4, 14),
    )

    refused = payments.claim_open(creditor=creditors["이정호"], by=kim)
    payments.claim_record(
        claim=refused, event="contact", by=kim, facts=contact, occurred_on=date(2023, 3, 20)
    )
    payments.claim_record(
        claim=refused,
        event="refuse",
        by=kim,
        facts={"reason": "wants an apology"},
        occurred_on=date(2023, 3, 21),
    )
    payments.claim_record(
        claim=refused,
        event="propose_deposit",
        by=lee,
        facts={"planned_lodging_date": "2023-07-03", "court": "Jeonju District Court", "ground": "refusal"},
    )
    payments.claim_record(claim=refused, event="approve_deposit", by=choi, occurred_on=date(2023, 7, 3))
    payments.claim_record(
        claim=refused,
        event="lodge_deposit",
        by=park,
        facts={
            "court": "Jeonju District Court",
            "deposit_number": "2023금1",
            "lodged_on": "2023-07-03",
            "amount": "300819672",
        },
        occurred_on=date(2023, 7, 3),
    )
    payments.claim_record(
        claim=refused,
        event="officer_refuses",
        by=kim,
        facts={"decided_on": "2023-07-04", "officer_reason": "the creditor objects"},
        occurred_on=date(2023, 7, 4),
    )
    return {"case": case, "paid": creditors["김영수"], "refused": creditors["이정호"], "amount": amount}
