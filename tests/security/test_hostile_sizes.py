"""Inputs over their size caps are refused, naming the field, before they are read whole or a lock is
taken, and change nothing: a statement over the upload cap or the line cap, a form or JSON body over the
request cap (413), an XLSX zip bomb or a workbook declaring more rows or shared strings than the caps
(refused from the zip's directory, before openpyxl inflates it)."""

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from openpyxl import Workbook

from amends.api import services as api_services
from amends.banking import statements
from amends.banking.models import Statement
from amends.fund.models import Donor
from amends.rosters.imports import ImportRefused, import_file
from amends.rosters.models import Application, ImportBatch
from tests.support import clear_append_only_records, grant

pytestmark = pytest.mark.django_db

HEADER = "booked_on,amount,direction,bank_reference,end_to_end_id\n"


def statement(lines: int) -> bytes:
    return (HEADER + "".join(f"2023-04-14,{n + 1},CRDT,B-{n},\n" for n in range(lines))).encode()


@pytest.fixture
def officer(django_user_model):
    return grant(django_user_model.objects.create_user(username="choi", is_staff=True), "finance_officer")


@pytest.fixture
def page(officer) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    return client


@pytest.fixture
def api(officer) -> Client:
    token = api_services.api_token_create(by=None, user=officer, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")


def upload(content: bytes, name: str = "statement.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_a_statement_over_the_upload_cap_is_refused_on_the_page(page, settings):
    # given an upload cap of 100,000 bytes and a statement of more
    settings.AMENDS_MAX_UPLOAD_BYTES = 100_000
    content = statement(4_000)
    assert len(content) > 100_000

    # when
    response = page.post("/fund/statements/upload/", {"statement": upload(content)}, follow=True)

    # then
    assert "statement: The file is larger than 0.1 MB: it is refused." in response.content.decode()
    assert not Statement.objects.exists()


def test_a_statement_over_the_upload_cap_is_413_from_the_api(api, settings):
    # given
    settings.AMENDS_MAX_UPLOAD_BYTES = 100_000

    # when
    response = api.post("/api/statements", {"file": upload(statement(4_000))})

    # then
    assert response.status_code == 413
    assert response.json() == {
        "code": "too_large",
        "field": "file",
        "detail": "The file is larger than 0.1 MB: it is refused.",
    }
    assert not Statement.objects.exists()


def test_a_request_far_over_the_caps_is_413_before_it_is_read(page, settings):
    # given caps of 100,000 bytes for a form and for a file
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.AMENDS_MAX_UPLOAD_BYTES = 100_000

    # when a statement of 300,000 bytes is sent
    response = page.post("/fund/statements/upload/", {"statement": upload(statement(12_000))})

    # then it is refused by its length alone
    assert response.status_code == 413
    assert "input: The request is larger than 0.2 MB: it is refused." in response.content.decode()
    assert not Statement.objects.exists()


def test_a_form_over_the_request_cap_is_413_and_records_nothing(page):
    # when a donor's name of 3 MB is posted (the cap is 2.5 MB)
    response = page.post("/fund/donors/new/", {"name": "x" * 3_000_000, "kind": "company"})

    # then
    assert response.status_code == 413
    assert "The request is larger than 2.5 MB: it is refused." in response.content.decode()
    assert not Donor.objects.exists()


def test_a_statement_over_the_line_cap_is_refused_naming_the_file(page, settings):
    # given a cap of 3 lines and a statement of 4
    settings.AMENDS_STATEMENT_MAX_LINES = 3

    # when
    response = page.post("/fund/statements/upload/", {"statement": upload(statement(4))}, follow=True)

    # then
    assert (
        "statement: statement.csv has 4 lines, more than 3: ask the bank for the statement of fewer days."
        in response.content.decode()
    )
    assert not Statement.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_statement_is_read_before_the_transaction_begins(page, monkeypatch):
    # given the real reader, watched for whether it runs inside a transaction
    seen = []
    read = statements.parse_statement

    def watched(content, profile=None):
        seen.append(connection.in_atomic_block)
        return read(content, profile=profile)

    monkeypatch.setattr(statements, "parse_statement", watched)

    # when a statement is imported
    try:
        response = page.post("/fund/statements/upload/", {"statement": upload(statement(2))}, follow=True)

        # then it was read outside any transaction (a lock is taken only to write), and imported
        assert seen == [False]
        assert response.status_code == 200
        assert Statement.objects.count() == 1
    finally:
        clear_append_only_records()


# -- XLSX ---------------------------------------------------------------------------------------------


def workbook(path, rows: list[list]) -> None:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_an_xlsx_zip_bomb_is_refused_before_it_is_inflated(db, tmp_path):
    # given a workbook of less than 1 MB whose sheet inflates to 96 MB (a real workbook's other parts, a sheet
    # of one cell repeated)
    real = tmp_path / "real.xlsx"
    workbook(real, [["ref", "name_hangul"], ["A1", "김정웅"]])
    bomb = tmp_path / "applications.xlsx"
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>A1</t></is></c></row>'
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                    sheet.write(
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    )
                    sheet.write(b"<sheetData>")
                    for _ in range(100):
                        sheet.write(row * 16_000)
                    sheet.write(b"</sheetData></worksheet>")
            else:
                target.writestr(info, source.read(info))
    assert bomb.stat().st_size < 1_000_000

    # when
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=bomb, by=None)

    # then
    report = refused.value.report()
    assert report.startswith("file: xl/worksheets/sheet1.xml in the workbook inflates ")
    assert report.endswith("times, to 96.1 MB: it is refused as a zip bomb.")
    assert not Application.objects.exists() and not ImportBatch.objects.exists()


def test_a_workbook_declaring_more_rows_than_the_cap_is_refused(db, tmp_path, settings):
    # given a cap of 10 rows and a workbook of 20
    settings.AMENDS_XLSX_MAX_ROWS = 10
    path = tmp_path / "applications.xlsx"
    workbook(path, [["ref", "name_hangul"]] + [[f"A{n}", "김정웅"] for n in range(19)])

    # when
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)

    # then
    assert refused.value.report() == "file: The file has 20 rows, more than 10: split it."
    assert not Application.objects.exists()


def test_a_workbook_declaring_more_shared_strings_than_the_cap_is_refused(db, tmp_path, settings):
    # given a cap of 5 shared strings and a workbook written with more (as Excel writes them)
    settings.AMENDS_XLSX_MAX_SHARED_STRINGS = 5
    real = tmp_path / "real.xlsx"
    workbook(real, [["ref", "name_hangul"], ["A1", "김정웅"]])
    path = tmp_path / "applications.xlsx"
    strings = "".join(f"<si><t>name {n}</t></si>" for n in range(8))
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">'
        f"{strings}</sst>"
    )
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/sharedStrings.xml", shared)

    # when
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)

    # then
    assert refused.value.report() == "file: The workbook declares 8 shared strings, more than 5."
    assert not Application.objects.exists()


def test_a_workbook_within_the_caps_is_imported(db, tmp_path, settings):
    # given caps the file keeps to
    settings.AMENDS_XLSX_MAX_ROWS = 3
    path = tmp_path / "applications.xlsx"
    workbook(path, [["ref", "name_hangul"], ["A1", "김정웅"], ["A2", "이수부"]])

    # when
    import_file(kind="applications", path=path, by=None)

    # then
    assert sorted(Application.objects.values_list("ref", flat=True)) == ["A1", "A2"]
