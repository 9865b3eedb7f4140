# The fund's fixtures are imported by name, which pytest needs and ruff takes for redefinitions.
# ruff: noqa: F811
"""Money dates outside any plausible window are refused, naming the field, and change nothing: a
payment in year 1, a proposal for 9999-12-31, a batch for 1900-01-01, a contribution in year 1.

The window is one rule (:func:`amends.core.parsing.day_in_window`): nothing before 1945-08-15, nothing
after today (a planned day at most a budget year ahead), nothing before the judgment or the decision
the step rests on."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from amends.api import services as api_services
from amends.banking.models import PaymentBatch
from amends.banking.services import batches
from amends.fund.models import Contribution, Donor, JournalEntry
from amends.fund.services import contributions
from amends.payments import services as payments
from amends.payments.models import Claim, ClaimEntry, ExternalPayment, Payment, PaymentProposal
from tests.fund.conftest import DOCUMENTS, _english, approved_claim, case, creditors, staff  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

YEAR_ONE = date(1, 1, 1)


def proposed_claim(creditor, staff, planned=date(2023, 4, 14)):
    claim = payments.claim_open(creditor=creditor, by=staff["kim"])
    record = payments.claim_record
    record(
        claim=claim,
        event="contact",
        by=staff["kim"],
        facts={"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"},
    )
    record(claim=claim, event="apply", by=staff["kim"], facts=DOCUMENTS)
    record(
        claim=claim,
        event="verify",
        by=staff["lee"],
        facts={"identity": "checked", "heirship": "victim himself", "bank_account": "checked"},
    )
    record(
        claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": str(planned)}
    )
    return claim


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (YEAR_ONE, "0001-01-01 is before 1945-08-15: no record of this fund is that old."),
        (date(2015, 1, 1), "2015-01-01 is before the final ruling (2018-10-30), which it rests on."),
    ],
)
def test_an_approval_dated_before_the_judgment_is_refused(creditors, staff, day, message):
    # given a proposal on a claim under the final ruling of 2018-10-30
    claim = proposed_claim(creditors[0], staff)
    entries = ClaimEntry.objects.count()

    # when the approval is dated before it (so that a payment could be dated then too)
    with pytest.raises(ValidationError) as refused:
        payments.claim_record(claim=claim, event="approve_payment", by=staff["park"], occurred_on=day)

    # then
    assert refused.value.message_dict == {"occurred_on": [message]}
    assert Claim.objects.get(pk=claim.pk).state == "payment_proposed"
    assert ClaimEntry.objects.count() == entries


def test_a_payment_dated_in_year_one_is_refused_and_posts_nothing(creditors, staff):
    # given an approved payment of 2023-04-14
    claim = approved_claim(creditors[0], staff)
    amount = PaymentProposal.objects.get(claim=claim).amount
    journal = JournalEntry.objects.count()

    # when the bank's confirmation is said to be of 0001-01-01
    with pytest.raises(ValidationError) as refused:
        payments.claim_record(
            claim=claim,
            event="confirm_payment",
            by=staff["choi"],
            facts={"paid_on": "0001-01-01", "amount_paid": amount, "bank_confirmation": "B-1"},
        )

    # then nothing is paid, nothing is posted in year 1
    assert list(refused.value.message_dict) == ["paid_on"]
    assert "0001-01-01 is before" in refused.value.message_dict["paid_on"][0]
    assert not Payment.objects.exists()
    assert JournalEntry.objects.count() == journal
    assert not JournalEntry.objects.filter(posted_on__year__lt=1945).exists()


def api_client(user) -> Client:
    token = api_services.api_token_create(by=None, user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_a_payment_planned_for_9999_12_31_is_refused_through_the_api(creditors, staff):
    # given a verified claim
    claim = proposed_claim(creditors[0], staff)
    payments.claim_record(claim=claim, event="decline", by=staff["park"], facts={"reason": "re-plan"})
    client = api_client(staff["kim"])
    proposals = PaymentProposal.objects.count()

    # when the proposal is planned for the last day of the calendar
    response = client.post(
        f"/api/creditors/{creditors[0].pk}/claim/proposals",
        {"planned_payment_date": "9999-12-31"},
        content_type="application/json",
    )

    # then no 191-billion-won proposal is made
    assert response.status_code == 422
    assert response.json()["field"] == "planned_payment_date"
    assert "9999-12-31 is more than a year ahead" in response.json()["detail"]
    assert PaymentProposal.objects.count() == proposals


@pytest.mark.parametrize(
    ("day", "words"),
    [("1900-01-01", "is in the past"), ("9999-12-31", "more than a year ahead")],
)
def test_a_batch_for_1900_or_9999_is_refused(creditors, staff, day, words):
    # given an approved payment
    approved_claim(creditors[0], staff)
    client = api_client(staff["choi"])

    # when a batch is asked for a day no bank executes on
    response = client.post("/api/batches", {"execution_on": day}, content_type="application/json")

    # then
    assert response.status_code == 422
    assert response.json()["field"] == "execution_on"
    assert words in response.json()["detail"]
    assert not PaymentBatch.objects.exists()


def test_the_batch_service_refuses_a_day_beyond_the_planning_horizon(creditors, staff):
    # given an approved payment
    approved_claim(creditors[0], staff)

    # when the service itself is asked for a day more than a year ahead
    far = timezone.localdate() + timedelta(days=400)
    with pytest.raises(ValidationError) as refused:
        batches.batch_create(by=staff["choi"], execution_on=far)

    # then
    assert list(refused.value.message_dict) == ["execution_on"]
    assert not PaymentBatch.objects.exists()


def test_a_contribution_in_year_one_is_refused_on_the_page(staff, client):
    # given a donor
    donor = contributions.donor_create(by=staff["park"], name="POSCO", kind=Donor.Kind.COMPANY)
    client.force_login(staff["park"])

    # when a receipt is dated 0001-01-01
    response = client.post(
        reverse("fund:contribution_create"),
        {"donor": donor.pk, "kind": "receipt", "amount": "4,000,000,000", "on": "0001-01-01"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then the page, answered 400 with what was typed, says which field and why; nothing is recorded
    assert response.status_code == 400
    assert 'value="0001-01-01"' in response.content.decode()
    assert (
        "on: 0001-01-01 is before 1945-08-15: no record of this fund is that old."
        in response.content.decode()
    )
    assert not Contribution.objects.exists()
    assert not JournalEntry.objects.filter(posted_on__year__lt=1945).exists()


def test_a_payment_from_elsewhere_before_the_judgment_is_refused(case, creditors, staff):
    # when a payment from elsewhere is dated before the final ruling it would discharge
    award = creditors[0].award
    with pytest.raises(ValidationError) as refused:
        payments.external_payment_record(
            award=award, by=staff["park"], paid_on=date(1900, 1, 1), amount=1_000, source="a security"
        )

    # then
    assert refused.value.message_dict == {
        "paid_on": ["1900-01-01 is before 1945-08-15: no record of this fund is that old."]
    }
    assert not ExternalPayment.objects.exists()

    # and a day after 1945 but before the judgment is refused naming the judgment
    with pytest.raises(ValidationError) as refused:
        payments.external_payment_record(
            award=award, by=staff["park"], paid_on=date(2010, 1, 1), amount=1_000, source="a security"
        )
    assert refused.value.message_dict == {
        "paid_on": ["2010-01-01 is before the final ruling (2018-10-30), which it rests on."]
    }
    assert not ExternalPayment.objects.exists()


def test_a_deposit_planned_for_9999_is_refused(creditors, staff, django_user_model):
    # given a claim the creditor refuses
    claim = payments.claim_open(creditor=creditors[0], by=staff["kim"])
    payments.claim_record(
        claim=claim,
        event="contact",
        by=staff["kim"],
        facts={"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"},
    )
    payments.claim_record(claim=claim, event="refuse", by=staff["kim"], facts={"reason": "rejects the fund"})

    # when a deposit is proposed for 9999-12-31
    with pytest.raises(ValidationError) as refused:
        payments.claim_record(
            claim=claim,
            event="propose_deposit",
            by=staff["lee"],
            facts={"planned_lodging_date": "9999-12-31", "court": "Seoul"},
        )

    # then
    assert list(refused.value.message_dict) == ["planned_lodging_date"]
    assert "more than a year ahead" in refused.value.message_dict["planned_lodging_date"][0]
    assert Claim.objects.get(pk=claim.pk).state == "refused"
