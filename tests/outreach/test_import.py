"""Importing the public record of the consultations: faithful, all or nothing, idempotent."""

import copy
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from amends.audit.models import AuditEvent
from amends.demo.outreach import load_outreach_demo
from amends.outreach import services
from amends.outreach.models import (
    AgendaItem,
    CivicPosition,
    ConsultationDocument,
    ConsultationEvent,
    Participant,
    PressStatement,
)
from tests.conftest import data_file
from tests.support import grant

pytestmark = pytest.mark.django_db

MODELS = (ConsultationEvent, Participant, AgendaItem, PressStatement, ConsultationDocument, CivicPosition)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (*MODELS, AuditEvent)}


def test_the_shared_file_is_imported_faithfully(consultations):
    # when the shared file is imported
    result = services.consultations_import(data=consultations, by=None)

    # then its four events are on record: two director-general rounds, a hearing, an announcement
    assert result == services.ImportResult(4, 0, 0, 0)
    events = list(ConsultationEvent.objects.order_by("date"))
    assert [(e.date, e.kind, e.level) for e in events] == [
        (date(2023, 1, 12), "public_hearing", ""),
        (date(2023, 1, 16), "consultation", "director_general"),
        (date(2023, 1, 30), "consultation", "director_general"),
        (date(2023, 3, 6), "announcement", ""),
    ]
    assert all(e.date_precision == "day" for e in events)
    hearing, first, second, announcement = events
    assert hearing.place == "National Assembly, Seoul"
    assert hearing.host == "Korean Ministry of Foreign Affairs"
    assert announcement.place == "" and announcement.summary.startswith(
        "Seoul announces the third-party payment"
    )
    # each round has one head of delegation on each side, by title
    assert Participant.objects.count() == 4
    assert list(second.participants.values_list("side", "title")) == [
        ("KR", "Director General for Asian and Pacific Affairs, Ministry of Foreign Affairs"),
        ("JP", "Director-General, Asian and Oceanian Affairs Bureau, Ministry of Foreign Affairs"),
    ]
    # the second round's positions, outcome, duration and press statements
    assert second.duration == "about 3 hours from 14:30"
    assert second.position_kr.startswith("pushes for Japan's participation")
    assert (
        second.position_jp
        == "all claims arising from the 1910-45 colonial rule were settled by the 1965 treaty"
    )
    assert second.outcome.startswith("agree to keep close communication")
    assert dict(second.statements.values_list("side", "text")) == {
        "KR": "briefing to reporters after the meeting",
        "JP": "press release: the two sides agreed to communicate between their diplomatic authorities to "
        "resolve pending issues",
    }
    assert first.position_kr == first.position_jp == first.outcome == ""
    assert PressStatement.objects.count() == 2
    # nothing reported is invented: no agenda, documents or civic positions are in the file
    assert (
        AgendaItem.objects.count()
        == ConsultationDocument.objects.count()
        == CivicPosition.objects.count()
        == 0
    )
    # and each event's recording is on the audit trail, by the system
    recorded = AuditEvent.objects.filter(action="consultation.record")
    assert recorded.count() == 4 and {e.actor_label for e in recorded} == {"system"}


def test_importing_twice_adds_nothing(consultations):
    # given the shared file imported once
    services.consultations_import(data=consultations, by=None)
    before = counts()

    # when it is imported again
    result = services.consultations_import(data=consultations, by=None)

    # then every event is found on record and nothing is written, not even an audit event
    assert result == services.ImportResult(0, 4, 0, 0)
    assert counts() == before


def broken(consultations, index, key, value):
    data = copy.deepcopy(consultations)
    data["events"][index][key] = value
    return data


@pytest.mark.parametrize(
    ("index", "key", "value", "path"),
    [
        (2, "level", "deputy", "events[2].level"),
        (3, "date", "2023-02-30", "events[3].date"),
        (1, "kind", "negotiation", "events[1].kind"),
        (0, "level", "minister", "events[0].level"),  # a hearing has no level
        (2, "participants", {"US": ["an observer"]}, "events[2].participants.US"),
        (2, "positions", {"KR": 7}, "events[2].positions.KR"),
        (1, "venue", "Tokyo", "events[1].venue"),
        (2, "documents", [{"title": "press release", "url": "not a link"}], "events[2].documents[0].url"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_event_and_field_and_nothing_is_written(
    consultations, index, key, value, path
):
    # given a file with one bad field in one event (the events before it are good)
    data = broken(consultations, index, key, value)
    before = counts()

    # when it is imported, then it is refused, naming the event's index and the field
    with pytest.raises(ValidationError) as refused:
        services.consultations_import(data=data, by=None)
    assert list(refused.value.message_dict) == [path]

    # and nothing at all is written
    assert counts() == before


def test_an_event_repeated_in_the_file_is_refused(consultations):
    data = copy.deepcopy(consultations)
    data["events"].append(copy.deepcopy(data["events"][1]))
    with pytest.raises(ValidationError) as refused:
        services.consultations_import(data=data, by=None)
    assert list(refused.value.message_dict) == ["events[4]"]
    assert "events[1]" in refused.value.message_dict["events[4]"][0]
    assert ConsultationEvent.objects.count() == 0


def test_richer_records_load_agenda_documents_statements_and_civic_positions():
    # given a file with everything the record can hold, and a date known only to the month
    data = {
        "events": [
            {
                "date": "2023-03",
                "kind": "consultation",
                "level": "vice-minister",
                "place": "Seoul",
                "participants": {"KR": [{"title": "First Vice Foreign Minister"}], "JP": ["Vice-Minister"]},
                "agenda": ["the foundation's payments", "the companies' participation"],
                "statements": {
                    "JP": {
                        "text": "agreed to continue talks",
                        "issuer": "Ministry of Foreign Affairs of Japan",
                        "date": "2023-03-02",
                        "source": "press release",
                        "url": "https://www.mofa.go.jp/example",
                    }
                },
                "documents": [
                    {"title": "Press release", "url": "https://www.mofa.go.jp/example", "date": "2023-03-02"}
                ],
            }
        ],
        "civic_positions": [
            {
                "date": "2023-03-07",
                "group": "Victims' support group",
                "position": "rejects the plan",
                "source": "statement",
                "event": 0,
            }
        ],
    }

    # when it is imported
    result = services.consultations_import(data=data, by=None)

    # then everything is on record, the date as precisely as it is known
    assert result == services.ImportResult(1, 0, 1, 0)
    event = ConsultationEvent.objects.get()
    assert (event.date, event.date_precision, event.date_text) == (date(2023, 3, 1), "month", "2023-03")
    assert event.level == "vice_minister"
    assert list(event.agenda.values_list("text", flat=True)) == [
        "the foundation's payments",
        "the companies' participation",
    ]
    statement = event.statements.get()
    assert (statement.issuer, statement.issued_on, statement.url) == (
        "Ministry of Foreign Affairs of Japan",
        date(2023, 3, 2),
        "https://www.mofa.go.jp/example",
    )
    assert event.documents.get().dated == date(2023, 3, 2)
    assert CivicPosition.objects.get().event == event


def test_only_a_caseworker_records_consultations(consultations, people, django_user_model):
    # an executive (the ministry reads the log), an auditor or a finance officer is refused
    for role in ("executive", "auditor", "finance_officer"):
        user = grant(django_user_model.objects.create_user(username=f"u-{role}"), role)
        with pytest.raises(PermissionDenied):
            services.consultations_import(data=consultations, by=user)
    assert ConsultationEvent.objects.count() == 0
    # a caseworker may, and the audit trail names them
    services.consultations_import(data=consultations, by=people["caseworker"])
    assert set(
        AuditEvent.objects.filter(action="consultation.record").values_list("actor_label", flat=True)
    ) == {"kim"}


def test_the_command_imports_and_refuses_with_the_path(tmp_path, consultations, capsys):
    # the shared file: imported, then found on record
    call_command("consultations", "import", str(data_file("consultations.json")))
    assert "events added: 4, already on record: 0" in capsys.readouterr().out
    call_command("consultations", "import", str(data_file("consultations.json")))
    assert "events added: 0, already on record: 4" in capsys.readouterr().out

    # a bad file: exit status 1, the path on stderr, nothing written
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken(consultations, 2, "level", "deputy")))
    ConsultationEvent.objects.all().delete()
    with pytest.raises(SystemExit) as exit_:
        call_command("consultations", "import", str(bad))
    assert exit_.value.code == 1
    assert "events[2].level: 'deputy' is not one of:" in capsys.readouterr().err
    assert ConsultationEvent.objects.count() == 0


def test_the_demonstration_loader_is_idempotent():
    # when the outreach demonstration is loaded twice
    first = load_outreach_demo()
    before = counts()
    second = load_outreach_demo()

    # then the shared file's events and the two reported civic positions are there once
    assert first == services.ImportResult(4, 0, 2, 0)
    assert second == services.ImportResult(0, 4, 0, 2)
    assert counts() == before
    month = CivicPosition.objects.get(date_precision="month")
    assert (month.date_text, month.event.kind) == ("2023-03", "announcement")
