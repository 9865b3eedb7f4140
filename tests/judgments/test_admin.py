"""The admin refuses what the services refuse (shares not summing to 1, accrual terms out of order),
lets only caseworkers write, and records every row it saves or deletes on the audit trail."""

from datetime import date
from fractions import Fraction
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.audit.services import audit_append
from amends.judgments import services as judgments
from amends.judgments.models import Award, Case, Court, Creditor, Defendant
from amends.judgments.services import CreditorSpec
from amends.registry.models import Person
from tests.support import clear_append_only_records, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def award_form(case, victim, heirs, *, shares, starts):
    data = {
        "case": case.pk,
        "victim": victim.pk,
        "principal": "100000000",
        "method": "period",
        "notes": "",
        "accruals-TOTAL_FORMS": str(len(starts)),
        "accruals-INITIAL_FORMS": "0",
        "creditors-TOTAL_FORMS": str(len(shares)),
        "creditors-INITIAL_FORMS": "0",
    }
    for index, (start, rate) in enumerate(starts):
        data |= {f"accruals-{index}-starts_on": start, f"accruals-{index}-rate": rate}
    for index, ((numerator, denominator), heir) in enumerate(zip(shares, heirs, strict=False)):
        data |= {
            f"creditors-{index}-person": heir.pk,
            f"creditors-{index}-share_numerator": numerator,
            f"creditors-{index}-share_denominator": denominator,
            f"creditors-{index}-relation": "child",
        }
    return data


@pytest.fixture
def parties(demo):
    case = Case.objects.get(number="2013다61381")
    victim = Person.objects.create(name_hangul="가나다")
    heirs = [Person.objects.create(name_hangul=f"상속인{n}") for n in range(2)]
    return case, victim, heirs


def test_admin_registers_an_award_whose_shares_sum_to_one(admin_client_en, parties):
    case, victim, heirs = parties
    data = award_form(case, victim, heirs, shares=[(1, 2), (1, 2)], starts=[("2013-06-19", "0.20")])

    response = admin_client_en.post(reverse("admin:judgments_award_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    award = Award.objects.get(victim=victim)
    assert [c.share_numerator for c in award.creditors.all()] == [1, 1]


def test_admin_refuses_shares_not_summing_to_one(admin_client_en, parties):
    case, victim, heirs = parties
    data = award_form(case, victim, heirs, shares=[(1, 2), (1, 3)], starts=[("2013-06-19", "0.20")])

    response = admin_client_en.post(reverse("admin:judgments_award_add"), data)

    assert response.status_code == 200
    assert "The creditors' shares add up to 5/6, not 1." in unescape(response.content.decode())
    assert not Award.objects.filter(victim=victim).exists()


def test_admin_refuses_accrual_terms_out_of_order(admin_client_en, parties):
    case, victim, heirs = parties
    data = award_form(
        case, victim, heirs, shares=[(1, 2), (1, 2)], starts=[("2015-06-25", "0.20"), ("2015-05-13", "0.05")]
    )

    response = admin_client_en.post(reverse("admin:judgments_award_add"), data)

    assert response.status_code == 200
    assert "terms must be in date order" in unescape(response.content.decode())
    assert not Award.objects.filter(victim=victim).exists()


def test_admin_refuses_a_case_number_not_in_the_courts_format(admin_client_en, demo):
    case = Case.objects.get(number="2013다61381")
    data = {
        "number": "2013-61381",
        "number_confirmed": "on",
        "court": case.court_id,
        "title": "",
        "defendants": [d.pk for d in case.defendants.all()],
        "notes": "",
        "rulings-TOTAL_FORMS": "0",
        "rulings-INITIAL_FORMS": "0",
    }

    response = admin_client_en.post(reverse("admin:judgments_case_add"), data)

    assert response.status_code == 200
    assert "is not a case number in the courts' format" in unescape(response.content.decode())


# The audited admin: the services' role, and an audit event for every row saved or deleted ---------


def form_data(response) -> dict:
    """What the admin's change form posts back as rendered: its fields, its inline rows and their
    management forms."""
    forms, data = [response.context["adminform"].form], {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in ("TOTAL_FORMS", "INITIAL_FORMS"):
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            data[form[name].html_name] = "" if value is None else value
    return data


def add_row(data: dict, prefix: str, **fields) -> None:
    """Fill an extra row of the inline ``prefix``, as the admin's "Add another" does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data |= {f"{prefix}-{index}-{name}": value for name, value in fields.items()}


def row_of(data: dict, prefix: str, pk: int) -> str:
    """The field prefix (``creditors-1``) of the inline row showing the row ``pk``."""
    index = next(
        i for i in range(int(data[f"{prefix}-TOTAL_FORMS"])) if str(data.get(f"{prefix}-{i}-id")) == str(pk)
    )
    return f"{prefix}-{index}"


def events(*actions: str) -> list[AuditEvent]:
    found = AuditEvent.objects.order_by("sequence")
    return list(found.filter(action__in=actions) if actions else found)


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)  # exits 1 on a broken chain
    return out.getvalue()


@pytest.fixture
def award(db):
    """An award of 80,000,000 won registered through the services: 20 % a year from 2013-06-19, two
    heirs with half each."""
    court = Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)
    defendant = Defendant.objects.create(
        key="nippon-steel", name_ko="일본제철", name_ja="日本製鉄", name_en="Nippon Steel"
    )
    case = judgments.case_create(by=None, number="2013다61381", court=court, defendants=[defendant])
    victim = Person.objects.create(name_hangul="가나다")
    heirs = [Person.objects.create(name_hangul=f"상속인{n}") for n in range(2)]
    return judgments.award_create(
        by=None,
        case=case,
        victim=victim,
        principal=80_000_000,
        accruals=[(date(2013, 6, 19), "0.20")],
        creditors=[CreditorSpec(person=heir, share=Fraction(1, 2), relation="child") for heir in heirs],
    )


def change_url(award) -> str:
    return reverse("admin:judgments_award_change", args=[award.pk])


def test_changing_an_awards_principal_in_the_admin_is_audited(admin_client_en, admin_user, award):
    # given the award's change form, as the admin shows it
    data = form_data(admin_client_en.get(change_url(award)))
    already = AuditEvent.objects.count()

    # when the principal is changed from 80,000,000 to 999,999,999 won
    data["principal"] = "999999999"
    response = admin_client_en.post(change_url(award), data)

    # then the award says so, and one event records who changed what from what: the accrual terms and
    # the creditors, saved unchanged, append nothing
    assert response.status_code == 302, response.context["errors"] if response.context else response
    award.refresh_from_db()
    assert award.principal == 999_999_999
    (event,) = AuditEvent.objects.order_by("sequence")[already:]
    assert event.action == "award.admin_change"
    assert (event.subject_type, event.subject_id) == ("judgments.award", str(award.pk))
    assert (event.before["principal"], event.after["principal"]) == (80_000_000, 999_999_999)
    assert {key for key in event.after if event.after[key] != event.before[key]} == {"principal"}
    assert event.actor == admin_user and event.actor_label == admin_user.username
    # and the chain stays intact
    assert verify() == f"audit chain intact: {already + 1} events\n"


def test_saving_an_award_unchanged_in_the_admin_appends_nothing(admin_client_en, award):
    data = form_data(admin_client_en.get(change_url(award)))
    already = AuditEvent.objects.count()
    assert admin_client_en.post(change_url(award), data).status_code == 302
    assert AuditEvent.objects.count() == already


def test_changing_creditor_shares_and_adding_an_accrual_term_in_the_admin_is_audited(admin_client_en, award):
    # given the award's two heirs with half each, and one accrual term
    first, second = award.creditors.all()
    data = form_data(admin_client_en.get(change_url(award)))

    # when the shares become 1/3 and 2/3 and a term of 5 % from 2015-05-13 is added
    data[f"{row_of(data, 'creditors', first.pk)}-share_denominator"] = "3"
    data[f"{row_of(data, 'creditors', second.pk)}-share_numerator"] = "2"
    data[f"{row_of(data, 'creditors', second.pk)}-share_denominator"] = "3"
    add_row(data, "accruals", award=award.pk, starts_on="2015-05-13", rate="0.05")
    response = admin_client_en.post(change_url(award), data)

    # then each row changed or added has its event, with what it was and what it is; the award's own
    # fields did not change and append nothing
    assert response.status_code == 302, response.context["errors"] if response.context else response
    changes = events("creditor.admin_change")
    assert [(e.subject_id, e.before["share_numerator"], e.before["share_denominator"]) for e in changes] == [
        (str(first.pk), 1, 2),
        (str(second.pk), 1, 2),
    ]
    assert [(e.after["share_numerator"], e.after["share_denominator"]) for e in changes] == [(1, 3), (2, 3)]
    (added,) = events("accrualterm.admin_create")
    term = award.accruals.get(starts_on=date(2015, 5, 13))
    assert added.subject_id == str(term.pk) and added.before is None
    assert added.after == {"award": award.pk, "starts_on": "2015-05-13", "rate": "0.05000"}
    assert not events("award.admin_change", "accrualterm.admin_change")
    assert verify().startswith("audit chain intact")


def test_removing_a_creditor_in_the_admin_is_audited(admin_client_en, award):
    # given two heirs with half each
    first, second = award.creditors.all()
    data = form_data(admin_client_en.get(change_url(award)))

    # when the second is removed and the first given the whole
    data[f"{row_of(data, 'creditors', second.pk)}-DELETE"] = "on"
    data[f"{row_of(data, 'creditors', first.pk)}-share_denominator"] = "1"
    response = admin_client_en.post(change_url(award), data)

    # then the removal keeps the row as it was on record
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert list(award.creditors.all()) == [first]
    (removed,) = events("creditor.admin_delete")
    assert removed.subject_id == str(second.pk) and removed.after is None
    assert removed.before == {
        "award": award.pk,
        "person": second.person_id,
        "share_numerator": 1,
        "share_denominator": 2,
        "relation": "child",
        "succeeds": None,
    }
    assert events("creditor.admin_change")[0].after["share_denominator"] == 1


def test_an_award_added_in_the_admin_is_audited_with_its_rows(admin_client_en, admin_user, parties):
    case, victim, heirs = parties
    data = award_form(case, victim, heirs, shares=[(1, 2), (1, 2)], starts=[("2013-06-19", "0.20")])
    already = AuditEvent.objects.count()

    response = admin_client_en.post(reverse("admin:judgments_award_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    award = Award.objects.get(victim=victim)
    added = AuditEvent.objects.order_by("sequence")[already:]
    # the award first, then its rows, each by the user who added them
    assert [e.action for e in added] == [
        "award.admin_create",
        "accrualterm.admin_create",
        "creditor.admin_create",
        "creditor.admin_create",
    ]
    assert {e.actor for e in added} == {admin_user}
    assert added[0].before is None and added[0].after["principal"] == 100_000_000
    assert sorted(e.after["person"] for e in added[2:]) == sorted(heir.pk for heir in heirs)
    assert all(e.after["award"] == award.pk for e in added[1:])


def test_an_award_refused_by_the_admin_appends_nothing(admin_client_en, award):
    data = form_data(admin_client_en.get(change_url(award)))
    already = AuditEvent.objects.count()
    data["principal"] = "999999999"
    data[f"{row_of(data, 'creditors', award.creditors.first().pk)}-share_denominator"] = "3"

    response = admin_client_en.post(change_url(award), data)

    assert response.status_code == 200
    assert "add up to 5/6, not 1" in unescape(response.content.decode())
    assert Award.objects.get().principal == 80_000_000 and AuditEvent.objects.count() == already


def test_a_failed_audit_append_saves_nothing(admin_client_en, award, monkeypatch):
    # given an audit trail that fails on the creditors' events, after the award's own was appended
    from amends.audit import audited_admin

    def failing(**event):
        if event["action"].startswith("creditor."):
            raise RuntimeError("the audit trail is unavailable")
        return audit_append(**event)

    monkeypatch.setattr(audited_admin, "audit_append", failing)
    data = form_data(admin_client_en.get(change_url(award)))
    already = AuditEvent.objects.count()
    data["principal"] = "999999999"
    data[f"{row_of(data, 'creditors', award.creditors.first().pk)}-share_numerator"] = "1"
    data[f"{row_of(data, 'creditors', award.creditors.first().pk)}-share_denominator"] = "3"
    data[f"{row_of(data, 'creditors', award.creditors.last().pk)}-share_numerator"] = "2"
    data[f"{row_of(data, 'creditors', award.creditors.last().pk)}-share_denominator"] = "3"

    # when the award and its shares are changed
    with pytest.raises(RuntimeError, match="unavailable"):
        admin_client_en.post(change_url(award), data)

    # then neither the award nor its shares changed, and no event was kept
    assert Award.objects.get().principal == 80_000_000
    assert [c.share_denominator for c in award.creditors.all()] == [2, 2]
    assert AuditEvent.objects.count() == already


def test_deleting_an_award_in_the_admin_records_it_and_the_rows_it_takes_with_it(admin_client_en, award):
    rows = [("accrualterm", t.pk) for t in award.accruals.all()] + [
        ("creditor", c.pk) for c in award.creditors.all()
    ]

    response = admin_client_en.post(reverse("admin:judgments_award_delete", args=[award.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Award.objects.exists()
    deleted = events("award.admin_delete", "accrualterm.admin_delete", "creditor.admin_delete")
    assert deleted[0].action == "award.admin_delete" and deleted[0].before["principal"] == 80_000_000
    assert [(e.action.split(".")[0], int(e.subject_id)) for e in deleted[1:]] == rows
    assert all(e.after is None for e in deleted)
    assert verify().startswith("audit chain intact")


@pytest.fixture
def staff(client, django_user_model):
    """A staff member with every permission Django knows on judgments, but not the caseworker role."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="lee", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="judgments"))
    grant(user, "auditor")
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client, user


def test_only_caseworkers_change_an_award_in_the_admin(admin_client_en, award, staff):
    client, user = staff
    data = form_data(admin_client_en.get(change_url(award)))
    data["principal"] = "999999999"
    already = AuditEvent.objects.count()

    # the award is shown read-only; adding, changing and deleting are refused
    page = client.get(change_url(award))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change_url(award), data).status_code == 403
    assert client.get(reverse("admin:judgments_award_add")).status_code == 403
    assert client.get(reverse("admin:judgments_award_delete", args=[award.pk])).status_code == 403
    assert Award.objects.get().principal == 80_000_000 and AuditEvent.objects.count() == already

    # and a caseworker may, on record as who did it
    grant(user, "caseworker")
    assert client.post(change_url(award), data).status_code == 302
    assert Award.objects.get().principal == 999_999_999
    assert events("award.admin_change")[0].actor == user


@pytest.fixture
def committed():
    yield
    clear_append_only_records()


@pytest.mark.django_db(transaction=True)
def test_delete_selected_awards_is_one_transaction_audited_row_by_row(
    admin_client_en, committed, monkeypatch
):
    # given two awards, committed (the admin's own transaction is what is tested)
    court = Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)
    case = Case.objects.create(number="2013다61381", court=court)
    awards = [
        Award.objects.create(case=case, victim=Person.objects.create(name_hangul=name), principal=80_000_000)
        for name in ("가", "나")
    ]
    for award in awards:
        Creditor.objects.create(award=award, person=award.victim)
    selected = {"action": "delete_selected", "post": "yes", "_selected_action": [a.pk for a in awards]}
    changelist = reverse("admin:judgments_award_changelist")

    # when "Delete selected" fails on the second award's audit event, nothing is deleted
    from amends.audit import audited_admin

    def failing(**event):
        if event["action"] == "award.admin_delete" and event["subject"] == awards[1]:
            raise RuntimeError("the audit trail is unavailable")
        return audit_append(**event)

    monkeypatch.setattr(audited_admin, "audit_append", failing)
    with pytest.raises(RuntimeError, match="unavailable"):
        admin_client_en.post(changelist, selected)
    assert Award.objects.count() == 2 and Creditor.objects.count() == 2
    assert not AuditEvent.objects.exists()

    # and when it succeeds, each award and each creditor it takes with it is on record
    monkeypatch.undo()
    assert admin_client_en.post(changelist, selected).status_code == 302
    assert not Award.objects.exists()
    assert sorted(e.action for e in events()) == ["award.admin_delete"] * 2 + ["creditor.admin_delete"] * 2
    assert verify() == "audit chain intact: 4 events\n"


def test_changing_a_cases_defendants_in_the_admin_is_audited(admin_client_en, award):
    # given the case against Nippon Steel alone
    case = award.case
    (nippon,) = case.defendants.all()
    mitsubishi = Defendant.objects.create(
        key="mitsubishi", name_ko="미쓰비시중공업", name_ja="三菱重工業", name_en="Mitsubishi"
    )
    url = reverse("admin:judgments_case_change", args=[case.pk])
    data = form_data(admin_client_en.get(url))

    # when Mitsubishi is added as a defendant
    data["defendants"] = [nippon.pk, mitsubishi.pk]
    response = admin_client_en.post(url, data)

    # then the event shows the defendants before and after (saved after the case's own fields)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    (event,) = events("case.admin_change")
    assert (event.before["defendants"], event.after["defendants"]) == (
        [nippon.pk],
        sorted([nippon.pk, mitsubishi.pk]),
    )
