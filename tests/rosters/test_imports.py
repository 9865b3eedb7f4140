"""Importing rosters and applications: mapped columns, sources kept, all or nothing with a report."""

from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from amends.audit.models import AuditEvent
from amends.rosters.imports import ImportRefused, import_file, parse_mapping
from amends.rosters.models import Application, EarlierPayment, ImportBatch, RosterEntry


@pytest.fixture(autouse=True)
def english():
    """Messages in English whatever the catalogue holds (the default language is Korean; the tests of
    the Korean messages ask for Korean themselves)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_is_imported_with_its_source_and_mapped_columns(db, tmp_path):
    # given a roster whose columns carry the archive's own names
    roster = write(
        tmp_path / "roster.csv",
        "番号,氏名,生年月日,本籍,archive,roster,page,line\n"
        "R1,金田 正雄,1920-03,全羅南道 光州郡,国立公文書館,朝鮮人労務者名簿,12,3\n"
        "R2,岩本 秀夫,大正9年,慶尙北道 安東郡,国立公文書館,朝鮮人労務者名簿,12,4\n",
    )
    # when it is imported with a mapping
    batch = import_file(
        kind="roster",
        path=roster,
        by=None,
        source="Mitsubishi Nagasaki 1944",
        mapping=parse_mapping("番号=ref,氏名=name_japanese,生年月日=birth_date,本籍=hometown"),
    )
    # then every row keeps where it was found, and era years are read
    assert batch.rows == 2
    entry = RosterEntry.objects.get(ref="R1")
    assert (entry.name_japanese, entry.birth_date, entry.hometown) == (
        "金田 正雄",
        "1920-03",
        "全羅南道 光州郡",
    )
    assert (entry.source_name, entry.archive, entry.roster, entry.page, entry.line) == (
        "Mitsubishi Nagasaki 1944", "国立公文書館", "朝鮮人労務者名簿", "12", "3",
    )  # fmt: skip
    assert RosterEntry.objects.get(ref="R2").birth_date == "1920"
    event = AuditEvent.objects.get(action="rosters.import_roster")
    assert event.after["rows"] == 2


def test_applications_import_from_xlsx(db, tmp_path):
    # given applications in a spreadsheet
    book = Workbook()
    sheet = book.active
    sheet.append(["ref", "name_hangul", "name_hanja", "birth_date", "hometown"])
    sheet.append(["A1", "김정웅", "金正雄", "1920-03-05", "광주광역시"])
    sheet.append(["A2", "이수부", None, 1921, None])
    book.save(tmp_path / "applications.xlsx")
    # when they are imported
    import_file(kind="applications", path=tmp_path / "applications.xlsx", by=None)
    # then each row is an application, blanks empty, a year written as a number read as a year
    assert list(Application.objects.order_by("ref").values_list("ref", "name_hanja", "birth_date")) == [
        ("A1", "金正雄", "1920-03-05"),
        ("A2", "", "1921"),
    ]


def test_a_file_with_a_bad_row_is_refused_whole_with_a_row_report(db, tmp_path):
    # given a file whose third and fourth rows are wrong
    applications = write(
        tmp_path / "applications.csv",
        "ref,name_hangul,birth_date\nA1,김정웅,1920-03-05\nA2,이수부,1920-13\nA1,박영수,1920\n",
    )
    # when it is imported
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=applications, by=None)
    # then nothing is written and the report names each row and column
    assert Application.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    report = refused.value.report()
    assert "row 3, birth_date: '1920-13' is impossible: there is no month 13" in report
    assert "row 4, ref: A1 appears twice in the file" in report


def test_unknown_columns_and_a_missing_ref_are_refused(db, tmp_path):
    path = write(tmp_path / "a.csv", "name,born\n김정웅,1920\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    assert "name: unknown column" in refused.value.report()
    assert "ref: the file needs a ref column" in refused.value.report()


def test_a_roster_needs_its_source(db, tmp_path):
    path = write(tmp_path / "r.csv", "ref\nR1\n")
    with pytest.raises(ImportRefused, match="source"):
        import_file(kind="roster", path=path, by=None, source=" ")


def test_a_file_imported_twice_is_refused_the_second_time(db, tmp_path):
    path = write(tmp_path / "a.csv", "ref,name_hangul\nA1,김정웅\n")
    import_file(kind="applications", path=path, by=None)
    with pytest.raises(ImportRefused, match="A1 is already imported"):
        import_file(kind="applications", path=path, by=None)
    assert Application.objects.count() == 1


def test_the_commands_import_and_report_refusals(db, tmp_path):
    roster = write(tmp_path / "r.csv", "no,name\nR1,金田正雄\n")
    payments = write(
        tmp_path / "p.csv", 'ref,name_hangul,programme,amount\nP1,김정웅,2008 위로금,"20,000,000"\n'
    )
    out = StringIO()
    call_command(
        "roster", "import", str(roster), "--source", "S", "--mapping", "no=ref,name=name_japanese", stdout=out
    )
    call_command("applications", "import", str(payments), "--earlier-payments", stdout=out)
    assert "Imported 1 roster rows from r.csv." in out.getvalue()
    assert EarlierPayment.objects.get().amount == 20_000_000
    bad = write(tmp_path / "bad.csv", "ref,birth_date\nA1,soon\n")
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("applications", "import", str(bad), stderr=err)
    assert "row 2, birth_date" in err.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # a file the CSV reader chokes on, a CSV named as a workbook
        ("applications.csv", b'ref,name_hangul\nA1,"' + b"x" * 200_000 + b'"\n'),
        ("applications.xlsx", "ref,name_hangul\nA1,김정웅\n".encode()),
    ],
)
def test_a_file_that_is_not_csv_or_xlsx_is_refused_with_a_report(db, tmp_path, name, content):
    # given a file the importer cannot read
    path = tmp_path / name
    path.write_bytes(content)
    # when it is imported
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    # then it is refused with a report, not a traceback, and nothing is written
    assert refused.value.report().startswith("file: not a CSV file or an XLSX workbook: ")
    assert Application.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_cp949_file_is_read_by_the_command_and_reported(db, tmp_path):
    # given a CSV saved by Korean Excel (CP949)
    path = tmp_path / "applications.csv"
    path.write_bytes("ref,name_hangul,hometown\nA1,김정웅,전라남도 광주군\n".encode("cp949"))
    # when the command imports it
    out = StringIO()
    call_command("applications", "import", str(path), stdout=out)
    # then the names are read right, and the report says how the file was read
    assert Application.objects.get(ref="A1").name_hangul == "김정웅"
    assert "read as Korean CP949 (EUC-KR)" in out.getvalue()
    assert ImportBatch.objects.get().encoding == "cp949"


def test_refs_imported_meanwhile_by_another_import_refuse_the_file(db, tmp_path, monkeypatch):
    # given another import that commits the same ref after this one has read the existing refs
    from amends.rosters import imports

    path = write(tmp_path / "a.csv", "ref,name_hangul\nA1,김정웅\n")
    validate = imports._validate

    def validate_then_other_import(*args, **options):
        checked = validate(*args, **options)
        other = ImportBatch.objects.create(kind="applications", file_name="other.csv", rows=1)
        Application.objects.create(ref="A1", name_hangul="김정웅", batch=other)
        return checked

    monkeypatch.setattr(imports, "_validate", validate_then_other_import)
    # when this import writes
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    # then it is refused with a report and writes nothing of its own
    assert "the database refused the rows" in refused.value.report()
    assert list(ImportBatch.objects.values_list("file_name", flat=True)) == ["other.csv"]
    assert not AuditEvent.objects.filter(action="rosters.import_applications").exists()


def test_an_amount_too_large_for_the_database_is_refused_by_row(db, tmp_path):
    path = write(
        tmp_path / "p.csv",
        "ref,name_hangul,programme,amount\n"
        "P1,김정웅,2008 위로금,20000000\n"
        "P2,이수부,2008 위로금,9223372036854775808\n",
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="payments", path=path, by=None)
    assert "row 3, amount: larger than 9,223,372,036,854,775,807 won" in refused.value.report()
    assert EarlierPayment.objects.count() == 0
