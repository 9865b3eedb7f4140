"""A creditor's claim from first contact to money received, with roles, four eyes and money safety."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override

from amends.judgments.models import Award
from amends.payments import services
from amends.payments.models import Payment, PaymentProposal, ReimbursementClaim
from amends.payments.owed import award_owed, awards
from tests.support import grant

pytestmark = pytest.mark.django_db

# The payments here are made on 2023-04-14, approved that day.
APPROVED_ON = date(2023, 4, 14)

DOCUMENTS = {
    "consent": "signed",
    "application_form": "received",
    "identity_document": "ID card",
    "bank_account_document": "passbook",
}


@pytest.fixture
def staff(django_user_model):
    def make(name, *roles):
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        grant(user, *roles)
        return user

    return {
        "kim": make("kim", "caseworker"),
        "lee": make("lee", "legal_reviewer"),
        "park": make("park", "finance_officer"),
        "choi": make("choi", "finance_officer"),
        "jung": make("jung", "auditor"),
        "han": make("han", "caseworker", "finance_officer"),
    }


@pytest.fixture
def living_victim(demo):
    """The living Nippon Steel victim: his own creditor, share 1."""
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.creditors.get()


def verified_claim(creditor, staff):
    claim = services.claim_open(creditor=creditor, by=staff["kim"])
    services.claim_record(
        claim=claim,
        event="contact",
        by=staff["kim"],
        facts={"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"},
    )
    services.claim_record(claim=claim, event="apply", by=staff["kim"], facts=DOCUMENTS)
    services.claim_record(
        claim=claim,
        event="verify",
        by=staff["lee"],
        facts={"identity": "checked", "heirship": "victim himself", "bank_account": "checked"},
    )
    return claim


@override("en")
def test_the_payment_path_from_contact_to_payment(living_victim, staff):
    # given a verified claim
    claim = verified_claim(living_victim, staff)
    planned = date(2023, 4, 14)
    owed = (
        award_owed(award=awards().get(pk=living_victim.award_id), on=planned).creditors[0].damages.outstanding
    )

    # when the caseworker proposes, a finance officer approves and the bank confirms
    services.claim_record(
        claim=claim,
        event="propose_payment",
        by=staff["kim"],
        facts={"planned_payment_date": planned.isoformat()},
    )
    services.claim_record(claim=claim, event="approve_payment", by=staff["choi"], occurred_on=APPROVED_ON)
    services.claim_record(
        claim=claim,
        event="confirm_payment",
        by=staff["park"],
        facts={"bank_confirmation": "KB-0001", "paid_on": "2023-04-14", "amount_paid": str(owed)},
    )

    # then the amount approved, fixed as of the payment date, is the amount paid
    claim.refresh_from_db()
    assert claim.state == "paid"
    payment = Payment.objects.get(creditor=living_victim)
    # 100,000,000 + 20 % a year from 2013-06-19: 9 whole years and 300 of 365 days
    assert payment.amount == owed == 100_000_000 + 180_000_000 + 16_438_356
    # the foundation now holds a reimbursement claim for it against the defendant
    assert ReimbursementClaim.objects.get(payment=payment).amount == owed
    # and nothing more is owed to this creditor on or after the payment date
    after = award_owed(award=awards().get(pk=living_victim.award_id), on=date(2026, 11, 28))
    assert after.creditors[0].damages.outstanding == 0
    assert [e.event for e in claim.entries.all()] == [
        "contact",
        "apply",
        "verify",
        "propose_payment",
        "approve_payment",
        "confirm_payment",
    ]


@override("en")
def test_whoever_proposed_cannot_approve_and_the_database_refuses_it_too(living_victim, staff):
    # given a proposal by someone who holds both the caseworker and the finance officer roles
    claim = verified_claim(living_victim, staff)
    services.claim_record(
        claim=claim, event="propose_payment", by=staff["han"], facts={"planned_payment_date": "2023-04-14"}
    )

    # then they cannot approve it themselves
    with pytest.raises(PermissionDenied, match="cannot"):
        services.claim_record(claim=claim, event="approve_payment", by=staff["han"], occurred_on=APPROVED_ON)

    # nor can it be written behind the service's back
    proposal = PaymentProposal.objects.get(claim=claim)
    proposal.approved_by = staff["han"]
    with pytest.raises(IntegrityError), transaction.atomic():
        proposal.save()
    claim.refresh_from_db()
    assert claim.state == "payment_proposed"


@override("en")
def test_roles_are_checked_by_the_service(living_victim, staff):
    claim = verified_claim(living_victim, staff)
    services.claim_record(
        claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": "2023-04-14"}
    )
    for who in ("kim", "lee", "jung"):  # caseworker (and the proposer), legal reviewer, auditor
        with pytest.raises(PermissionDenied, match="finance officer"):
            services.claim_record(claim=claim, event="approve_payment", by=staff[who])


@override("en")
def test_a_step_out_of_order_is_refused_with_the_reason(living_victim, staff):
    claim = services.claim_open(creditor=living_victim, by=staff["kim"])
    with pytest.raises(ValidationError) as refused:
        services.claim_record(claim=claim, event="approve_payment", by=staff["park"], occurred_on=APPROVED_ON)
    assert "allowed now" in refused.value.message_dict["event"][0]


@override("en")
def test_a_proposal_sent_twice_is_recorded_once(living_victim, staff):
    claim = verified_claim(living_victim, staff)
    key = uuid.uuid4()
    first = services.claim_record(
        claim=claim,
        event="propose_payment",
        by=staff["kim"],
        facts={"planned_payment_date": "2023-04-14"},
        idempotency_key=key,
    )
    again = services.claim_record(
        claim=claim,
        event="propose_payment",
        by=staff["kim"],
        facts={"planned_payment_date": "2023-04-14"},
        idempotency_key=key,
    )
    assert first == again
    assert PaymentProposal.objects.filter(claim=claim).count() == 1


@override("en")
def test_a_wrong_amount_is_refused(living_victim, staff):
    claim = verified_claim(living_victim, staff)
    with pytest.raises(ValidationError, match="amount owed on 2023-04-14"):
        services.claim_record(
            claim=claim,
            event="propose_payment",
            by=staff["kim"],
            facts={"planned_payment_date": "2023-04-14", "amount": "1000"},
        )
    services.claim_record(
        claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": "2023-04-14"}
    )
    services.claim_record(claim=claim, event="approve_payment", by=staff["choi"], occurred_on=APPROVED_ON)
    with pytest.raises(ValidationError, match="were approved"):
        services.claim_record(
            claim=claim,
            event="confirm_payment",
            by=staff["park"],
            facts={"bank_confirmation": "KB-1", "paid_on": "2023-04-14", "amount_paid": "1"},
        )
    assert not Payment.objects.exists()


def test_a_proposal_is_paid_at_most_once(living_victim, staff):
    # A creditor may be paid twice (a partial payment, then the rest), each time on a proposal of its
    # own; the database refuses a second payment on the same proposal.
    claim = verified_claim(living_victim, staff)
    proposal = PaymentProposal.objects.create(
        claim=claim,
        amount=5,
        planned_on=date(2023, 4, 14),
        prepared_by=staff["park"],
        idempotency_key=uuid.uuid4(),
    )
    Payment.objects.create(
        creditor=living_victim, proposal=proposal, amount=5, paid_on=date(2023, 4, 14), bank_reference="a"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            creditor=living_victim, proposal=proposal, amount=5, paid_on=date(2023, 4, 15), bank_reference="b"
        )


@override("en")
def test_refusal_then_a_court_deposit_that_the_officer_refuses(living_victim, staff, django_user_model):
    approver = django_user_model.objects.create_user(username="yoon")
    grant(approver, "approver")
    claim = services.claim_open(creditor=living_victim, by=staff["kim"])
    services.claim_record(
        claim=claim,
        event="refuse",
        by=staff["kim"],
        facts={"reason": "wants the company to pay and apologise"},
    )
    services.claim_record(
        claim=claim,
        event="propose_deposit",
        by=staff["lee"],
        facts={"planned_lodging_date": "2023-07-03", "court": "Gwangju District Court", "ground": "refusal"},
    )
    services.claim_record(claim=claim, event="approve_deposit", by=approver, occurred_on=date(2023, 7, 3))
    services.claim_record(
        claim=claim,
        event="lodge_deposit",
        by=staff["park"],
        facts={
            "court": "Gwangju District Court",
            "deposit_number": "2023금1234",
            "lodged_on": "2023-07-03",
            "amount": "300819672",
        },
    )
    services.claim_record(
        claim=claim,
        event="officer_refuses",
        by=staff["kim"],
        facts={"decided_on": "2023-07-04", "officer_reason": "the creditor objects"},
    )
    claim.refresh_from_db()
    assert claim.state == "deposit_refused"
    assert claim.deposits.get().deposit_number == "2023금1234"
    assert not Payment.objects.exists()


def test_a_payment_from_elsewhere_reduces_what_is_owed(living_victim, staff):
    award = awards().get(pk=living_victim.award_id)
    before = award_owed(award=award, on=date(2024, 3, 1)).damages.outstanding
    services.external_payment_record(
        award=award,
        by=staff["park"],
        paid_on=date(2024, 2, 20),
        amount=60_000_000,
        source="defendant's court security",
    )
    after = award_owed(award=awards().get(pk=living_victim.award_id), on=date(2024, 3, 1))
    assert after.damages.paid == 60_000_000
    assert after.damages.outstanding == before - 60_000_000
    with pytest.raises(PermissionDenied):
        services.external_payment_record(
            award=award, by=staff["kim"], paid_on=date(2024, 2, 20), amount=1, source="x"
        )


def test_claim_page_shows_the_timeline_and_refuses_an_auditor(client, living_victim, staff):
    claim = verified_claim(living_victim, staff)
    client.force_login(staff["kim"])
    url = reverse("claims:claim_detail", args=[living_victim.pk])
    page = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert page.count('data-testid="entry"') == 3
    assert 'data-testid="state">verified<' in page

    client.force_login(staff["jung"])
    response = client.post(
        reverse("claims:claim_record", args=[living_victim.pk]),
        {"event": "propose_payment", "fact_planned_payment_date": "2023-04-14"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.state == "verified"


def test_a_finance_officer_records_a_payment_from_elsewhere_on_the_case_page(client, living_victim, staff):
    url = reverse("claims:external_payment_create", args=[living_victim.award_id])
    form = {
        "paid_on": "2024-02-20",
        "amount": "60000000",
        "source": "defendant's court security",
        "creditor": "",
    }

    client.force_login(staff["kim"])
    assert client.post(url, form).status_code == 403

    client.force_login(staff["park"])
    response = client.post(url, form)
    assert response.status_code == 302
    owed = award_owed(award=awards().get(pk=living_victim.award_id), on=date(2024, 3, 1))
    assert owed.damages.paid == 60_000_000
    page = client.get(reverse("cases:case_detail", args=["2013다61381"]), headers={"Accept-Language": "en"})
    assert "60,000,000 · defendant&#x27;s court security" in page.content.decode()
