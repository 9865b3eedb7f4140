"""The fund's pages: who may read and write, and what they show and download."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from openpyxl import load_workbook

from amends.banking import pain, statements
from amends.banking.models import PaymentBatch
from amends.fund import selectors, services
from amends.fund.models import Contribution
from amends.payments import services as payments
from amends.payments.models import Payment
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

PAGES = ["/fund/", "/fund/ledger/", "/fund/batches/", "/fund/forecast/", "/fund/reports/"]


@pytest.fixture
def as_(client):
    def login(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login


@pytest.fixture
def donations(staff):
    donor = services.donor_create(name="POSCO", by=staff["park"])
    services.contribution_record(
        donor=donor, kind="receipt", amount=4_000_000_000, on=date(2023, 3, 15), by=staff["park"]
    )
    amcham = services.donor_create(name="AMCHAM Korea", by=staff["park"])
    services.contribution_record(donor=amcham, kind="pledge", on=date(2023, 3, 1), by=staff["park"])


@pytest.mark.parametrize("reader", ["park", "jung", "han", "yoon"])
def test_finance_auditors_executives_and_approvers_read_every_page(as_, staff, reader, donations):
    client = as_(staff[reader])
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_a_caseworker_reads_none_and_only_a_finance_officer_writes(as_, staff, donations):
    kim = as_(staff["kim"])
    for page in PAGES:
        assert kim.get(page).status_code == 403, page
    auditor = as_(staff["jung"])
    assert "Record a contribution" not in auditor.get("/fund/").content.decode()
    response = auditor.post("/fund/donors/new/", {"name": "Someone"})
    assert response.status_code == 403


def test_donors_page_lists_donors_and_records_a_receipt(as_, staff, donations):
    client = as_(staff["park"])
    page = client.get("/fund/").content.decode()
    assert "POSCO" in page and "4,000,000,000" in page and "not disclosed" in page
    donor = Contribution.objects.get(kind="receipt").donor
    response = client.post(
        "/fund/contributions/new/",
        {"donor": donor.pk, "kind": "receipt", "amount": "2,000,000,000", "on": "2024-09-01"},
    )
    assert response.status_code == 302
    assert Contribution.objects.filter(amount=2_000_000_000).exists()
    bad = client.post(
        "/fund/contributions/new/",
        {"donor": donor.pk, "kind": "receipt", "amount": "lots", "on": "2024-09-01"},
        follow=True,
    )
    assert "Give a whole number of won." in bad.content.decode()


def test_ledger_page_shows_the_trial_balance(as_, staff, donations):
    page = as_(staff["jung"]).get("/fund/ledger/").content.decode()
    assert "Trial balance" in page and "balanced" in page and "Contribution from POSCO" in page


def test_batch_pages_create_download_and_reconcile(as_, staff, creditors, monkeypatch):
    # given an approved payment whose creditor's account is recorded through the page, on its day
    monkeypatch.setattr("amends.banking.services.batches.today", lambda: date(2023, 4, 14))
    approved_claim(creditors[0], staff)
    client = as_(staff["park"])
    assert "missing" in client.get("/fund/batches/").content.decode()
    client.post(
        f"/fund/payees/{creditors[0].pk}/",
        {"holder": "김영수", "bank_code": "004", "account_number": "123-456-789012"},
    )
    # when another finance officer creates the batch of the payments planned for that day (the one
    # who recorded the account may not) and downloads it
    page = client.get("/fund/batches/").content.decode()
    assert 'data-testid="batch-2023-04-14"' in page and 'name="execution_on" value="2023-04-14"' in page
    refused = client.post("/fund/batches/new/", {"execution_on": "2023-04-14"}, follow=True)
    assert "You recorded the bank account of 김영수" in refused.content.decode()
    elsewhen = as_(staff["choi"]).post("/fund/batches/new/", {"execution_on": "2023-04-15"}, follow=True)
    assert "No approved payment is planned for 2023-04-15." in elsewhen.content.decode()
    client = as_(staff["choi"])
    response = client.post("/fund/batches/new/", {"execution_on": "2023-04-14"})
    batch = PaymentBatch.objects.get()
    assert response["Location"] == f"/fund/batches/{batch.pk}/"
    xml = client.get(f"/fund/batches/{batch.pk}/download.xml")
    assert pain.pain001_schema().validate(etree.fromstring(xml.content))
    assert "296438356" in client.get(f"/fund/batches/{batch.pk}/download.csv").content.decode()
    # and the auditor may not download it
    assert as_(staff["jung"]).get(f"/fund/batches/{batch.pk}/download.xml").status_code == 403
    # when the statement is uploaded twice
    item = batch.items.get()
    content = statements.camt053(
        [
            {
                "booked_on": date(2023, 4, 14),
                "amount": item.amount,
                "bank_reference": "KB-1",
                "end_to_end_id": item.end_to_end_id,
            }
        ]
    )
    client = as_(staff["park"])
    first = client.post(
        "/fund/statements/upload/", {"statement": SimpleUploadedFile("s.xml", content)}, follow=True
    )
    second = client.post(
        "/fund/statements/upload/", {"statement": SimpleUploadedFile("s.xml", content)}, follow=True
    )
    # then the payment is confirmed once, and the statement's page lists the line with what it did
    assert (
        "Lines: 1 · payments confirmed: 1 · returned: 0 · pending: 0 · moved no money: 0 · on record "
        "already: 0." in first.content.decode()
    )
    assert 'data-status="matched"' in first.content.decode()
    assert "imported before: nothing changed" in second.content.decode()
    assert Payment.objects.get().bank_reference == "KB-1"
    assert "paid 2023-04-14" in client.get(f"/fund/batches/{batch.pk}/").content.decode()


@pytest.fixture
def on_new_year_2026(monkeypatch):
    monkeypatch.setattr("amends.oversight.views.today", lambda: date(2026, 1, 1))


def test_forecast_page_shows_the_chart_the_table_and_the_run_out_date(
    as_, staff, creditors, donations, on_new_year_2026
):
    # given two awards of 100,000,000 won at 20 % from 2013-06-19 and 4,000,000,000 won in the bank
    page = (
        as_(staff["han"])
        .get(
            "/fund/forecast/",
            {"new_judgments_per_year": "20", "average_award": "100000000", "contributions_per_year": "0"},
        )
        .content.decode()
    )
    assert 'data-testid="forecast-chart"' in page and 'data-testid="forecast-table"' in page
    # then on 2026-01-01 each award owes 100,000,000 + 240,000,000 + 10,794,520 won
    assert 'data-testid="owed-today">701,589,040<' in page
    assert 'data-testid="held">4,000,000,000<' in page
    # and with 20 new judgments a year (each 151,000,000 won when decided: 5 % for three years, 12 %
    # for three), twenty are owed by 2027-01-01 (3,881,371,320 won in all), and the 21st, decided on
    # 2027-01-10, takes what is owed past the 4,000,000,000 won
    assert '<td class="num">3,881,371,320</td>' in page
    assert 'data-testid="runs-out">2027-01-10<' in page
    bad = as_(staff["han"]).get("/fund/forecast/", {"average_award": "lots"})
    assert bad.status_code == 400
    assert "Average award (won): give a whole number." in bad.content.decode()


def test_forecast_page_has_its_title_and_the_pending_suits_form_once(as_, staff):
    page = as_(staff["park"]).get("/fund/forecast/").content.decode()
    assert "<title>Forecast · amends</title>" in page
    assert page.count('action="/fund/pending-suits/new/"') == 1
    assert page.count('data-testid="pending-suits"') == 1


def test_forecast_page_refuses_a_scenario_beyond_its_bounds_by_field(as_, staff, on_new_year_2026):
    # when the scenario asks for 20,000 judgments a year of 10^18 won each
    response = as_(staff["han"]).get(
        "/fund/forecast/",
        {"new_judgments_per_year": "20000", "average_award": str(10**18), "horizon_years": "50"},
    )
    # then the page says which figures are out of bounds, under the form's names, and forecasts with
    # the defaults for them (and the horizon asked for)
    page = response.content.decode()
    assert response.status_code == 400
    assert "New judgments per year (victims): give a whole number from 0 to 10,000." in page
    assert "Average award (won): give a whole number from 0 to 1,000,000,000." in page
    assert 'name="new_judgments_per_year" inputmode="numeric" value="20"' in page
    assert 'name="horizon_years" inputmode="numeric" value="50"' in page
    assert 'data-testid="owed-today">0<' in page


def test_a_receipt_recorded_against_its_pledge_is_not_counted_twice(as_, staff):
    # given POSCO's pledge of 10,000,000,000 won, recorded on the page
    client = as_(staff["park"])
    donor = services.donor_create(name="POSCO", by=staff["park"])
    client.post(
        "/fund/contributions/new/",
        {"donor": donor.pk, "kind": "pledge", "amount": "10,000,000,000", "on": "2012-03-01"},
    )
    pledge = Contribution.objects.get(kind="pledge")
    # when 4,000,000,000 won is received against it, chosen on the form
    page = client.get("/fund/").content.decode()
    assert f'<option value="{pledge.pk}">2012-03-01 10,000,000,000</option>' in page
    client.post(
        "/fund/contributions/new/",
        {
            "donor": donor.pk,
            "kind": "receipt",
            "amount": "4,000,000,000",
            "on": "2023-03-15",
            "pledge": pledge.pk,
        },
    )
    # then the receipt fulfils the pledge, and the forecast counts 4 bn held and 6 bn to come: 10 bn
    assert Contribution.objects.get(kind="receipt").pledge == pledge
    assert selectors.pledges_outstanding() == 6_000_000_000
    forecast = client.get("/fund/forecast/", {"new_judgments_per_year": "0"}).content.decode()
    assert 'data-testid="held">4,000,000,000<' in forecast
    assert 'data-testid="pledged">6,000,000,000<' in forecast


def test_a_contribution_form_naming_no_row_is_not_found(as_, staff, donations):
    client = as_(staff["park"])
    donor = Contribution.objects.get(kind="receipt").donor
    form = {"donor": donor.pk, "kind": "receipt", "amount": "5", "on": "2024-09-01"}
    assert client.post("/fund/contributions/new/", {**form, "donor": "abc"}).status_code == 404
    assert client.post("/fund/contributions/new/", {**form, "pledge": "abc"}).status_code == 404
    receipt = Contribution.objects.get(kind="receipt")
    assert client.post("/fund/contributions/new/", {**form, "pledge": receipt.pk}).status_code == 404
    # a pledge of another donor is refused with the reason
    other = Contribution.objects.get(kind="pledge")
    refused = client.post("/fund/contributions/new/", {**form, "pledge": other.pk}, follow=True)
    assert "A receipt fulfils a pledge of the same donor." in refused.content.decode()
    assert Contribution.objects.count() == 2


@pytest.fixture
def paid(creditors, staff):
    """The first creditor paid 296,438,356 won on 2023-04-14 (bank confirmation KB-1)."""
    claim = approved_claim(creditors[0], staff)
    payments.claim_record(
        claim=claim,
        event="confirm_payment",
        by=staff["choi"],
        facts={"bank_confirmation": "KB-1", "paid_on": "2023-04-14", "amount_paid": 296_438_356},
    )
    return claim


PAID = 296_438_356
REPORTS = {
    # (code, account, debit, credit, balance): 4 bn received, one payment, its reimbursement claim
    "trial-balance": [
        ["1000", "Bank", 4_000_000_000 - PAID, 0, 4_000_000_000 - PAID],
        ["1100", "Court deposits outstanding", 0, 0, 0],
        ["1200", "Reimbursement claims receivable", PAID, 0, PAID],
        ["1290", "Allowance on reimbursement claims", 0, PAID, -PAID],
        ["3000", "Net assets", 0, 0, 0],
        ["4000", "Contributions, unrestricted", 0, 4_000_000_000, 4_000_000_000],
        ["4010", "Contributions, restricted", 0, 0, 0],
        ["4200", "Reimbursement recovered", 0, 0, 0],
        ["5000", "Payments to creditors", PAID, 0, PAID],
        ["5100", "Operating costs", 0, 0, 0],
        ["", "Total", 4_000_000_000 + PAID, 4_000_000_000 + PAID, ""],
    ],
    "donations": [
        ["2023-03-01", "AMCHAM Korea", "pledge", "not disclosed", "unrestricted", "", ""],
        ["2023-03-15", "POSCO", "receipt", 4_000_000_000, "unrestricted", "", ""],
    ],
    "payments": [
        ["2013다61381", "Nippon Steel Corporation", 1, PAID, 0, 0],
        ["Total", "", 1, PAID, 0, 0],
    ],
    "reimbursements": [
        ["2023-04-14", "2013다61381", "Nippon Steel Corporation", "김영수 (1)", PAID, "open"],
        ["Total", "", "", "", PAID, ""],
    ],
}


@pytest.mark.parametrize("slug", ["trial-balance", "donations", "payments", "reimbursements"])
def test_reports_on_screen_and_as_xlsx_and_csv(as_, staff, donations, paid, slug):
    # given 4,000,000,000 won received and one creditor paid
    client = as_(staff["jung"])
    expected = REPORTS[slug]
    # then the spreadsheet holds the figures, amounts as numbers
    xlsx = client.get(f"/fund/reports/{slug}/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value if cell.value is not None else "" for cell in row] for row in sheet.iter_rows()]
    assert rows[1:] == expected
    # and the CSV the same, as text
    text = client.get(f"/fund/reports/{slug}/", {"format": "csv"}).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [[str(cell) for cell in row] for row in rows]
    # and the page shows them, amounts written 1,234,567
    page = client.get(f"/fund/reports/{slug}/").content.decode()
    for row in expected:
        for cell in row:
            assert (f"{cell:,}" if isinstance(cell, int) else str(cell)) in page, (slug, cell)


def test_donations_report_figures(as_, staff, donations):
    client = as_(staff["jung"])
    sheet = load_workbook(
        io.BytesIO(client.get("/fund/reports/donations/", {"format": "xlsx"}).content)
    ).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:4] == ["2023-03-01", "AMCHAM Korea", "pledge", "not disclosed"]
    assert rows[1][:4] == ["2023-03-15", "POSCO", "receipt", 4_000_000_000]


def test_a_pending_suit_recorded_on_the_forecast_page_adds_to_what_is_owed(as_, staff):
    client = as_(staff["park"])
    client.post(
        "/fund/pending-suits/new/",
        {
            "title": "Fujikoshi, second suit",
            "victims": "3",
            "award_per_victim": "100000000",
            "filed_on": "2019-04-29",
            "expected_decision_on": "2020-01-01",
        },
    )
    page = client.get("/fund/forecast/").content.decode()
    assert "Fujikoshi, second suit" in page
    # decided (as expected) before today: owed already, under the statutory rates since filing
    assert 'data-testid="owed-today">0<' not in page
    refused = client.post("/fund/pending-suits/new/", {"title": "x", "victims": "many"}, follow=True)
    assert "Give a whole number of won." in refused.content.decode()
