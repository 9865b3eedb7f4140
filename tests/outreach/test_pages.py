"""The timeline and the consultation pages: what the ministry and staff read, in date order, for every
role, in Korean by default."""

import re
from datetime import date
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from amends.demo.outreach import load_outreach_demo
from amends.outreach import selectors, services
from amends.outreach.models import ConsultationEvent
from tests.support import grant

pytestmark = pytest.mark.django_db

ROLES = ["caseworker", "legal_reviewer", "finance_officer", "approver", "auditor", "executive", None]


TIMELINE_ITEM = re.compile(r'<li class="timeline-(\w+)[^"]*">\s*<time datetime="([\d-]+)">')


def items(html: str) -> list[tuple[str, str]]:
    """(the <time> datetime, the item's kind) for each timeline item, in page order."""
    return [(when, kind) for kind, when in TIMELINE_ITEM.findall(html)]


@pytest.fixture
def reader(client, django_user_model):
    user = grant(django_user_model.objects.create_user(username="minister", is_staff=True), "executive")
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_timeline_merges_the_consultations_and_the_programme_in_date_order(reader, programme):
    # given the shared consultation record beside a programme of rulings, a payment, a refusal and a deposit
    load_outreach_demo()

    # when the ministry opens the timeline
    page = reader.get(reverse("outreach:timeline"))

    # then everything is there, oldest first, each date in a <time>
    assert page.status_code == 200
    html = page.content.decode()
    assert items(html) == [
        ("2013-07-10", "ruling"),
        ("2018-10-30", "ruling"),
        ("2023-01-12", "public_hearing"),
        ("2023-01-12", "civic_position"),
        ("2023-01-16", "consultation"),
        ("2023-01-30", "consultation"),
        ("2023-03", "civic_position"),
        ("2023-03-06", "announcement"),
        ("2023-03-21", "refusal"),
        ("2023-04-14", "payment"),
        ("2023-07-03", "deposit"),
        ("2023-07-04", "deposit"),
    ]
    text = unescape(html)
    # under a heading per year
    assert re.findall(r"<h2 id=\"year-(\d{4})\">", html) == ["2013", "2018", "2023"]
    # each item links to its detail: the round's page, the case page, the claim page
    second_round = ConsultationEvent.objects.get(date="2023-01-30")
    assert reverse("outreach:event_detail", args=[second_round.pk]) in html
    assert "Consultation round, director-general · Korean Ministry of Foreign Affairs, Seoul" in text
    assert reverse("cases:case_detail", args=["2013다61381"]) in html
    assert reverse("claims:claim_detail", args=[programme["paid"].pk]) in html
    assert reverse("claims:claim_detail", args=[programme["refused"].pk]) in html
    assert f"Paid {programme['amount']:,} won" in text
    assert "Deposit of 300,819,672 won lodged with Jeonju District Court" in text
    assert "The deposit officer refused the deposit" in text
    assert "The creditor refused the foundation's payment" in text
    # and the whole timeline is a list, usable without JavaScript
    assert html.count('<ol class="timeline">') == 3 and "<script" not in html.split("<main")[1]


def test_the_timeline_filters_by_kind_and_year(reader, programme):
    load_outreach_demo()

    # only the rounds
    rounds = reader.get(reverse("outreach:timeline"), {"kind": "consultation"}).content.decode()
    assert items(rounds) == [("2023-01-16", "consultation"), ("2023-01-30", "consultation")]
    # the programme's money and refusals in 2023
    money = reader.get(
        reverse("outreach:timeline"), {"kind": ["payment", "refusal", "deposit"], "year": "2023"}
    ).content.decode()
    assert [kind for _, kind in items(money)] == ["refusal", "payment", "deposit", "deposit"]
    # one year: only the rulings of 2018
    assert items(reader.get(reverse("outreach:timeline"), {"year": "2018"}).content.decode()) == [
        ("2018-10-30", "ruling")
    ]
    # a year or a kind that means nothing shows everything, not an error
    everything = reader.get(reverse("outreach:timeline"), {"year": "1066", "kind": "gossip"})
    assert everything.status_code == 200 and len(items(everything.content.decode())) == 12


def test_a_date_known_only_to_the_month_shows_as_the_month_and_sorts_at_its_start():
    # given an announcement on 2023-03-06 and a round reported only as "March 2023"
    services.consultation_event_record(by=None, kind="announcement", date=date(2023, 3, 6))
    services.consultation_event_record(
        by=None, kind="consultation", level="working", date=date(2023, 3, 1), date_precision="month"
    )

    # when the timeline is read
    timeline = selectors.timeline()

    # then the round comes first, dated to the month only
    assert [(item.date_text, item.kind) for item in timeline] == [
        ("2023-03", "consultation"),
        ("2023-03-06", "announcement"),
    ]
    assert selectors.timeline_years() == [2023]


def test_a_month_date_must_be_stored_as_the_first_of_the_month():
    with pytest.raises(ValidationError) as refused:
        services.consultation_event_record(
            by=None, kind="consultation", date=date(2023, 3, 15), date_precision="month"
        )
    assert list(refused.value.message_dict) == ["date"]
    assert ConsultationEvent.objects.count() == 0


def test_the_round_page_shows_participants_positions_outcome_and_statements(reader, consultations):
    # given the shared record, with a document linked to the second round
    services.consultations_import(data=consultations, by=None)
    second = ConsultationEvent.objects.get(date="2023-01-30")
    services.consultation_document_attach(
        by=None, event=second, title="Press release (MOFA Japan)", url="https://www.mofa.go.jp/press/"
    )

    # when its page is opened
    page = reader.get(reverse("outreach:event_detail", args=[second.pk]))

    # then it shows the round's level, date and place, both delegations and both positions side by side
    assert page.status_code == 200
    html = page.content.decode()
    text = unescape(html)
    assert "<h1>Consultation round, director-general</h1>" in html
    assert '<time datetime="2023-01-30">2023-01-30</time> · Korean Ministry of Foreign Affairs, Seoul' in html
    assert "about 3 hours from 14:30" in text
    korea = text.index('<h3 id="participants-KR">Korea</h3>')
    japan = text.index('<h3 id="participants-JP">Japan</h3>')
    assert korea < text.index("Director General for Asian and Pacific Affairs") < japan
    assert japan < text.index("Director-General, Asian and Oceanian Affairs Bureau")
    assert text.index('<h3 id="position-KR">Korea</h3>') < text.index("pushes for Japan's participation")
    assert text.index('<h3 id="position-JP">Japan</h3>') < text.index("settled by the 1965 treaty")
    assert "agree to keep close communication at various levels" in text
    assert "briefing to reporters after the meeting" in text
    assert "press release: the two sides agreed to communicate" in text
    assert (
        '<a href="https://www.mofa.go.jp/press/" rel="noopener noreferrer">Press release (MOFA Japan)</a>'
        in html
    )
    assert "No agenda is on record." in text
    # and its history: recorded by the system, then the document
    assert "consultation.record" in text and "consultation.attach_document" in text


def test_an_unknown_round_is_not_found(reader):
    assert reader.get(reverse("outreach:event_detail", args=[999])).status_code == 404


def test_every_role_reads_the_pages_and_anonymous_visitors_are_sent_to_log_in(
    client, django_user_model, consultations
):
    services.consultations_import(data=consultations, by=None)
    urls = [
        reverse("outreach:timeline"),
        reverse("outreach:event_detail", args=[ConsultationEvent.objects.first().pk]),
    ]
    for url in [*urls, reverse("outreach:index")]:
        anonymous = client.get(url, follow=True)
        assert anonymous.redirect_chain[-1][0].startswith(reverse("login")), url
    for role in ROLES:
        user = django_user_model.objects.create_user(username=f"user-{role}", is_staff=True)
        client.force_login(grant(user, role) if role else user)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
        client.logout()


def test_the_pages_are_in_korean_by_default(client, django_user_model, consultations):
    services.consultations_import(data=consultations, by=None)
    client.force_login(grant(django_user_model.objects.create_user(username="k"), "executive"))
    html = client.get(reverse("outreach:timeline")).content.decode()
    assert '<html lang="ko">' in html
