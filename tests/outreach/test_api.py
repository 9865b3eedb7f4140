"""The consultation record on the JSON API: the timeline and one event, for staff only."""

import pytest
from django.test import Client

from amends.api import services as api_services
from amends.demo.outreach import load_outreach_demo
from amends.outreach.models import ConsultationEvent
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive(django_user_model):
    user = grant(django_user_model.objects.create_user(username="ministry", is_staff=True), "executive")
    token = api_services.api_token_create(by=None, user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_timeline_endpoint_lists_items_in_date_order_with_their_precision(executive, programme):
    # given the shared record beside the programme
    load_outreach_demo()

    # when the timeline's bilateral items of 2023 are asked for
    response = executive.get("/api/timeline?kind=consultation&kind=civic_position&year=2023")

    # then they come oldest first, a month-only date as the month
    assert response.status_code == 200
    assert [(item["date"], item["kind"], item["date_precision"]) for item in response.json()] == [
        ("2023-01-12", "civic_position", "day"),
        ("2023-01-16", "consultation", "day"),
        ("2023-01-30", "consultation", "day"),
        ("2023-03", "civic_position", "month"),
    ]
    assert len(executive.get("/api/timeline").json()) == 12


def test_the_consultation_endpoint_gives_the_whole_round(executive):
    load_outreach_demo()
    second = ConsultationEvent.objects.get(date="2023-01-30")

    body = executive.get(f"/api/consultations/{second.pk}").json()

    assert (body["kind"], body["level"], body["date"]) == ("consultation", "director_general", "2023-01-30")
    assert (
        body["positions"]["JP"]
        == "all claims arising from the 1910-45 colonial rule were settled by the 1965 treaty"
    )
    assert [p["side"] for p in body["participants"]] == ["KR", "JP"]
    assert {s["side"] for s in body["statements"]} == {"KR", "JP"}
    assert executive.get("/api/consultations/999").status_code == 404
    assert Client().get(f"/api/consultations/{second.pk}").status_code == 401
