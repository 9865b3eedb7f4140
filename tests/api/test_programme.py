"""The support programme's application files through the API (issue 16): the same services as the
pages, so the same roles, four eyes and deadlines; refusals as JSON naming the field."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from amends.core.clock import today
from amends.programme.models import ApplicationFile
from amends.rosters.models import Application, CandidatePair, ImportBatch, LinkageRun, RosterEntry
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(django_user_model):
    def client(name, *roles):
        user = django_user_model.objects.create_user(username=name)
        grant(user, *roles)
        signed_in = Client(HTTP_ACCEPT_LANGUAGE="en")
        signed_in.force_login(user)
        return signed_in

    return {
        "kim": client("kim", "caseworker"),
        "lee": client("lee", "legal_reviewer"),
        "seo": client("seo", "legal_reviewer"),
        "jung": client("jung", "auditor"),
        "park": client("park", "finance_officer"),
    }


@pytest.fixture
def application(db):
    batch = ImportBatch.objects.create(kind="applications", file_name="a.csv", rows=1)
    found = Application.objects.create(ref="A7", name_hangul="김정웅", birth_date="1920-03-05", batch=batch)
    entry = RosterEntry.objects.create(ref="R7", name_japanese="金田 正雄", source_name="S", batch=batch)
    run = LinkageRun.objects.create(threshold=0.5, status=LinkageRun.Status.DONE, progress=100)
    CandidatePair.objects.create(
        run=run, application=found, roster_entry=entry, probability=0.9, match_weight=9
    )
    return found


def post(client, path, body=None):
    return client.post(path, json.dumps(body) if body is not None else "", content_type="application/json")


def test_a_file_goes_from_link_to_refusal_and_a_late_objection_is_refused(clients, application):
    base = f"/api/applications/{application.pk}/file"
    # a caseworker links the application: a person is registered from it
    linked = post(clients["kim"], base)
    assert linked.status_code == 201, linked.content
    assert linked.json()["state"] == "linked" and linked.json()["person_id"] is not None
    assert linked.json()["steps"] == ["propose"]
    # proposes it not eligible; the proposer's own refusal is forbidden by four eyes (she is no reviewer)
    proposed = post(
        clients["kim"], f"{base}/steps", {"step": "propose", "proposal": "refused", "reasons": "no roster"}
    )
    assert proposed.json()["state"] == "eligibility_proposed"
    assert post(clients["kim"], f"{base}/steps", {"step": "refuse", "reasons": "x"}).status_code == 403
    # a refusal without reasons names the field, and changes nothing
    bare = post(clients["lee"], f"{base}/steps", {"step": "refuse"})
    assert (bare.status_code, bare.json()["field"]) == (422, "reasons")
    assert ApplicationFile.objects.get(application=application).state == "eligibility_proposed"
    refused = post(clients["lee"], f"{base}/steps", {"step": "refuse", "reasons": "No roster names him."})
    assert refused.status_code == 200
    assert refused.json()["objection_until"] == (today() + timedelta(days=30)).isoformat()
    # an objection after the deadline is refused naming the deadline
    ApplicationFile.objects.filter(application=application).update(decided_on=today() - timedelta(days=31))
    late = post(
        clients["kim"],
        f"{base}/steps",
        {"step": "object", "filed_on": today().isoformat(), "objection": "I was there"},
    )
    assert late.status_code == 422 and late.json()["field"] == "filed_on"
    assert "deadline was" in late.json()["detail"]
    # an auditor reads the file and the list; a finance officer may not
    assert clients["jung"].get(base).json()["decision_reasons"] == "No roster names him."
    listed = clients["jung"].get("/api/applications/files?state=refused").json()
    assert listed["count"] == 1 and listed["items"][0]["application"] == "A7"
    assert clients["park"].get(base).status_code == 403


def test_unknown_fields_states_and_steps_are_refused(clients, application):
    base = f"/api/applications/{application.pk}/file"
    assert post(clients["kim"], base, {"person": 1}).status_code == 422
    assert clients["kim"].get("/api/applications/files?state=paid").status_code == 422
    assert clients["kim"].get(base).status_code == 404
    post(clients["kim"], base)
    assert post(clients["kim"], f"{base}/steps", {"step": "pay"}).status_code == 422
    assert (
        post(clients["kim"], f"{base}/steps", {"step": "object", "objection": "x"}).json()["field"]
        == "filed_on"
    )


def test_the_rules_are_published(clients):
    rules = clients["jung"].get("/api/applications/lifecycle").json()
    assert {"state": "eligibility_proposed", "step": "refuse", "to": "refused", "role": "legal_reviewer",
            "not_by": "propose", "reasons": True} in rules  # fmt: skip
