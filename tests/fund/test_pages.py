"""The fund's pages: who may read and write, and what they show and download."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from openpyxl import load_workbook

from amends.fund import bankfiles, services
from amends.fund.models import Contribution, PaymentBatch
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


def test_batch_pages_create_download_and_reconcile(as_, staff, creditors):
    # given an approved payment whose creditor's account is recorded through the page
    approved_claim(creditors[0], staff)
    client = as_(staff["park"])
    assert "missing" in client.get("/fund/batches/").content.decode()
    client.post(
        f"/fund/payees/{creditors[0].pk}/",
        {"holder": "김영수", "bank_code": "004", "bank_name": "KB국민은행", "account_number": "123-45-6789"},
    )
    # when a batch is created and downloaded
    response = client.post("/fund/batches/new/", {"execution_on": "2023-04-14"})
    batch = PaymentBatch.objects.get()
    assert response["Location"] == f"/fund/batches/{batch.pk}/"
    xml = client.get(f"/fund/batches/{batch.pk}/download.xml")
    assert bankfiles.pain001_schema().validate(etree.fromstring(xml.content))
    assert "296438356" in client.get(f"/fund/batches/{batch.pk}/download.csv").content.decode()
    # and the auditor may not download it
    assert as_(staff["jung"]).get(f"/fund/batches/{batch.pk}/download.xml").status_code == 403
    # when the statement is uploaded twice
    item = batch.items.get()
    content = bankfiles.camt053(
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
    # then the payment is confirmed once
    assert "1 of 1 lines matched a payment." in first.content.decode()
    assert "imported before: nothing changed" in second.content.decode()
    assert Payment.objects.get().bank_reference == "KB-1"
    assert "paid 2023-04-14" in client.get(f"/fund/batches/{batch.pk}/").content.decode()


def test_forecast_page_shows_the_chart_the_table_and_the_run_out_date(as_, staff, creditors, donations):
    page = (
        as_(staff["han"])
        .get(
            "/fund/forecast/",
            {"new_judgments_per_year": "20", "average_award": "100000000", "contributions_per_year": "0"},
        )
        .content.decode()
    )
    assert 'data-testid="forecast-chart"' in page and 'data-testid="forecast-table"' in page
    assert "The money runs out" in page and "not within" not in page
    bad = as_(staff["han"]).get("/fund/forecast/", {"average_award": "lots"}).content.decode()
    assert "average award: give a whole number." in bad


@pytest.mark.parametrize("slug", ["trial-balance", "donations", "payments", "reimbursements"])
def test_reports_on_screen_and_as_xlsx_and_csv(as_, staff, donations, creditors, slug):
    client = as_(staff["jung"])
    assert client.get(f"/fund/reports/{slug}/").status_code == 200
    xlsx = client.get(f"/fund/reports/{slug}/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    csv = client.get(f"/fund/reports/{slug}/", {"format": "csv"}).content.decode("utf-8-sig")
    assert [cell.value for cell in sheet[1]] == csv.splitlines()[0].split(",")


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
