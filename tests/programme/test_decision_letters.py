"""The decision letter of a support application (issue 16): the applicant is told the decision, its
date and reasons and, after a refusal, until when they may object; it is stored like every letter and
written only once something is decided, by a caseworker."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.core.clock import today
from amends.core.pdf import pdf_text
from amends.letters.models import Letter
from amends.letters.services import letter_send, programme_decision_send
from amends.programme import services
from amends.programme.models import ApplicationFile

pytestmark = pytest.mark.django_db


def _refused(pair, people, *, decided_on):
    file = services.pair_accept(pair=pair, by=people["caseworker"])
    file = services.eligibility_propose(
        file=file, proposal="refused", reasons="not on a roster", by=people["caseworker"]
    )
    file = services.eligibility_decide(
        file=file, eligible=False, reasons="No roster names the applicant.", by=people["reviewer"]
    )
    ApplicationFile.objects.filter(pk=file.pk).update(decided_on=decided_on)
    file.refresh_from_db()
    return file


def test_a_refusal_letter_states_the_reasons_and_the_last_day_to_object(pair, people, settings):
    # given an application refused on 2026-11-20, with objections allowed for 30 days
    settings.OBJECTION_DAYS = 30
    file = _refused(pair, people, decided_on=today().replace(year=2026, month=11, day=20))
    # when a caseworker writes the decision letter in English
    letter = programme_decision_send(file=file, language="en", by=people["caseworker"])
    # then it is stored about the file, with the deadline 30 days after the decision
    assert (letter.kind, letter.application_file_id, letter.claim_id) == ("programme_decision", file.pk, None)
    assert letter.facts == {
        "application": "A1",
        "state": "refused",
        "decided_on": "2026-11-20",
        "objection_until": "2026-12-20",
    }
    text = " ".join(pdf_text(bytes(letter.pdf)).split())
    assert "Your application has not been found eligible for support." in text
    assert "No roster names the applicant." in text
    assert "until 2026-12-20 (30 days after the decision)" in text
    event = AuditEvent.objects.get(action="letter.send", subject_id=str(letter.pk))
    assert event.after["application_file"] == file.pk and event.actor == people["caseworker"]


def test_the_korean_letter_is_in_korean(pair, people):
    file = _refused(pair, people, decided_on=today() - timedelta(days=1))
    letter = programme_decision_send(file=file, language="ko", by=people["caseworker"])
    text = pdf_text(bytes(letter.pdf))
    assert "지원 대상으로 인정되지 않았습니다" in text.replace("\n", "")


def test_an_eligible_decision_offers_no_objection(pair, people):
    file = services.pair_accept(pair=pair, by=people["caseworker"])
    file = services.eligibility_propose(
        file=file, proposal="eligible", reasons="on the roster", by=people["caseworker"]
    )
    file = services.eligibility_decide(file=file, eligible=True, reasons="", by=people["reviewer"])
    letter = programme_decision_send(file=file, language="en", by=people["caseworker"])
    text = " ".join(pdf_text(bytes(letter.pdf)).split())
    assert "Your application has been found eligible for support." in text
    assert "object" not in text and "objection_until" not in letter.facts


def test_no_letter_before_a_decision_and_none_by_another_role(pair, people):
    file = services.pair_accept(pair=pair, by=people["caseworker"])
    with pytest.raises(ValidationError) as refused:
        programme_decision_send(file=file, language="en", by=people["caseworker"])
    assert "Nothing is decided on this application yet" in str(refused.value)
    file = services.eligibility_propose(file=file, proposal="refused", reasons="r", by=people["caseworker"])
    decided = services.eligibility_decide(file=file, eligible=False, reasons="r", by=people["reviewer"])
    with pytest.raises(PermissionDenied):
        programme_decision_send(file=decided, language="en", by=people["auditor"])
    with pytest.raises(ValidationError):
        programme_decision_send(file=decided, language="fr", by=people["caseworker"])
    assert not Letter.objects.exists()


def test_a_claim_letter_cannot_be_written_as_a_programme_decision(people):
    with pytest.raises(ValidationError):
        letter_send(claim=None, kind="programme_decision", language="en", by=people["caseworker"])


def test_the_page_writes_the_letter_and_lists_it(client, pair, people):
    file = _refused(pair, people, decided_on=today())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(people["caseworker"])
    response = client.post(
        reverse("applications:application_letter", args=[pair.application_id]),
        {"language": "ja"},
        follow=True,
    )
    letter = Letter.objects.get(application_file=file)
    assert letter.language == "ja"
    page = response.content.decode()
    assert f"Letter {letter.reference} is stored." in page
    assert reverse("letters:download", args=[letter.pk]) in page
    # an auditor sees the letter but no form to write one
    client.force_login(people["auditor"])
    page = client.get(reverse("applications:application_detail", args=[pair.application_id])).content.decode()
    assert letter.reference in page and "Write and store the decision letter" not in page
    assert (
        client.post(
            reverse("applications:application_letter", args=[pair.application_id]), {"language": "ko"}
        ).status_code
        == 403
    )
