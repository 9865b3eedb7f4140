"""Programme applications become files with their own lifecycle (issue 16): an accepted match links
the application to a person in the registry, a caseworker proposes eligibility and a different legal
reviewer decides it, a refusal gives reasons, an objection is filed within its deadline, and a flagged
application is decided only once a reviewer has cleared the flag."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from amends.audit.models import AuditEvent
from amends.core.clock import today
from amends.core.roles import RoleRequired
from amends.programme import services
from amends.programme.models import ApplicationFile
from amends.registry import services as registry_services
from amends.registry.models import Person
from amends.rosters.models import Application, EarlierPayment, ReviewDecision

pytestmark = pytest.mark.django_db


def _actions(file):
    return list(
        AuditEvent.objects.filter(subject_type="programme.applicationfile", subject_id=str(file.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def _proposed(pair, people, *, by="caseworker"):
    file = services.pair_accept(pair=pair, by=people["caseworker"])
    return services.eligibility_propose(
        file=file, proposal="eligible", reasons="on the roster", by=people[by]
    )


def _refused(pair, people, *, days_ago=0):
    file = _proposed(pair, people)
    file = services.eligibility_decide(
        file=file, eligible=False, reasons="not mobilised", by=people["reviewer"]
    )
    ApplicationFile.objects.filter(pk=file.pk).update(decided_on=today() - timedelta(days=days_ago))
    file.refresh_from_db()
    return file


def test_accepting_a_pair_links_the_application_to_a_new_person_from_its_fields(pair, people):
    # when a caseworker accepts the pair
    file = services.pair_accept(pair=pair, by=people["caseworker"])

    # then the decision is recorded, a person is registered from the application, and its file is linked
    assert pair.decisions.get().verdict == ReviewDecision.Verdict.ACCEPT
    person = file.person
    assert (person.name_hangul, person.name_hanja, person.name_japanese, person.birth_date) == (
        "김정웅",
        "金正雄",
        "金田 正雄",
        date(1920, 3, 5),
    )
    assert (file.state, file.pair, file.linked_by) == ("linked", pair, people["caseworker"])
    assert _actions(file) == ["application_file.link"]
    assert AuditEvent.objects.filter(action="person.create", subject_id=str(person.pk)).exists()


def test_accepting_a_pair_links_the_application_to_an_existing_person(pair, people):
    # given the applicant is already in the registry
    existing = registry_services.person_create(by=people["caseworker"], name_hangul="김정웅")

    # when the pair is accepted naming them
    file = services.pair_accept(pair=pair, by=people["caseworker"], person=existing)

    # then the file is theirs and nobody new is registered
    assert file.person == existing
    assert Person.objects.count() == 1


def test_a_year_alone_is_kept_in_the_notes_not_as_a_birth_date(pair, people):
    # given an application giving only the birth year
    Application.objects.filter(pk=pair.application_id).update(birth_date="1920")

    # when it is linked by hand
    file = services.application_link(application=pair.application, by=people["caseworker"])

    # then the person has no birth date, the notes say what was applied, and no accepted pair is named
    assert file.person.birth_date is None
    assert "1920" in file.person.notes
    assert file.pair is None


def test_an_application_without_a_hangul_name_is_not_registered_and_nothing_is_written(pair, people):
    # given an application without a name in Hangul
    Application.objects.filter(pk=pair.application_id).update(name_hangul="")
    pair.application.refresh_from_db()

    # when it is linked without naming a person
    with pytest.raises(ValidationError) as refused:
        services.application_link(application=pair.application, by=people["caseworker"])

    # then it is refused on the person, and neither a person nor a file exists
    assert "person" in refused.value.message_dict
    assert Person.objects.count() == 0
    assert not ApplicationFile.objects.exists()


def test_a_file_is_linked_once(pair, people):
    # given a linked file
    services.pair_accept(pair=pair, by=people["caseworker"])

    # when it is linked again, then it is refused naming the state
    with pytest.raises(ValidationError, match="linked to a person"):
        services.application_link(application=pair.application, by=people["caseworker2"])


def test_whoever_proposed_cannot_decide_the_service_refuses(pair, people):
    # given a proposal by someone who is also a legal reviewer
    file = _proposed(pair, people, by="both")

    # when they decide it themselves, then it is refused and the proposal stands
    with pytest.raises(PermissionDenied, match="other than you"):
        services.eligibility_decide(file=file, eligible=True, by=people["both"])
    file.refresh_from_db()
    assert (file.state, file.decided_by) == ("eligibility_proposed", None)

    # and another legal reviewer may
    file = services.eligibility_decide(file=file, eligible=True, by=people["reviewer"])
    assert (file.state, file.decided_by, file.decided_on) == ("eligible", people["reviewer"], today())
    assert _actions(file) == ["application_file.link", "application_file.propose", "application_file.approve"]


def test_whoever_proposed_cannot_decide_the_database_refuses(pair, people):
    # given a proposal
    file = _proposed(pair, people)

    # when a write passing by the service makes the proposer the decider, then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFile.objects.filter(pk=file.pk).update(decided_by=people["caseworker"])


def test_whoever_refused_cannot_decide_the_objection_the_database_refuses(pair, people):
    # given a refusal
    file = _refused(pair, people)

    # when a write passing by the service makes the refuser decide the objection, then it is refused
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFile.objects.filter(pk=file.pk).update(objection_decided_by=people["reviewer"])


def test_a_refusal_needs_its_reasons(pair, people):
    # given a proposal
    file = _proposed(pair, people)

    # when a reviewer refuses without reasons, then it is refused naming the reasons, and nothing changed
    with pytest.raises(ValidationError) as refused:
        services.eligibility_decide(file=file, eligible=False, reasons="  ", by=people["reviewer"])
    assert refused.value.message_dict == {"reasons": ["Give the reasons."]}
    file.refresh_from_db()
    assert file.state == "eligibility_proposed"

    # when with reasons, then the file is refused with them, dated today
    file = services.eligibility_decide(
        file=file, eligible=False, reasons="Not on any roster of mobilisation.", by=people["reviewer"]
    )
    assert (file.state, file.decision_reasons, file.decided_on) == (
        "refused",
        "Not on any roster of mobilisation.",
        today(),
    )
    assert services.objection_deadline(file) == today() + timedelta(days=30)


def test_an_objection_on_the_last_day_is_filed_and_decided_by_another_reviewer(pair, people):
    # given a refusal 30 days ago
    file = _refused(pair, people, days_ago=30)

    # when the applicant's objection is recorded today, the deadline's last day
    file = services.objection_file(
        file=file, filed_on=today(), objection="The roster of 1944 names me.", by=people["caseworker"]
    )

    # then it is filed
    assert (file.state, file.objection_filed_on) == ("objection_filed", today())

    # and the reviewer who refused may not decide it, another one may
    with pytest.raises(PermissionDenied, match="refused this application"):
        services.objection_decide(file=file, upheld=True, reasons="found", by=people["reviewer"])
    file = services.objection_decide(
        file=file, upheld=True, reasons="The roster names him.", by=people["reviewer2"]
    )
    assert (file.state, file.objection_decided_by) == ("objection_upheld", people["reviewer2"])


def test_an_objection_after_the_deadline_is_refused_naming_the_deadline(pair, people):
    # given a refusal 31 days ago
    file = _refused(pair, people, days_ago=31)
    deadline = (today() - timedelta(days=1)).isoformat()

    # when an objection is recorded today, then it is refused naming the deadline, and the file stays refused
    with pytest.raises(ValidationError) as refused:
        services.objection_file(file=file, filed_on=today(), objection="late", by=people["caseworker"])
    assert refused.value.message_dict["filed_on"] == [
        f"The objection is late: the deadline was {deadline} (30 days after the refusal of "
        f"{(today() - timedelta(days=31)).isoformat()})."
    ]
    file.refresh_from_db()
    assert (file.state, file.objection) == ("refused", "")


def test_the_objection_period_is_a_setting(pair, people, settings):
    # given a programme whose objection period is 60 days, and a refusal 45 days ago
    settings.OBJECTION_DAYS = 60
    file = _refused(pair, people, days_ago=45)

    # when an objection is recorded today, then it is in time
    file = services.objection_file(file=file, filed_on=today(), objection="in time", by=people["caseworker"])
    assert file.state == "objection_filed"


def test_an_objection_dated_before_the_refusal_or_in_the_future_is_refused(pair, people):
    # given a refusal 5 days ago
    file = _refused(pair, people, days_ago=5)

    # when the objection is dated before it or tomorrow, then it is refused on its date
    for day in (today() - timedelta(days=6), today() + timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            services.objection_file(file=file, filed_on=day, objection="x", by=people["caseworker"])
        assert list(refused.value.message_dict) == ["filed_on"]


def test_a_flagged_application_is_decided_only_after_a_reviewer_clears_the_flag(pair, people):
    # given an application flagged as a possible duplicate of another, proposed eligible
    other = Application.objects.create(ref="A0", name_hangul="김정웅", batch=pair.application.batch)
    Application.objects.filter(pk=pair.application_id).update(duplicate_of=other)
    file = _proposed(pair, people)

    # when a reviewer decides it, then it is refused naming the flag
    with pytest.raises(ValidationError) as refused:
        services.eligibility_decide(file=file, eligible=True, by=people["reviewer"])
    assert list(refused.value.message_dict) == ["flag"]

    # and a caseworker may not clear the flag, nor a reviewer without a reason
    with pytest.raises(PermissionDenied):
        services.flag_clear(file=file, reason="not the same", by=people["caseworker"])
    with pytest.raises(ValidationError):
        services.flag_clear(file=file, reason="", by=people["reviewer"])

    # when a reviewer clears it with the reason, then it may be decided
    file = services.flag_clear(
        file=file, reason="A0 is his brother: other birth date.", by=people["reviewer"]
    )
    assert (file.cleared_duplicate_of, file.flag_cleared_by) == (other, people["reviewer"])
    assert "application_file.flag_clear" in _actions(file)
    file = services.eligibility_decide(file=file, eligible=True, by=people["reviewer2"])
    assert file.state == "eligible"


def test_a_flag_raised_after_clearing_blocks_again(pair, people):
    # given a cleared duplicate flag
    other = Application.objects.create(ref="A0", name_hangul="김정웅", batch=pair.application.batch)
    Application.objects.filter(pk=pair.application_id).update(duplicate_of=other)
    file = _proposed(pair, people)
    services.flag_clear(file=file, reason="different people", by=people["reviewer"])

    # when a later run finds an earlier programme's payment
    payment = EarlierPayment.objects.create(ref="P1", name_hangul="김정웅", batch=pair.application.batch)
    Application.objects.filter(pk=pair.application_id).update(earlier_payment=payment)

    # then the decision is blocked again
    with pytest.raises(ValidationError) as refused:
        services.eligibility_decide(file=file, eligible=True, by=people["reviewer2"])
    assert list(refused.value.message_dict) == ["flag"]


def test_each_step_needs_its_role(pair, people):
    # given a linked file
    file = services.pair_accept(pair=pair, by=people["caseworker"])

    # then a legal reviewer alone may not propose, an auditor may not link, a caseworker may not decide
    with pytest.raises(RoleRequired) as refused:
        services.eligibility_propose(file=file, proposal="eligible", reasons="x", by=people["reviewer"])
    assert refused.value.roles == ("caseworker",)
    with pytest.raises(PermissionDenied):
        services.application_link(application=Application.objects.create(
            ref="A9", name_hangul="이민철", batch=pair.application.batch), by=people["auditor"])  # fmt: skip
    file = services.eligibility_propose(file=file, proposal="eligible", reasons="x", by=people["caseworker"])
    with pytest.raises(RoleRequired) as refused:
        services.eligibility_decide(file=file, eligible=True, by=people["caseworker2"])
    assert refused.value.roles == ("legal_reviewer",)
    file.refresh_from_db()
    assert file.state == "eligibility_proposed"
