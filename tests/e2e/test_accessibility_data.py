"""Accessibility of the pages the demonstration has no data for (issue 17): a payment batch (its
accounts masked and in full), bank statements, a record-linkage run with its review queue, pairs,
applications and the flag lists, the donors' page after a refused contribution, and the sign-in
lock-out page pass axe-core (no serious or critical violation). The data is made through the
services, as the pages' own users would make it; the application files' pages are walked in
tests/e2e/test_application_files.py."""

from datetime import date
from pathlib import Path

import pytest

from tests.e2e.browsing import PASSWORD, axe_violations, sign_in
from tests.fund.conftest import approved_claim, case, creditors, staff  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

BANK_DATA = Path(__file__).resolve().parents[1] / "banking" / "data"


@pytest.fixture
def banking(staff, creditors, monkeypatch):  # noqa: F811 (fixtures)
    """Two approved payments batched (one creditor's account in Korea, one abroad), the batch's own
    statement confirming one and not matching another line, a real bank's statement that moves no
    money, and a donor. Returns the batch and the statements."""
    from amends.banking import services, statements

    monkeypatch.setattr("amends.banking.services.batches.today", lambda: date(2023, 4, 14))
    for creditor in creditors:
        approved_claim(creditor, staff)
    services.payee_account_record(
        creditor=creditors[0],
        holder="김영수",
        bank_code="004",
        account_number="123-456-789012",
        by=staff["park"],
    )
    services.payee_account_record(
        creditor=creditors[1],
        holder="이정호",
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
        romanised_name="LEE JEONGHO",
        by=staff["park"],
    )
    batch = services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))
    item = batch.items.order_by("pk").first()
    own = services.statement_import(
        content=statements.camt053(
            [
                {
                    "booked_on": date(2023, 4, 14),
                    "amount": item.amount,
                    "bank_reference": "KB-1",
                    "end_to_end_id": item.end_to_end_id,
                },
                {"booked_on": date(2023, 4, 14), "amount": 1, "bank_reference": "KB-2", "end_to_end_id": "X"},
            ]
        ),
        filename="own.xml",
        by=staff["choi"],
    )
    name = "postfinance_camt053_v04.xml"
    real = services.statement_import(content=(BANK_DATA / name).read_bytes(), filename=name, by=staff["choi"])
    # (a donor, for the contribution form the walk refuses)
    from amends.fund import services as fund

    fund.donor_create(name="POSCO", by=staff["park"])
    return batch, own.statement, real.statement


@pytest.fixture
def linkage(tmp_path, staff):  # noqa: F811 (fixtures)
    """A small synthetic roster, applications and earlier payments imported, a run done synchronously,
    and one pair decided by a caseworker. Returns the run."""
    from amends.rosters import services
    from amends.rosters.imports import import_file
    from amends.rosters.synthetic import generate

    synthetic = generate(roster=120, applications=30, seed=7, directory=tmp_path)
    import_file(kind="roster", path=synthetic.roster, by=None, source="synthetic")
    import_file(kind="applications", path=synthetic.applications, by=None)
    import_file(kind="payments", path=synthetic.payments, by=None)
    run = services.linkage_run_execute(run=services.linkage_run_create(threshold=0.5, by=None))
    pair = run.pairs.order_by("-probability", "pk").first()
    services.review_decide(pair=pair, verdict="accept", note="same birth month", by=staff["kim"])
    return run


def test_the_banking_and_linkage_pages_with_data_pass_axe(
    browser, live_server, django_user_model, banking, linkage
):
    from amends.banking.models import StatementLine
    from amends.rosters.models import Application, CandidatePair

    # given a superuser who reads Korean, and the batch, statements and run above
    django_user_model.objects.create_superuser(username="staff", password=PASSWORD)
    batch, own, real = banking
    decided = CandidatePair.objects.filter(decisions__isnull=False).first()
    undecided = CandidatePair.objects.filter(run=linkage, decisions__isnull=True).order_by("pk").first()
    duplicate = Application.objects.filter(duplicate_of__isnull=False).order_by("pk").first()
    paid_before = Application.objects.filter(earlier_payment__isnull=False).order_by("pk").first()
    # (the pages have rows of every kind to show: a paid item, lines matched and not, flags of both kinds)
    assert batch.items.count() == 2
    assert set(StatementLine.objects.values_list("status", flat=True)) >= {"matched", "unmatched"}
    assert duplicate is not None and paid_before is not None and undecided is not None
    pages = [
        "/fund/batches/",
        f"/fund/batches/{batch.pk}/",
        f"/fund/statements/{own.pk}/",
        f"/fund/statements/{real.pk}/",
        "/rosters/",
        f"/rosters/runs/{linkage.pk}/",
        f"/rosters/runs/{linkage.pk}/review/",
        f"/rosters/pairs/{decided.pk}/",
        f"/rosters/pairs/{undecided.pk}/",
        f"/rosters/applications/{decided.application_id}/",
        f"/rosters/applications/{duplicate.pk}/",
        f"/rosters/applications/{paid_before.pk}/",
        "/rosters/flagged/duplicates/",
        "/rosters/flagged/paid-before/",
    ]

    # when the superuser opens each, in Korean and in English
    found, statuses = {}, []
    for locale in ("ko-KR", "en-US"):
        page = sign_in(browser, live_server, "staff", locale=locale)
        for path in pages:
            statuses.append(page.goto(f"{live_server.url}{path}").status)
            violations = axe_violations(page)
            if violations:
                found[f"{locale} {path}"] = violations
        # and the batch page with its accounts in full, which a finance officer asks for by a button
        page.goto(f"{live_server.url}/fund/batches/{batch.pk}/")
        with page.expect_navigation():
            page.get_by_test_id("reveal").click()
        assert page.url.endswith("/reveal/")
        violations = axe_violations(page)
        if violations:
            found[f"{locale} batch, revealed"] = violations
        # and the donors' page again after a refused contribution, holding what was typed
        page.goto(f"{live_server.url}/fund/")
        form = page.get_by_test_id("contribution-form")
        form.locator("input[name=amount]").fill("lots")
        with page.expect_navigation() as refused:
            form.locator("button[type=submit]").click()
        assert refused.value.status == 400
        assert form.locator("input[name=amount]").input_value() == "lots"
        violations = axe_violations(page)
        if violations:
            found[f"{locale} contribution, refused"] = violations
        page.context.close()

    # then every page opened and none has a serious or critical violation
    assert statuses == [200] * len(statuses)
    assert found == {}


def test_the_sign_in_lockout_page_passes_axe(browser, live_server, settings, django_user_model):
    # given kim, and a limit of two wrong passwords
    settings.AXES_FAILURE_LIMIT = 2
    django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True)
    found = {}
    for locale in ("ko-KR", "en-US", "ja-JP"):
        context = browser.new_context(locale=locale, bypass_csp=True)
        page = context.new_page()
        # when a wrong password is given until the user name is locked out
        response = None
        for _ in range(3):
            page.goto(f"{live_server.url}/login/")
            page.locator("#id_username").fill("kim")
            page.locator("#id_password").fill("not the passphrase")
            with page.expect_navigation() as navigation:
                page.locator("button[type=submit]").click()
            response = navigation.value
        # then the lock-out page (429) passes axe
        assert response.status == 429
        violations = axe_violations(page)
        if violations:
            found[locale] = violations
        context.close()
        from axes.utils import reset

        reset(username="kim")
    assert found == {}
