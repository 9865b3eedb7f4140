"""Reading the bank's statements (pure Python, no database): real banks' camt.053 files (see
data/SOURCE.md), amends' own CSV and the Korean banks' CSV exports."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

from amends.banking import statements
from amends.banking.statements import PROFILES, StatementError, camt053, parse_statement

DATA = Path(__file__).parent / "data"
ACCOUNT = "11101234567890"


def read(name: str) -> statements.ParsedStatement:
    return parse_statement((DATA / name).read_bytes())


# Real banks' camt.053 ---------------------------------------------------------------------------------


def test_a_postfinance_statement_gives_every_entry_with_its_amount_dates_and_account():
    statement = read("postfinance_camt053_v04.xml")
    assert statement.format == "camt.053.001.04"
    assert [(line.amount, line.debit) for line in statement.lines] == [
        (450, False),
        (7770, True),
        (150000, False),
        (153700, False),
        (169222, False),
    ]
    assert {line.booked_on for line in statement.lines} == {date(2020, 11, 24)}
    assert [line.value_on for line in statement.lines][3] == date(2020, 11, 25)
    assert {(line.account, line.status, line.error, line.returned) for line in statement.lines} == {
        (ACCOUNT, "BOOK", "", False)
    }
    assert [line.position for line in statement.lines] == [1, 2, 3, 4, 5]
    assert statement.lines[1].end_to_end_id == "AMENDS-P201"
    assert statement.lines[2].text.startswith("SAMMELGUTSCHRIFT FÜR KONTO")


def test_two_entries_sharing_a_bank_reference_are_two_lines():
    lines = read("postfinance_camt053_v04.xml").lines
    assert [(line.bank_reference, line.amount) for line in lines[3:]] == [
        ("07582000303KBMSU", 153700),
        ("07582000303KBMSU", 169222),
    ]


def test_a_batch_booking_is_one_line_per_transaction_with_its_own_amount_and_reference():
    # the Finnish sample's entry 3: 4,230.05 booked once for three transfers (TxDtls/AmtDtls/TxAmt/Amt)
    statement = read("fffs_finland_camt053_v02.xml")
    assert statement.format == "camt.053.001.02"
    assert len(statement.lines) == 13
    batch = statement.lines[2:5]
    assert [(line.amount, line.bank_reference, line.end_to_end_id, line.position) for line in batch] == [
        (200002, "091029ARCH03001", "AMENDS-P401", 3),
        (100001, "091029ARCH03002", "AMENDS-P402", 4),
        (123002, "091029ARCH03003", "AMENDS-P403", 5),
    ]
    assert sum(line.amount for line in batch) == 423005
    assert {(line.debit, line.booked_on, line.account) for line in batch} == {
        (True, date(2009, 10, 29), ACCOUNT)
    }
    assert batch[1].text == "Invoices 123 and 321"


def test_two_transactions_of_one_entry_with_the_same_reference_are_both_kept():
    # the Finnish sample's charges: one entry, two TxDtls with the same AcctSvcrRef
    lines = read("fffs_finland_camt053_v02.xml").lines
    assert [(line.amount, line.bank_reference, line.position) for line in lines[11:]] == [
        (10000, "091029ARCH09001", 12),
        (10000, "091029ARCH09001", 13),
    ]


def test_a_single_transaction_entry_keeps_the_bank_reference_as_is():
    lines = read("fffs_finland_camt053_v02.xml").lines
    assert (lines[0].bank_reference, lines[0].amount) == ("091029ACCTSTMTARCH01", 100012)
    assert (lines[10].end_to_end_id, lines[10].amount, lines[10].debit) == ("EndToEndIdSCT01", 1000000, False)
    assert lines[8].value_on == date(2009, 10, 30)


def test_a_returned_payment_is_recognised_with_its_reason_and_the_original_reference():
    # PostFinance's return: a credit with RvslInd, BkTxCd PMNT/ICDT/RRTN and RtrInf/Rsn/Cd AC01
    (line,) = read("postfinance_return_camt053_v04.xml").lines
    assert line.returned is True
    assert line.return_reason == "AC01: Kontonummer falsch"
    assert (line.end_to_end_id, line.amount, line.debit) == ("AMENDS-P301", 50000, False)
    assert (line.booked_on, line.account, line.error) == (date(2020, 11, 24), ACCOUNT, "")


def test_a_camt053_001_08_statement_reads_the_status_code_and_booking_time():
    statement = read("genkgo_camt053_v08.xml")
    assert statement.format == "camt.053.001.08"
    (line,) = statement.lines
    assert (line.status, line.booked_on, line.value_on) == ("BOOK", date(2014, 12, 31), date(2015, 1, 2))
    assert (line.amount, line.debit, line.end_to_end_id) == (885, False, "AMENDS-P101")
    assert (line.bank_reference, line.account) == ("AAAASESS-FP-CN_98765/01", ACCOUNT)


def test_a_camt053_001_04_statement_with_the_plain_status_is_read():
    (line,) = read("genkgo_camt053_v04.xml").lines
    assert (line.status, line.amount, line.booked_on, line.account) == (
        "BOOK",
        885,
        date(2014, 12, 31),
        ACCOUNT,
    )


def test_every_statement_of_a_file_is_read_with_its_account_normalised():
    statement = read("genkgo_camt053_v02_two_statements.xml")
    assert [(line.account, line.amount, line.debit, line.end_to_end_id) for line in statement.lines] == [
        (ACCOUNT, 885, False, "000000001"),
        (ACCOUNT, 700, True, "AMENDS-P102"),
    ]
    assert [line.position for line in statement.lines] == [1, 2]
    assert [line.returned for line in statement.lines] == [False, False]  # RvslInd false


def test_a_reversal_indicator_alone_marks_the_line_returned():
    content = (DATA / "genkgo_camt053_v02_two_statements.xml").read_bytes()
    lines = parse_statement(content.replace(b"<RvslInd>false</RvslInd>", b"<RvslInd>true</RvslInd>", 1)).lines
    assert [(line.returned, line.return_reason) for line in lines] == [(True, ""), (False, "")]


def test_entries_without_any_date_take_the_day_of_a_one_day_statement():
    # the Lithuanian statements give no BookgDt, no ValDt and no FrToDt, but their opening and closing
    # booked balances are of one day, 2024-03-07: the entries were booked that day
    statement = read("lb_centrolink_camt053_v08.xml")
    assert [(line.amount, line.debit, line.bank_reference) for line in statement.lines] == [
        (82853198, False, "REF000000025239"),
        (20, True, "REF000000041558"),
        (579397, True, "REF000000069955"),
    ]
    assert {
        (line.booked_on, line.value_on, line.status, line.account, line.error) for line in statement.lines
    } == {(date(2024, 3, 7), None, "BOOK", ACCOUNT, "")}


def test_entries_without_any_date_in_a_statement_of_several_days_are_listed_with_the_reason():
    content = (DATA / "lb_centrolink_camt053_v08.xml").read_bytes()
    # the closing balance a day later: the statement covers two days, and an entry's day is unknown
    content = content.replace(
        b'<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="KRW">2190396039</Amt><Dt><Dt>2024-03-07',
        b'<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="KRW">2190396039</Amt><Dt><Dt>2024-03-08',
    )
    lines = parse_statement(content).lines
    assert [line.error for line in lines] == [
        "entry 1: no booking or value date",
        "entry 2: no booking or value date",
        "entry 3: no booking or value date",
    ]
    assert [line.amount for line in lines] == [82853198, 20, 579397]


def test_a_fraction_of_a_won_marks_only_that_line():
    content = (DATA / "postfinance_camt053_v04.xml").read_bytes()
    lines = parse_statement(
        content.replace(b'<Amt Ccy="KRW">7770</Amt>', b'<Amt Ccy="KRW">77.70</Amt>', 1)
    ).lines
    assert len(lines) == 5
    assert lines[1].error == "entry 2: amount '77.70' is not a whole number of won"
    assert (lines[1].amount, lines[1].bank_reference, lines[1].end_to_end_id) == (
        None,
        "0758103031480977",
        "AMENDS-P201",
    )
    assert [line.error for line in lines if line is not lines[1]] == ["", "", "", ""]


# The writer, and what it lets tests say ----------------------------------------------------------------


def entry(**changes) -> dict:
    return {"booked_on": date(2024, 1, 2), "amount": 5000, "end_to_end_id": "AMENDS-P1"} | changes


@pytest.mark.parametrize("version", ["02", "08"])
def test_a_pending_entry_is_reported_as_pending(version):
    content = camt053([entry(), entry(status="PDNG"), entry(status="INFO")], account=ACCOUNT, version=version)
    assert (b"<Sts>PDNG</Sts>" in content) == (version == "02")
    statement = parse_statement(content)
    assert statement.format == f"camt.053.001.{version}"
    assert [line.status for line in statement.lines] == ["BOOK", "PDNG", "INFO"]


def test_a_missing_status_means_booked():
    content = re.sub(
        rb"<Sts>\s*<Cd>BOOK</Cd>\s*</Sts>", b"", camt053([entry(status="PDNG")], account=ACCOUNT)
    )
    content = re.sub(rb"<Sts>\s*<Cd>PDNG</Cd>\s*</Sts>", b"", content)
    assert b"Sts" not in content
    assert parse_statement(content).lines[0].status == "BOOK"


def test_a_line_without_a_booking_date_takes_its_value_date():
    content = camt053([entry(booked_on=None, value_on=date(2024, 1, 3))], account=ACCOUNT)
    (line,) = parse_statement(content).lines
    assert (line.booked_on, line.value_on, line.error) == (date(2024, 1, 3), date(2024, 1, 3), "")


def test_a_line_without_any_date_takes_the_day_a_one_day_statement_covers():
    content = camt053([entry(booked_on=None)], account=ACCOUNT).replace(
        b"<Acct>",
        b"<FrToDt><FrDtTm>2024-01-05T00:00:00</FrDtTm><ToDtTm>2024-01-05T23:59:59</ToDtTm></FrToDt><Acct>",
    )
    (line,) = parse_statement(content).lines
    assert (line.booked_on, line.value_on, line.error) == (date(2024, 1, 5), None, "")


def test_the_writer_writes_a_return_as_banks_do_and_it_is_read_back():
    content = camt053([entry(returned=True, return_reason="AC04", text="RETURN")], account=ACCOUNT)
    assert b"<SubFmlyCd>RRTN</SubFmlyCd>" in content and b"<CdtDbtInd>CRDT</CdtDbtInd>" in content
    (line,) = parse_statement(content).lines
    assert (line.returned, line.return_reason, line.debit) == (True, "AC04", False)
    assert (line.end_to_end_id, line.amount, line.text) == ("AMENDS-P1", 5000, "RETURN")


def test_a_return_code_alone_marks_the_line_returned():
    content = camt053([entry()], account=ACCOUNT).replace(
        b"<NtryDtls>",
        b"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RPCR</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls>",
    )
    assert parse_statement(content).lines[0].returned is True


def test_a_batch_booking_written_by_the_writer_keeps_the_entry_reference_as_is():
    content = camt053(
        [
            {
                "booked_on": date(2024, 1, 2),
                "bank_reference": "KB-BATCH",
                "transactions": [
                    {"amount": 100, "end_to_end_id": "AMENDS-P1"},
                    {"amount": 200, "end_to_end_id": "AMENDS-P2"},
                ],
            }
        ],
        account=ACCOUNT,
    )
    lines = parse_statement(content).lines
    assert [(line.amount, line.bank_reference, line.end_to_end_id, line.position) for line in lines] == [
        (100, "KB-BATCH", "AMENDS-P1", 1),
        (200, "KB-BATCH", "AMENDS-P2", 2),
    ]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (b'<Amt Ccy="KRW">5000</Amt>', b'<Amt Ccy="USD">5000</Amt>', "entry 2: currency USD, not KRW"),
        (b'<Amt Ccy="KRW">5000</Amt>', b"", "entry 2: no amount"),
        (b'<Amt Ccy="KRW">5000</Amt>', b'<Amt Ccy="KRW">NaN</Amt>', "entry 2: amount 'NaN' is not a number"),
        (b'<Amt Ccy="KRW">5000</Amt>', b'<Amt Ccy="KRW">1e30</Amt>', "entry 2: amount '1e30' is too large"),
        (b"<CdtDbtInd>DBIT</CdtDbtInd>", b"<CdtDbtInd>X</CdtDbtInd>", "entry 2: CdtDbtInd 'X' is neither"),
        (b"<Dt>2024-01-02</Dt>", b"<Dt>2024-13-02</Dt>", "entry 2: BookgDt '2024-13-02' is not a date"),
        (b"AMENDS-P2<", b"E" * 36 + b"<", "entry 2: EndToEndId 'EEEE"),
        (b"<AcctSvcrRef>R2<", b"<AcctSvcrRef>" + b"R" * 101 + b"<", "entry 2: AcctSvcrRef 'RRRR"),
    ],
)
def test_one_bad_entry_is_listed_with_its_reason_and_the_others_are_read(old, new, error):
    lines = [entry(bank_reference="R1"), entry(bank_reference="R2", end_to_end_id="AMENDS-P2"), entry()]
    content = camt053(lines, account=ACCOUNT)
    first, rest = content.split(b"<Ntry>", 2)[:2], content.split(b"<Ntry>", 2)[2]
    # the change is made in the second entry only
    second, third = rest.split(b"</Ntry>", 1)[0], b"</Ntry>" + rest.split(b"</Ntry>", 1)[1]
    assert old in b"<Ntry>" + second
    content = b"<Ntry>".join(first) + b"<Ntry>" + second.replace(old, new, 1) + third
    parsed = parse_statement(content).lines
    assert len(parsed) == 3
    assert parsed[1].error.startswith(error)
    assert [parsed[0].error, parsed[2].error] == ["", ""]
    assert [parsed[0].amount, parsed[2].amount] == [5000, 5000]


def test_a_file_that_is_not_a_statement_is_refused_whole():
    with pytest.raises(StatementError, match=r"no statement \(Stmt\) in the file"):
        parse_statement(
            b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'><BkToCstmrStmt/></Document>"
        )
    with pytest.raises(StatementError, match=r"not a camt\.053"):
        parse_statement(b"<Document xmlns='urn:other'/>")
    with pytest.raises(StatementError, match="not well-formed XML"):
        parse_statement(b"<Document><Stmt></Document>")


def test_a_utf16_camt053_file_is_read():
    content = camt053([entry()], account=ACCOUNT).decode().replace("UTF-8", "UTF-16").encode("utf-16")
    (line,) = parse_statement(content).lines
    assert (line.amount, line.end_to_end_id) == (5000, "AMENDS-P1")


# CSV ------------------------------------------------------------------------------------------------

AMENDS_CSV = "booked_on,amount,direction,bank_reference,end_to_end_id\n2024-01-02,5000,DBIT,KB-1,AMENDS-P7\n"


@pytest.mark.parametrize(
    "content",
    [AMENDS_CSV.encode(), AMENDS_CSV.encode("utf-8-sig"), AMENDS_CSV.encode("utf-16")],
    ids=["utf-8", "utf-8 with BOM", "utf-16 with BOM"],
)
def test_amends_csv_is_read_in_utf8_with_or_without_bom_and_in_utf16(content):
    statement = parse_statement(content)
    assert statement.format == "amends"
    (line,) = statement.lines
    assert (line.booked_on, line.amount, line.debit) == (date(2024, 1, 2), 5000, True)
    assert (line.bank_reference, line.end_to_end_id, line.error) == ("KB-1", "AMENDS-P7", "")


def test_a_bad_csv_row_is_listed_with_its_reason_and_the_others_are_read():
    content = AMENDS_CSV + "2024-01-02,12.50,DBIT,KB-2,AMENDS-P8\n2024-01-02,9,SIDEWAYS,KB-3,\n"
    lines = parse_statement(content.encode()).lines
    assert [line.error for line in lines] == [
        "",
        "row 3: amount '12.50' is not a whole number of won",
        "row 4: direction 'SIDEWAYS' is neither DBIT nor CRDT",
    ]
    assert lines[1].bank_reference == "KB-2" and lines[1].amount is None


def export(preamble: list[list[str]], header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([*preamble, header, *rows])
    return out.getvalue().encode("cp949")


PREAMBLE = [["거래내역조회"], ["계좌번호 : 123-456789-01-012"], ["조회기간 : 2025.03.01 ~ 2025.03.31"], []]

# Each bank's export as it is described (see statements.PROFILES_SPEC): a withdrawal of 339,123,287 won
# carrying amends' reference in the memo, and a deposit of 12,345 won.
KOREAN_EXPORTS = {
    "kb": (
        ["거래일시", "적요", "보낸분/받는분", "송금메모", "출금액(원)", "입금액(원)", "잔액(원)", "거래점"],
        [
            [
                "2025.03.14 10:21:03",
                "타행이체",
                "김영수",
                "AMENDS-P7 보상금",
                "339,123,287",
                "0",
                "660,876,713",
                "본점",
            ],
            ["2025.03.15 09:00:00", "이자", "", "", "0", "12,345", "660,889,058", "본점"],
        ],
    ),
    "shinhan": (
        ["거래일자", "거래시간", "적요", "출금(원)", "입금(원)", "내용", "잔액(원)", "거래점"],
        [
            [
                "2025-03-14",
                "10:21:03",
                "인터넷",
                "339,123,287",
                "",
                "김영수 AMENDS-P7",
                "660,876,713",
                "본점",
            ],
            ["2025-03-15", "09:00:00", "이자", "", "12,345", "", "660,889,058", "본점"],
        ],
    ),
    "woori": (
        ["거래일시", "적요", "기재내용", "찾으신금액", "맡기신금액", "거래후 잔액", "취급점", "메모"],
        [
            [
                "2025.03.14 10:21:03",
                "인터넷",
                "김영수",
                "339,123,287",
                "0",
                "660,876,713",
                "본점",
                "amends-p7",
            ],
            ["2025.03.15 09:00:00", "결산", "이자", "0", "12,345", "660,889,058", "본점", ""],
        ],
    ),
    "hana": (
        ["거래일시", "구분", "적요", "의뢰인/수취인", "출금액", "입금액", "거래후잔액", "거래점"],
        [
            [
                "2025-03-14 10:21:03",
                "출금",
                "강제동원재단 P7",
                "김영수",
                "339,123,287",
                "0",
                "660,876,713",
                "본점",
            ],
            ["2025-03-15 09:00:00", "입금", "이자", "", "0", "12,345", "660,889,058", "본점"],
        ],
    ),
    "nh": (
        [
            "거래일시",
            "출금금액(원)",
            "입금금액(원)",
            "거래후잔액(원)",
            "거래내용",
            "거래기록사항",
            "거래점",
            "거래메모",
        ],
        [
            [
                "2025/03/14 10:21:03",
                "339,123,287",
                "0",
                "660,876,713",
                "인터넷",
                "김영수",
                "본점",
                "AMENDS-P7",
            ],
            ["2025/03/15 09:00:00", "0", "12,345", "660,889,058", "이자", "", "본점", ""],
        ],
    ),
    "ibk": (
        [
            "거래일시",
            "출금",
            "입금",
            "거래후 잔액",
            "거래내용",
            "상대계좌번호",
            "상대은행",
            "메모",
            "상대계좌예금주명",
        ],
        [
            [
                "20250314102103",
                "339,123,287",
                "",
                "660,876,713",
                "인터넷",
                "110-123-456789",
                "신한",
                "AMENDS-P7",
                "김영수",
            ],
            ["20250315", "", "12,345", "660,889,058", "이자", "", "", "", ""],
        ],
    ),
}


@pytest.mark.parametrize("profile", sorted(KOREAN_EXPORTS))
def test_each_korean_bank_export_is_read_from_cp949_with_amounts_directions_and_reference(profile):
    header, rows = KOREAN_EXPORTS[profile]
    content = export(PREAMBLE, header, rows)
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    for statement in (parse_statement(content), parse_statement(content, profile=profile)):
        assert statement.format == profile
        withdrawal, deposit = statement.lines
        assert (withdrawal.amount, withdrawal.debit, withdrawal.booked_on) == (
            339_123_287,
            True,
            date(2025, 3, 14),
        )
        assert (deposit.amount, deposit.debit, deposit.booked_on) == (12_345, False, date(2025, 3, 15))
        assert (withdrawal.end_to_end_id, deposit.end_to_end_id) == ("AMENDS-P7", "")
        assert {line.account for line in statement.lines} == {"12345678901012"}
        assert {line.bank_reference for line in statement.lines} == {""}
        assert [line.error for line in statement.lines] == ["", ""]
        assert [line.position for line in statement.lines] == [1, 2]


def test_a_korean_export_in_utf8_without_a_preamble_is_read_too():
    header, rows = KOREAN_EXPORTS["kb"]
    content = export([], header, rows).decode("cp949").encode("utf-8-sig")
    statement = parse_statement(content)
    assert statement.format == "kb"
    assert [line.account for line in statement.lines] == ["", ""]


def test_a_bank_row_with_both_or_neither_amount_is_listed_with_the_reason():
    header, _rows = KOREAN_EXPORTS["kb"]
    rows = [
        ["2025.03.14 10:21:03", "타행이체", "김영수", "", "1,000", "2,000", "0", "본점"],
        ["2025.03.14 10:22:03", "타행이체", "김영수", "", "0", "0", "0", "본점"],
        ["2025.03.14 10:23:03", "타행이체", "김영수", "", "1,000.5", "0", "0", "본점"],
        ["2025.13.14 10:23:03", "타행이체", "김영수", "", "1,000", "0", "0", "본점"],
    ]
    lines = parse_statement(export(PREAMBLE, header, rows)).lines
    assert [line.error for line in lines] == [
        "row 6: 출금액(원) '1,000' and 입금액(원) '2,000': exactly one of them must be an amount",
        "row 7: 출금액(원) '0' and 입금액(원) '0': exactly one of them must be an amount",
        "row 8: 출금액(원) '1,000.5' is not a whole number of won",
        "row 9: 거래일시 '2025.13.14 10:23:03' is not a date",
    ]
    assert lines[3].amount == 1000 and lines[3].debit is True


def test_an_unknown_csv_names_the_headers_found_and_the_known_formats():
    content = "날짜,금액,비고\n2025-03-14,1000,x\n".encode("cp949")
    with pytest.raises(StatementError) as refused:
        parse_statement(content)
    assert str(refused.value) == (
        "no statement format fits: found headers 날짜, 금액, 비고; "
        "known formats: camt.053, amends, kb, shinhan, woori, hana, nh, ibk"
    )


def test_a_named_profile_that_does_not_fit_or_does_not_exist_is_refused():
    header, rows = KOREAN_EXPORTS["kb"]
    with pytest.raises(StatementError, match="not a 신한은행 거래내역 CSV file"):
        parse_statement(export(PREAMBLE, header, rows), profile="shinhan")
    with pytest.raises(
        StatementError, match=r"unknown statement format 'citi': known formats: camt\.053, amends, kb"
    ):
        parse_statement(AMENDS_CSV.encode(), profile="citi")


def test_the_formats_are_listed_for_the_user_to_choose():
    assert list(PROFILES) == ["amends", "kb", "shinhan", "woori", "hana", "nh", "ibk"]
    assert PROFILES["kb"] == "KB국민은행 거래내역 CSV"
    assert statements.ParsedStatement(format="kb", lines=[]).lines == []
