"""The admin for judgments: awards, their accrual terms and creditors are only seen there (issue 15;
tests/security/test_admin_readonly.py shows no path of the admin writes them, and
tests/judgments/test_corrections.py how they are corrected, four eyes). What stays editable, cases,
courts and defendants, keeps the services' checks and role and records every row it saves."""

from datetime import date
from fractions import Fraction
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.judgments import services as judgments
from amends.judgments.models import Case, Court, Defendant
from amends.judgments.services import CreditorSpec
from amends.registry.models import Person
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


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


def test_only_caseworkers_change_a_case_in_the_admin(admin_client_en, award, staff):
    client, user = staff
    url = reverse("admin:judgments_case_change", args=[award.case.pk])
    data = form_data(admin_client_en.get(url))
    data["title"] = "강제동원 손해배상"
    already = AuditEvent.objects.count()

    # the case is shown read-only to an auditor; changing it is refused
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(url, data).status_code == 403
    assert Case.objects.get().title == "" and AuditEvent.objects.count() == already

    # and a caseworker may, on record as who did it; nobody deletes a case (its awards would go too)
    grant(user, "caseworker")
    assert client.post(url, data).status_code == 302
    assert Case.objects.get().title == "강제동원 손해배상"
    assert events("case.admin_change")[0].actor == user
    assert (
        admin_client_en.post(
            reverse("admin:judgments_case_delete", args=[award.case.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


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
