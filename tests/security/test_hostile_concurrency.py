"""The same write sent several times at once (a double submit, a retried request) answers each sender
clearly and records it once: a renunciation is refused as already recorded (never a 500 from the
unique constraint), a payment proposal under one idempotency key replays the first (never a 422).
Proven on PostgreSQL with real concurrent connections; SQLite's IMMEDIATE transactions queue writers
before any of this runs."""

import threading
import uuid
from datetime import date
from fractions import Fraction

import pytest
from django.db import connection, connections
from django.test import Client

from amends.api import services as api_services
from amends.demo.judgments import _reference_data
from amends.judgments import services as judgments
from amends.judgments.models import Court, Defendant
from amends.judgments.services import CreditorSpec
from amends.payments import services as payments
from amends.payments.models import PaymentProposal
from amends.registry import services as registry
from amends.registry.models import Renunciation
from tests.fund.conftest import DOCUMENTS
from tests.support import clear_append_only_records, grant

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL connections"),
    pytest.mark.django_db(transaction=True),
]

SENDERS = 8


@pytest.fixture(autouse=True)
def _clear_append_only_records_before_flush(transactional_db):
    yield
    clear_append_only_records()


def at_once(count: int, send) -> list:
    """``send(n)`` from ``count`` threads started together, each on its own connection: what each
    answered, or the exception it raised."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(number: int) -> None:
        try:
            start.wait()
            results[number] = send(number)
        except Exception as error:  # reported by the test
            results[number] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_renunciation_submitted_eight_times_at_once_is_recorded_once(django_user_model):
    # given a father who died in 2019, his two sons, and a caseworker
    kim = grant(django_user_model.objects.create_user(username="kim", is_staff=True), "caseworker")
    father = registry.person_create(by=None, name_hangul="김부친", sex="M", birth_date=date(1925, 3, 1))
    registry.person_record_death(by=None, person=father, died_on=date(2019, 5, 1))
    sons = [
        registry.person_create(by=None, name_hangul=name, sex="M", birth_date=date(1950, 1, 1))
        for name in ("김장남", "김차남")
    ]
    for son in sons:
        registry.parent_child_link(by=None, parent=father, child=son)
    form = {"estate_of": father.pk, "accepted_on": "2019-08-01", "action": "confirm"}
    clients = [signed_in(kim) for _ in range(SENDERS)]

    # when the elder son's renunciation is confirmed eight times at once
    answers = at_once(SENDERS, lambda n: clients[n].post(f"/people/{sons[0].pk}/renunciation/", form))

    # then one records it and the others are told it is already recorded; none fails
    failures = [answer for answer in answers if isinstance(answer, Exception)]
    assert failures == []
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * (SENDERS - 1) + [302]
    refused = [answer.content.decode() for answer in answers if answer.status_code == 200]
    assert all("This renunciation is already recorded." in page for page in refused)
    assert Renunciation.objects.filter(person=sons[0], estate_of=father).count() == 1


@pytest.fixture
def verified(django_user_model):
    """A living victim's verified claim (2013다61381-like, 100,000,000 won at 20 % from 2013-06-19)
    and a caseworker's API client."""
    _reference_data()
    case = judgments.case_create(
        by=None,
        number="2013다61381",
        court=Court.objects.get(name_ko="대법원"),
        defendants=[Defendant.objects.get(key="nippon-steel")],
        final_ruling_on=date(2018, 10, 30),
    )
    victim = registry.person_create(by=None, name_hangul="김영수", sex="M", birth_date=date(1925, 3, 1))
    award = judgments.award_create(
        by=None,
        case=case,
        victim=victim,
        principal=100_000_000,
        accruals=[(date(2013, 6, 19), "0.20")],
        creditors=[CreditorSpec(person=victim, share=Fraction(1))],
    )
    kim = grant(django_user_model.objects.create_user(username="kim", is_staff=True), "caseworker")
    lee = grant(django_user_model.objects.create_user(username="lee", is_staff=True), "legal_reviewer")
    creditor = award.creditors.get()
    claim = payments.claim_open(creditor=creditor, by=kim)
    payments.claim_record(
        claim=claim,
        event="contact",
        by=kim,
        facts={"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"},
    )
    payments.claim_record(claim=claim, event="apply", by=kim, facts=DOCUMENTS)
    payments.claim_record(
        claim=claim,
        event="verify",
        by=lee,
        facts={"identity": "checked", "heirship": "victim himself", "bank_account": "checked"},
    )
    return creditor, kim


def test_a_proposal_sent_eight_times_at_once_under_one_key_replays_the_first(verified):
    # given a verified claim and eight API clients of the caseworker
    creditor, kim = verified
    token = api_services.api_token_create(by=None, user=kim, name="tests")
    clients = [
        Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en") for _ in range(SENDERS)
    ]
    body = {"planned_payment_date": "2023-04-14", "idempotency_key": str(uuid.uuid4())}

    # when the same proposal is sent eight times at once
    answers = at_once(
        SENDERS,
        lambda n: clients[n].post(
            f"/api/creditors/{creditor.pk}/claim/proposals", body, content_type="application/json"
        ),
    )

    # then every sender is answered with the one proposal recorded
    failures = [answer for answer in answers if isinstance(answer, Exception)]
    assert failures == []
    assert [answer.status_code for answer in answers] == [200] * SENDERS
    assert len({answer.json()["entry"]["id"] for answer in answers}) == 1
    assert list(
        PaymentProposal.objects.filter(claim__creditor=creditor).values_list("amount", flat=True)
    ) == [296_438_356]
