"""Files as a records office has them (issue 16): Korean Excel's CP949, a byte-order mark, the Korean
date styles and Excel serial days, title rows above the header, errors in the reader's language with
the mapping's syntax, and a corrected file updating the rows imported before."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from amends.audit.models import AuditEvent
from amends.rosters.imports import ImportRefused, import_file, parse_mapping
from amends.rosters.models import Application, EarlierPayment, ImportBatch, RosterEntry


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_file(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("1921. 3. 5.", "1921-03-05"),
        ("1921.3.5", "1921-03-05"),
        ("1921. 3.", "1921-03"),
        ("19240817", "1924-08-17"),
        ("1921년 3월 5일", "1921-03-05"),
        ("1921년 3월", "1921-03"),
        ("1921-03-05", "1921-03-05"),
        ("1921/3/5", "1921-03-05"),
        ("大正10年3月5日", "1921-03-05"),
        ("1921", "1921"),
        ("7735", "1921-03-05"),  # an Excel serial day, as a "General" column exports it
        # an age at the roster's date, counted the old way (born the year before the first birthday),
        # the date before or after it
        ("昭和19年 24歳", "1921"),
        ("24歳 (昭和19年)", "1921"),
        ("1944年 24歳", "1921"),
        ("24세 (1944)", "1921"),
    ],
)
def test_each_date_style_is_read(db, tmp_path, written, stored):
    # given an application whose birth date is written the way Korean records write it
    path = csv_file(tmp_path / "a.csv", f"ref,name_hangul,birth_date\nA1,김정웅,{written}\n")
    # when it is imported
    import_file(kind="applications", path=path, by=None)
    # then the date is kept in ISO form, to the precision it was given
    assert Application.objects.get(ref="A1").birth_date == stored


def test_excel_serial_and_date_cells_of_a_workbook_are_read(db, tmp_path):
    # given a workbook with a birth date as a bare serial number and one as a date cell
    from datetime import date

    book = Workbook()
    book.active.append(["ref", "birth_date"])
    book.active.append(["A1", 8995])
    book.active.append(["A2", date(1921, 3, 5)])
    book.save(tmp_path / "a.xlsx")
    # when it is imported
    import_file(kind="applications", path=tmp_path / "a.xlsx", by=None)
    # then both are the days they stand for
    assert dict(Application.objects.values_list("ref", "birth_date")) == {
        "A1": "1924-08-16",
        "A2": "1921-03-05",
    }


def test_an_impossible_date_is_reported_naming_row_and_column(db, tmp_path):
    # given payments, the second with a day February never has
    path = csv_file(
        tmp_path / "p.csv",
        "ref,programme,paid_on,birth_date\n"
        "P1,2008 위로금,2008. 5. 1.,1921. 3. 5.\n"
        "P2,2008 위로금,2008. 5. 2.,1921. 2. 30.\n",
    )
    # when it is imported
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="payments", path=path, by=None)
    # then the report calls it impossible, on its row and in its column, and nothing is written
    assert refused.value.report() == "row 3, birth_date: '1921. 2. 30.' is impossible: 1921-02 has no day 30"
    assert EarlierPayment.objects.count() == 0


def test_a_cell_that_is_no_date_says_how_to_write_one(db, tmp_path):
    path = csv_file(tmp_path / "a.csv", "ref,birth_date\nA1,삼월\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    assert refused.value.report() == (
        "row 2, birth_date: '삼월' is not a date: write it as 1921-03-05, 1921. 3. 5., 19210305, "
        "1921년 3월 5일, 1921-03 or 1921"
    )


def test_a_cp949_file_is_read_and_the_import_says_so(db, tmp_path):
    # given a roster saved by Korean Excel, in CP949, with Hanja
    path = csv_file(
        tmp_path / "r.csv",
        "ref,name_hangul,name_hanja,hometown\n"
        "R1,김정웅,金正雄,전라남도 광주군\n"
        "R2,이수부,李壽富,경상북도 안동군\n",
        "cp949",
    )
    # when it is imported
    batch = import_file(kind="roster", path=path, by=None, source="S")
    # then every name reads right, and the batch and its audit event say how the file was read
    assert RosterEntry.objects.get(ref="R2").name_hanja == "李壽富"
    assert batch.encoding == "cp949"
    assert AuditEvent.objects.get(action="rosters.import_roster").after["encoding"] == "cp949"


def test_a_utf8_file_with_a_byte_order_mark_is_fine(db, tmp_path):
    path = csv_file(tmp_path / "a.csv", "ref,name_hangul\nA1,김정웅\n", "utf-8-sig")
    batch = import_file(kind="applications", path=path, by=None)
    assert Application.objects.get().ref == "A1" and batch.encoding == "utf-8"


def test_an_undecodable_file_is_refused_with_what_to_do(db, tmp_path):
    # given a file that is neither UTF-8 nor CP949 (bytes no Korean encoding has)
    path = tmp_path / "a.csv"
    path.write_bytes(b"ref,name_hangul\nA1,\xff\xfe\xff\n")
    # when it is imported
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    # then it is refused, saying how to save the file so that it can be read; nothing is written
    assert refused.value.report() == (
        "file: the file is neither UTF-8 nor Korean CP949/EUC-KR. In Excel choose File › Save As › "
        '"CSV UTF-8 (comma delimited)", or save it as an Excel workbook (.xlsx), and import that file.'
    )
    assert Application.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_japanese_shift_jis_roster_is_refused_not_misread_as_korean(db, tmp_path):
    # given a roster from a Japanese archive in Shift_JIS, whose bytes CP949 would also decode
    path = csv_file(tmp_path / "r.csv", "ref,name_japanese\nR1,かねだ まさお\nR2,いわもと ひでお\n", "cp932")
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="roster", path=path, by=None, source="S")
    assert "(it looks like Japanese Shift_JIS)" in refused.value.report()
    assert RosterEntry.objects.count() == 0


def test_the_refusal_is_in_the_readers_language(db, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"ref\nA1\xff\xff\n")
    with translation.override("ko"), pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    assert "CSV UTF-8" in refused.value.report() and "다른 이름으로 저장" in refused.value.report()


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(db, tmp_path):
    # given a sheet with two title rows above its header, the second data row wrong
    path = csv_file(
        tmp_path / "r.csv",
        "朝鮮人労務者名簿,,\n三菱重工業 長崎造船所 1944,,\nref,name_japanese,birth_date\n"
        "R1,金田 正雄,1920. 3. 5.\nR2,岩本 秀夫,1920. 2. 30.\n",
    )
    # when it is imported with the header on row 3
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="roster", path=path, by=None, source="S", header_row=3)
    # then the error names the file's own row 5
    assert refused.value.report() == "row 5, birth_date: '1920. 2. 30.' is impossible: 1920-02 has no day 30"
    # and the corrected file imports from row 4 on
    csv_file(
        path,
        "朝鮮人労務者名簿,,\n三菱重工業 長崎造船所 1944,,\nref,name_japanese,birth_date\n"
        "R1,金田 正雄,1920. 3. 5.\nR2,岩本 秀夫,1920. 2. 3.\n",
    )
    out = StringIO()
    call_command("roster", "import", str(path), "--source", "S", "--header-row", "3", stdout=out)
    assert dict(RosterEntry.objects.values_list("ref", "birth_date")) == {
        "R1": "1920-03-05",
        "R2": "1920-02-03",
    }


def test_a_workbook_with_title_rows_is_read_from_its_header_row(db, tmp_path):
    book = Workbook()
    book.active.append(["신청서 목록 2025"])
    book.active.append(["ref", "name_hangul"])
    book.active.append(["A1", "김정웅"])
    book.save(tmp_path / "a.xlsx")
    import_file(kind="applications", path=tmp_path / "a.xlsx", by=None, header_row=2)
    assert list(Application.objects.values_list("ref", "name_hangul")) == [("A1", "김정웅")]


def test_an_unknown_column_shows_the_mapping_syntax(db, tmp_path):
    path = csv_file(tmp_path / "a.csv", "ref,성명\nA1,김정웅\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    assert refused.value.report().startswith(
        '성명: unknown column: map it to a standard column as "성명=STANDARD" (one of ref, name_hangul, '
    )
    assert 'or as "성명=" to leave it out' in refused.value.report()
    with pytest.raises(ImportRefused) as refused:
        parse_mapping("성명 name_hangul")
    assert 'e.g. "성명=name_hangul,생년월일=birth_date,비고="' in refused.value.report()


def test_unknown_column_in_korean(db, tmp_path):
    path = csv_file(tmp_path / "a.csv", "ref,성명\nA1,김정웅\n")
    with translation.override("ko"), pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    assert refused.value.report().startswith('성명: 알 수 없는 열입니다: "성명=표준열"(ref, name_hangul, ')


# -- A corrected file (--update) ----------------------------------------------------------------------


@pytest.fixture
def first_import(db, tmp_path):
    path = csv_file(
        tmp_path / "a.csv",
        "ref,name_hangul,birth_date,hometown\n"
        "A1,김정웅,1920. 3. 5.,광주\nA2,이수부,1921,안동\nA3,박영수,1922,대구\n",
    )
    import_file(kind="applications", path=path, by=None)
    return tmp_path


def test_an_update_changes_the_rows_and_audits_before_and_after(first_import):
    # given a corrected file: A1's birth date and A2's hometown corrected, A3 as it was, A4 new
    path = csv_file(
        first_import / "a-corrected.csv",
        "ref,name_hangul,birth_date,hometown\nA1,김정웅,1920. 3. 15.,광주\nA2,이수부,1921,안동군\n"
        "A3,박영수,1922,대구\nA4,최민수,1923,부산\n",
    )
    # when it is imported as an update
    out = StringIO()
    call_command("applications", "import", str(path), "--update", stdout=out)
    # then the corrected rows changed, the new one was added, the others are as they were
    rows = {
        ref: (born, town)
        for ref, born, town in Application.objects.values_list("ref", "birth_date", "hometown")
    }
    assert rows == {
        "A1": ("1920-03-15", "광주"),
        "A2": ("1921", "안동군"),
        "A3": ("1922", "대구"),
        "A4": ("1923", "부산"),
    }
    assert "1 added, 2 updated, 1 unchanged." in out.getvalue()
    # and one audit event keeps each changed row's values before and after, changed columns only
    event = AuditEvent.objects.filter(action="rosters.import_applications").order_by("sequence").last()
    assert event.after["update"] is True
    assert event.after["changes"] == {
        "A1": {"before": {"birth_date": "1920-03-05"}, "after": {"birth_date": "1920-03-15"}},
        "A2": {"before": {"hometown": "안동"}, "after": {"hometown": "안동군"}},
    }
    batch = ImportBatch.objects.get(update=True)
    assert (batch.rows, batch.added, batch.updated) == (4, 1, 2)


def test_a_failing_row_in_an_update_changes_nothing(first_import):
    # given a corrected file whose last row has an impossible date
    path = csv_file(
        first_import / "a-corrected.csv",
        "ref,name_hangul,birth_date\nA1,김정웅,1920. 3. 15.\nA4,최민수,1923\nA2,이수부,1921. 2. 29.\n",
    )
    before = list(Application.objects.order_by("ref").values_list("ref", "name_hangul", "birth_date"))
    events = AuditEvent.objects.count()
    # when it is imported as an update
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None, update=True)
    # then it is refused naming the row, and nothing changed: no row, no batch, no event
    assert refused.value.report() == "row 4, birth_date: '1921. 2. 29.' is impossible: 1921-02 has no day 29"
    assert list(Application.objects.order_by("ref").values_list("ref", "name_hangul", "birth_date")) == before
    assert ImportBatch.objects.filter(update=True).count() == 0 and AuditEvent.objects.count() == events


def test_without_update_a_corrected_file_is_refused_saying_how(first_import):
    path = csv_file(first_import / "again.csv", "ref,name_hangul\nA1,김정웅\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="applications", path=path, by=None)
    assert "A1 is already imported; to correct rows imported before, import the file as an update" in str(
        refused.value
    )


def test_an_update_may_not_take_another_rosters_entries(db, tmp_path):
    # given an entry imported from one roster
    path = csv_file(tmp_path / "r.csv", "ref,name_japanese\nR1,金田 正雄\n")
    import_file(kind="roster", path=path, by=None, source="Mitsubishi 1944")
    # when a file of another roster with the same ref is imported as an update
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="roster", path=path, by=None, source="Hokkaido 1943", update=True)
    # then it is refused and the entry is untouched
    assert "R1 was imported from the roster Mitsubishi 1944, not Hokkaido 1943" in str(refused.value)
    assert RosterEntry.objects.get().source_name == "Mitsubishi 1944"
