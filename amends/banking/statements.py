"""Statements from the bank, read into lines: camt.053 of any version, or a CSV export.

:func:`parse_statement` reads a camt.053 statement of any version (the namespace is matched by its
prefix; ``Sts`` in either form, ``<Sts>BOOK</Sts>`` up to .04 and ``<Sts><Cd>BOOK</Cd></Sts>`` from
.08) or a CSV: amends' own columns ``booked_on,amount,direction,bank_reference,end_to_end_id``, or the
internet-banking export of a Korean bank (see :data:`PROFILES`). :func:`camt053` writes a statement,
for tests and the demonstration.

One bad entry never refuses the file: the line is returned with ``error`` set (naming the entry and
the element) and whatever else could be read; it moves nothing. Only a file that is not a statement
at all raises :class:`StatementError`.

The pain.001 file asks for one booking per transfer (``BtchBookg`` false), but a bank may still book
several transfers as one statement entry with a ``TxDtls`` each: every ``TxDtls`` is a line of its
own, with the transaction's amount (``TxDtls/Amt`` or ``TxDtls/AmtDtls/TxAmt/Amt``) and references.
Every line's figures must fit where they are stored: a whole, positive number of won below 2^63, an
end-to-end reference of at most 35 characters (the ISO 20022 limit), a bank reference of at most 100.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from lxml import etree

from amends.banking.pain import debtor
from amends.core.parsing import control_character_at

CAMT_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
CAMT_NS = f"{CAMT_PREFIX}08"


class StatementError(ValueError):
    """A file that is not a statement that can be read; the message says why."""


@dataclass(frozen=True)
class ParsedLine:
    """A line of the statement; ``position`` is its place in the file (1 for the first line, each
    transaction of an entry counted), which tells apart identical lines without a bank reference."""

    # The booking date (``BookgDt``, else ``ValDt``, else the statement's single day); ``None`` only
    # on a line with an ``error``.
    booked_on: date | None
    # Whole won; ``None`` only on a line with an ``error``.
    amount: int | None
    debit: bool
    bank_reference: str
    end_to_end_id: str
    text: str = ""
    position: int = 0
    # The entry's status (camt ``Sts``: BOOK booked, PDNG pending, INFO information): only a booked
    # line moves money.
    status: str = "BOOK"
    # The value date (``ValDt``), and the account the statement is of (``Stmt/Acct``: IBAN or Othr/Id).
    value_on: date | None = None
    account: str = ""
    # A payment coming back: a return (``RtrInf``, or a return's bank transaction code) or a reversal
    # (``RvslInd``), with the bank's reason code if given (``RtrInf/Rsn/Cd``, e.g. AC04 closed account).
    returned: bool = False
    return_reason: str = ""
    # Why the line could not be read, if so: the rest of the file is still read, and the line is
    # listed with this reason and moves nothing.
    error: str = ""


@dataclass(frozen=True)
class ParsedStatement:
    """A statement file read: its ``format`` ("camt.053.001.08", "amends", "kb", …) and its lines."""

    format: str
    lines: list[ParsedLine] = field(default_factory=list)


END_TO_END_MAX = 35  # ISO 20022 Max35Text, and StatementLine.end_to_end_id
REFERENCE_MAX = 100  # StatementLine.bank_reference
TEXT_MAX = 300
REASON_MAX = 200
AMOUNT_LIMIT = 2**63  # a BigIntegerField holds less

# Bank transaction sub-family codes (ISO 20022 external code set ExternalBankTransactionSubFamily1Code)
# that mean money coming back: RRTN reversal due to payment return, RPCR reversal due to payment
# cancellation request (credit transfers); ARET ACH return, AREV ACH reversal; UPDD reversal due to
# return/unpaid direct debit, PRDD reversal due to payment reversal, RCDD reversal due to payment
# cancellation request (direct debits).
RETURN_CODES = frozenset({"RRTN", "RPCR", "ARET", "AREV", "UPDD", "PRDD", "RCDD"})

# A payment's reference in a bank's CSV export: the end-to-end id (AMENDS-P123), or the passbook memo
# amends sends (pain.passbook_memo: "강제동원재단 P123", shortened "재단 P123"), which is what a Korean
# bank's export shows in its memo columns.
AMENDS_REFERENCE = re.compile(r"(?:AMENDS-|(?:강제동원)?재단\s*)P(\d+)", re.IGNORECASE)


class _Bad(Exception):
    """One field of one line that cannot be read: the line gets the message as its error."""


def _won(text: str | None, where: str) -> int:
    if text is None:
        raise _Bad(f"{where}: no amount")
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise _Bad(f"{where}: amount {text!r} is not a number") from None
    if not value.is_finite():
        raise _Bad(f"{where}: amount {text!r} is not a number")
    if value != value.to_integral_value():
        raise _Bad(f"{where}: amount {text!r} is not a whole number of won")
    if value <= 0:
        raise _Bad(f"{where}: amount {text!r} is not a positive number of won")
    if value >= AMOUNT_LIMIT:
        raise _Bad(f"{where}: amount {text!r} is too large (at most {AMOUNT_LIMIT - 1:,} won)")
    return int(value)


def _reference(text: str, where: str, name: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise _Bad(f"{where}: {name} {text[:40]!r}… is longer than {limit} characters")
    return text


def _end_to_end(text: str, where: str, name: str = "EndToEndId") -> str:
    text = (text or "").strip()
    return "" if text.upper() == "NOTPROVIDED" else _reference(text, where, name, END_TO_END_MAX)


def _iso_day(text: str, where: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except (ValueError, AttributeError):
        raise _Bad(f"{where}: {name} {text!r} is not a date (YYYY-MM-DD)") from None


def _account(text: str) -> str:
    return re.sub(r"[\s\-]", "", text or "")


def _text(*parts: str | None, limit: int = TEXT_MAX) -> str:
    seen: list[str] = []
    for part in parts:
        part = " ".join((part or "").split())
        if part and part not in seen:
            seen.append(part)
    return " / ".join(seen)[:limit]


class _Line:
    """A line being read: fields read so far, and the first error met."""

    def __init__(self, position: int, **fields):
        self.fields = {"booked_on": None, "amount": None, "debit": True, "bank_reference": ""}
        self.fields |= {"end_to_end_id": "", "position": position} | fields
        self.error = ""

    def read(self, name: str, reader, *args):
        try:
            self.fields[name] = reader(*args)
        except _Bad as bad:
            self.error = self.error or str(bad)

    def fail(self, message: str):
        self.error = self.error or message

    def done(self) -> ParsedLine:
        return ParsedLine(**self.fields, error=self.error)


# camt.053 -------------------------------------------------------------------------------------------


def _camt_amount(parent, ns: dict, where: str) -> str | None:
    """The text of ``parent``'s ``Amt`` (refusing a currency other than won), or ``None``."""
    element = parent.find("c:Amt", ns)
    if element is None:
        return None
    if element.get("Ccy") not in ("KRW", None):
        raise _Bad(f"{where}: currency {element.get('Ccy')}, not KRW")
    return element.text or ""


def _status(entry, ns: dict) -> str:
    element = entry.find("c:Sts", ns)
    if element is None:
        return "BOOK"
    code = element.findtext("c:Cd", namespaces=ns) if len(element) else element.text
    return (code or "BOOK").strip().upper() or "BOOK"


def _date_of(parent, ns: dict, tag: str, where: str) -> date | None:
    text = parent.findtext(f"c:{tag}/c:Dt", namespaces=ns) or parent.findtext(
        f"c:{tag}/c:DtTm", namespaces=ns
    )
    return None if text is None else _iso_day(text, where, tag)


def _single_day(statement, ns: dict) -> date | None:
    """The day a statement covers, when it covers one: its period (``FrToDt``) from and to the same
    day, or else its opening and closing booked balances (``OPBD``, ``CLBD``) dated the same day, as
    the Lithuanian CENTROlink statements, whose entries carry no date of their own, give it."""
    start = statement.findtext("c:FrToDt/c:FrDtTm", namespaces=ns) or ""
    end = statement.findtext("c:FrToDt/c:ToDtTm", namespaces=ns) or ""
    if not start:
        balances = {
            balance.findtext("c:Tp/c:CdOrPrtry/c:Cd", namespaces=ns): balance.findtext(
                "c:Dt/c:Dt", namespaces=ns
            )
            or balance.findtext("c:Dt/c:DtTm", namespaces=ns)
            or ""
            for balance in statement.findall("c:Bal", ns)
        }
        start, end = balances.get("OPBD") or "", balances.get("CLBD") or ""
    if start[:10] and start[:10] == end[:10]:
        try:
            return date.fromisoformat(start[:10])
        except ValueError:
            return None
    return None


def _is_return_code(parent, ns: dict) -> bool:
    code = parent.findtext("c:BkTxCd/c:Domn/c:Fmly/c:SubFmlyCd", namespaces=ns)
    return (code or "").strip().upper() in RETURN_CODES


def _parse_camt(root) -> ParsedStatement:
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith(CAMT_PREFIX):
        raise StatementError(f"not a camt.053 statement (namespace {namespace!r})")
    ns = {"c": namespace}
    statements = root.findall("c:BkToCstmrStmt/c:Stmt", ns)
    if not statements:
        raise StatementError("no statement (Stmt) in the file")
    lines: list[ParsedLine] = []
    number = 0
    for statement in statements:
        account = _account(
            statement.findtext("c:Acct/c:Id/c:IBAN", namespaces=ns)
            or statement.findtext("c:Acct/c:Id/c:Othr/c:Id", namespaces=ns)
            or ""
        )
        single_day = _single_day(statement, ns)
        for entry in statement.findall("c:Ntry", ns):
            number += 1
            lines.extend(_camt_entry(entry, ns, f"entry {number}", account, single_day, len(lines)))
    return ParsedStatement(format=namespace.removeprefix("urn:iso:std:iso:20022:tech:xsd:"), lines=lines)


def _camt_entry(entry, ns: dict, where: str, account: str, single_day, before: int) -> list[ParsedLine]:
    direction = (entry.findtext("c:CdtDbtInd", namespaces=ns) or "").strip()
    reversal = (entry.findtext("c:RvslInd", namespaces=ns) or "").strip().lower() in ("true", "1")
    entry_return = reversal or _is_return_code(entry, ns)
    entry_reference = (entry.findtext("c:AcctSvcrRef", namespaces=ns) or "").strip()
    entry_text = entry.findtext("c:AddtlNtryInf", namespaces=ns)
    transactions = entry.findall("c:NtryDtls/c:TxDtls", ns)
    batch = len(transactions) > 1
    lines = []
    for index, details in enumerate(transactions or [None], 1):
        here = f"{where}, transaction {index}" if batch else where
        line = _Line(before + index, status=_status(entry, ns), account=account)
        if direction not in ("DBIT", "CRDT"):
            line.fail(f"{where}: CdtDbtInd {direction!r} is neither DBIT nor CRDT")
        line.fields["debit"] = direction != "CRDT"
        # Dates: booking, else value, else the statement's single day.
        line.read("value_on", _date_of, entry, ns, "ValDt", where)
        line.read("booked_on", _date_of, entry, ns, "BookgDt", where)
        booked = line.fields["booked_on"] or line.fields["value_on"] or single_day
        line.fields["booked_on"] = booked
        if booked is None and not line.error:
            line.fail(f"{where}: no booking or value date")
        returned = entry_return
        reason = ""
        reference = entry_reference
        end_to_end = ""
        text = entry_text
        if details is None:
            line.read("amount", lambda: _won(_camt_amount(entry, ns, where), where))
        else:
            if batch:
                line.read("amount", _transaction_amount, details, ns, here)
                own = (details.findtext("c:CdtDbtInd", namespaces=ns) or "").strip()
                if own and own not in ("DBIT", "CRDT"):
                    line.fail(f"{here}: CdtDbtInd {own!r} is neither DBIT nor CRDT")
                elif own:
                    line.fields["debit"] = own == "DBIT"
            else:
                line.read("amount", lambda: _won(_camt_amount(entry, ns, where), where))
            reference = (details.findtext("c:Refs/c:AcctSvcrRef", namespaces=ns) or "").strip() or reference
            return_info = details.find("c:RtrInf", ns)
            returned = returned or return_info is not None or _is_return_code(details, ns)
            end_to_end = details.findtext("c:Refs/c:EndToEndId", namespaces=ns) or ""
            if return_info is not None:
                code = return_info.findtext("c:Rsn/c:Cd", namespaces=ns) or return_info.findtext(
                    "c:Rsn/c:Prtry", namespaces=ns
                )
                more = " ".join(
                    " ".join((e.text or "").split()) for e in return_info.findall("c:AddtlInf", ns)
                )
                reason = ": ".join(part for part in ((code or "").strip(), more.strip()) if part)[:REASON_MAX]
                if not end_to_end.strip() or end_to_end.strip().upper() == "NOTPROVIDED":
                    end_to_end = return_info.findtext("c:OrgnlEndToEndId", namespaces=ns) or end_to_end
            text = _text(
                entry_text,
                details.findtext("c:AddtlTxInf", namespaces=ns),
                *[e.text for e in details.findall("c:RmtInf/c:Ustrd", ns)],
            )
        line.fields |= {"returned": returned, "return_reason": reason, "text": _text(text)}
        line.read("bank_reference", _reference, reference, here, "AcctSvcrRef", REFERENCE_MAX)
        line.read("end_to_end_id", _end_to_end, end_to_end, here)
        lines.append(line.done())
    return lines


def _transaction_amount(details, ns: dict, where: str) -> int:
    amount = _camt_amount(details, ns, where)
    transaction_amount = details.find("c:AmtDtls/c:TxAmt", ns)
    if amount is None and transaction_amount is not None:
        amount = _camt_amount(transaction_amount, ns, where)
    if amount is None:
        raise _Bad(f"{where}: no amount (TxDtls/Amt or TxDtls/AmtDtls/TxAmt/Amt)")
    return _won(amount, where)


# CSV ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    label: str
    required: tuple[str, ...]  # headers that identify the export (spaces ignored)
    when: tuple[str, ...] = ()  # the date, or date and time, columns (first found)
    debit: tuple[str, ...] = ()  # the withdrawal column (출금)
    credit: tuple[str, ...] = ()  # the deposit column (입금)
    memo: tuple[str, ...] = ()  # description and memo columns searched for AMENDS-P… and shown as text


# amends' own CSV, and the internet-banking exports (거래내역 조회 → 엑셀/CSV 저장) of six Korean banks.
# No bank publishes a specification or a sample of these exports: the header sets below are from
# description (how the exports' columns are commonly shown and handled by public parsers of them, e.g.
# the column lists 거래일시/거래일자, 적요, 기재내용, 출금액/찾으신금액/출금금액, 입금액/맡기신금액/
# 입금금액, 거래후잔액, 송금메모 found in public code that reads these exports), not from a real file.
# Check them against a real export before relying on one.
PROFILES_SPEC: dict[str, _Profile] = {
    "amends": _Profile(
        "amends CSV (booked_on, amount, direction, bank_reference, end_to_end_id)",
        ("booked_on", "amount", "direction", "bank_reference", "end_to_end_id"),
    ),
    "kb": _Profile(
        "KB국민은행 거래내역 CSV",
        ("거래일시", "보낸분/받는분", "출금액(원)", "입금액(원)"),
        when=("거래일시",),
        debit=("출금액(원)",),
        credit=("입금액(원)",),
        memo=("적요", "보낸분/받는분", "송금메모"),
    ),
    "shinhan": _Profile(
        "신한은행 거래내역 CSV",
        ("거래일자", "거래시간", "출금(원)", "입금(원)"),
        when=("거래일자",),
        debit=("출금(원)",),
        credit=("입금(원)",),
        memo=("적요", "내용", "메모"),
    ),
    "woori": _Profile(
        "우리은행 거래내역 CSV",
        ("거래일시", "기재내용", "찾으신금액", "맡기신금액"),
        when=("거래일시",),
        debit=("찾으신금액",),
        credit=("맡기신금액",),
        memo=("적요", "기재내용", "메모"),
    ),
    "hana": _Profile(
        "하나은행 거래내역 CSV",
        ("거래일시", "의뢰인/수취인", "출금액", "입금액"),
        when=("거래일시",),
        debit=("출금액",),
        credit=("입금액",),
        memo=("적요", "의뢰인/수취인", "메모"),
    ),
    "nh": _Profile(
        "NH농협은행 거래내역 CSV",
        ("거래일시", "거래기록사항", "출금금액(원)", "입금금액(원)"),
        when=("거래일시",),
        debit=("출금금액(원)",),
        credit=("입금금액(원)",),
        memo=("거래내용", "거래기록사항", "거래메모"),
    ),
    "ibk": _Profile(
        "IBK기업은행 거래내역 CSV",
        ("거래일시", "상대계좌예금주명", "출금", "입금"),
        when=("거래일시",),
        debit=("출금",),
        credit=("입금",),
        memo=("거래내용", "상대계좌예금주명", "받는분통장표시", "메모"),
    ),
}
PROFILES: dict[str, str] = {name: profile.label for name, profile in PROFILES_SPEC.items()}
HEADER_ROWS = 30


def _header(cell: str) -> str:
    return re.sub(r"\s", "", (cell or "").replace("\ufeff", ""))


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise StatementError(
                "CSV: not UTF-8 text, though it starts with UTF-8's byte-order mark"
            ) from None
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise StatementError("CSV: not UTF-16 text") from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp949")
    except UnicodeDecodeError:
        raise StatementError("CSV: the text is neither UTF-8 nor CP949 (EUC-KR)") from None


def _rows(text: str) -> list[list[str]]:
    # A NUL or another control character is never in a bank's export (and PostgreSQL cannot store a NUL):
    # the file is refused, naming the line, rather than stored with it.
    if (found := control_character_at(text)) is not None:
        where, character = found
        line = text.count("\n", 0, where) + 1
        raise StatementError(f"CSV line {line}: a control character ({character})")
    head = text[:4000]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as error:  # a field over csv.field_size_limit() (131,072 characters), a stray quote
        raise StatementError(f"CSV line {reader.line_num}: {error}") from None


def _find_header(rows: list[list[str]], profiles: list[str]) -> tuple[str, int] | None:
    for index, row in enumerate(rows[:HEADER_ROWS]):
        headers = {_header(cell) for cell in row}
        for name in profiles:
            if all(_header(h) in headers for h in PROFILES_SPEC[name].required):
                return name, index
    return None


def _csv_day(text: str, where: str, name: str) -> date:
    text = (text or "").strip()
    match = re.match(r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})", text) or re.match(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    try:
        if match is None:
            raise ValueError
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise _Bad(f"{where}: {name} {text!r} is not a date") from None


def _csv_won(text: str, where: str, name: str) -> int:
    """A withdrawal or deposit cell: "339,123,287", blank or "0" for none."""
    cleaned = re.sub(r"[\s,원₩]", "", text or "")
    if cleaned in ("", "-"):
        return 0
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise _Bad(f"{where}: {name} {text!r} is not a number") from None
    if not value.is_finite():
        raise _Bad(f"{where}: {name} {text!r} is not a number")
    if value != value.to_integral_value():
        raise _Bad(f"{where}: {name} {text!r} is not a whole number of won")
    if value < 0:
        raise _Bad(f"{where}: {name} {text!r} is negative")
    if value >= AMOUNT_LIMIT:
        raise _Bad(f"{where}: {name} {text!r} is too large (at most {AMOUNT_LIMIT - 1:,} won)")
    return int(value)


def _preamble_account(rows: list[list[str]]) -> str:
    for row in rows:
        match = re.search(r"계좌번호\s*[:：]?\s*([0-9][0-9\- ]*[0-9])", " ".join(row))
        if match:
            return _account(match.group(1))
    return ""


def _parse_amends(rows: list[list[str]], header_at: int) -> list[ParsedLine]:
    columns = {_header(cell): i for i, cell in enumerate(rows[header_at])}

    def cell(row, name):
        i = columns[name]
        return row[i] if i < len(row) else ""

    lines = []
    for number, row in enumerate(rows[header_at + 1 :], header_at + 2):
        if not any(c.strip() for c in row):
            continue
        where = f"row {number}"
        line = _Line(len(lines) + 1)
        direction = cell(row, "direction").strip().upper()
        if direction not in ("DBIT", "CRDT", "D", "C"):
            line.fail(f"{where}: direction {direction!r} is neither DBIT nor CRDT")
        line.fields["debit"] = direction not in ("CRDT", "C")
        line.read("booked_on", _iso_day, cell(row, "booked_on"), where, "booked_on")
        line.read("amount", _won, cell(row, "amount"), where)
        line.read(
            "bank_reference", _reference, cell(row, "bank_reference"), where, "bank_reference", REFERENCE_MAX
        )
        line.read("end_to_end_id", _end_to_end, cell(row, "end_to_end_id"), where, "end_to_end_id")
        lines.append(line.done())
    return lines


def _parse_bank(rows: list[list[str]], header_at: int, profile: _Profile) -> list[ParsedLine]:
    columns = {_header(cell): i for i, cell in enumerate(rows[header_at])}
    account = _preamble_account(rows[:header_at])

    def cell(row, names):
        for name in names:
            i = columns.get(_header(name))
            if i is not None:
                return row[i] if i < len(row) else ""
        return ""

    lines = []
    for number, row in enumerate(rows[header_at + 1 :], header_at + 2):
        if not any(c.strip() for c in row):
            continue
        when = cell(row, profile.when)
        out, into = cell(row, profile.debit), cell(row, profile.credit)
        if not when.strip() and not out.strip() and not into.strip():
            continue  # a footer (합계, 조회 결과 끝) rather than a transaction
        where = f"row {number}"
        line = _Line(len(lines) + 1, account=account)
        line.read("booked_on", _csv_day, when, where, profile.when[0])
        memo = [cell(row, (name,)) for name in profile.memo]
        line.fields["text"] = _text(*memo)
        found = AMENDS_REFERENCE.search(" ".join(memo))
        if found:
            line.read("end_to_end_id", _end_to_end, f"AMENDS-P{found.group(1)}", where, "AMENDS reference")
        try:
            withdrawn = _csv_won(out, where, profile.debit[0])
            deposited = _csv_won(into, where, profile.credit[0])
        except _Bad as bad:
            line.fail(str(bad))
        else:
            if (withdrawn > 0) == (deposited > 0):
                line.fail(
                    f"{where}: {profile.debit[0]} {out.strip()!r} and {profile.credit[0]} {into.strip()!r}: "
                    "exactly one of them must be an amount"
                )
            else:
                line.fields["debit"] = withdrawn > 0
                line.fields["amount"] = withdrawn or deposited
        lines.append(line.done())
    return lines


def _parse_csv(content: bytes, profile: str | None) -> ParsedStatement:
    rows = _rows(_decode(content))
    found = _find_header(rows, [profile] if profile else list(PROFILES_SPEC))
    if found is None:
        if profile:
            wanted = ", ".join(PROFILES_SPEC[profile].required)
            raise StatementError(f"not a {PROFILES[profile]} file: no header row with {wanted}")
        seen = next((row for row in rows[:HEADER_ROWS] if sum(bool(c.strip()) for c in row) > 1), [])
        headers = ", ".join(c.strip() for c in seen if c.strip())[:200] or "none"
        raise StatementError(
            f"no statement format fits: found headers {headers}; "
            f"known formats: camt.053, {', '.join(PROFILES)}"
        )
    name, header_at = found
    if name == "amends":
        return ParsedStatement(format=name, lines=_parse_amends(rows, header_at))
    return ParsedStatement(format=name, lines=_parse_bank(rows, header_at, PROFILES_SPEC[name]))


def _looks_like_xml(content: bytes) -> bool:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="ignore").lstrip().startswith("<")
    return content.lstrip().startswith(b"<")


def parse_statement(content: bytes, profile: str | None = None) -> ParsedStatement:
    """The lines of a camt.053 (XML) or CSV statement; a line that cannot be read has its ``error``.

    ``profile`` names the CSV export (see :data:`PROFILES`) or "camt.053"; ``None`` detects it.
    Raises :class:`StatementError` only for a file that is not a statement at all."""
    if profile is not None and profile not in PROFILES and profile != "camt.053":
        raise StatementError(
            f"unknown statement format {profile!r}: known formats: camt.053, {', '.join(PROFILES)}"
        )
    if profile == "camt.053" or (profile is None and _looks_like_xml(content)):
        try:
            root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as error:
            raise StatementError(f"not well-formed XML: {error}") from None
        return _parse_camt(root)
    return _parse_csv(content, profile)


# Writing -------------------------------------------------------------------------------------------


def camt053(
    lines: list[dict], *, statement_id: str = "STMT-1", account: str | None = None, version: str = "08"
) -> bytes:
    """A camt.053.001.``version`` statement ("08", or "02" with the plain ``<Sts>BOOK</Sts>``) with
    ``lines`` (``booked_on`` (may be None), ``amount``, ``debit``, ``bank_reference``,
    ``end_to_end_id``, and optionally ``status``, ``value_on``, ``text``, ``returned``,
    ``return_reason``): what the bank would send back, for tests and the demo. A line with
    ``transactions`` (each an ``amount`` and ``end_to_end_id``) is a batch booking: one entry of their
    total, with a ``TxDtls`` each. A returned line is written as banks write a return: a credit entry
    with the bank transaction code PMNT/ICDT/RRTN, the original ``EndToEndId`` and
    ``RtrInf/Rsn/Cd``."""
    namespace = f"{CAMT_PREFIX}{version}"

    def sub(parent, tag, text=None, **attrs):
        element = etree.SubElement(parent, f"{{{namespace}}}{tag}", **attrs)
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f"{{{namespace}}}Document", nsmap={None: namespace})
    message = sub(root, "BkToCstmrStmt")
    header = sub(message, "GrpHdr")
    sub(header, "MsgId", statement_id)
    sub(header, "CreDtTm", timezone.now().replace(microsecond=0).isoformat())
    statement = sub(message, "Stmt")
    sub(statement, "Id", statement_id)
    sub(
        sub(sub(sub(statement, "Acct"), "Id"), "Othr"),
        "Id",
        account if account is not None else debtor()["account"],
    )
    for line in lines:
        transactions = line.get("transactions")
        returned = line.get("returned", False)
        amount = sum(t["amount"] for t in transactions) if transactions else line["amount"]
        entry = sub(statement, "Ntry")
        sub(entry, "Amt", str(amount), Ccy="KRW")
        sub(entry, "CdtDbtInd", "DBIT" if line.get("debit", not returned) else "CRDT")
        status = line.get("status") or "BOOK"
        if int(version) < 8:  # up to .07 the status is plain text, from .08 a code
            sub(entry, "Sts", status)
        else:
            sub(sub(entry, "Sts"), "Cd", status)
        if line.get("booked_on") is not None:
            sub(sub(entry, "BookgDt"), "Dt", line["booked_on"].isoformat())
        if line.get("value_on") is not None:
            sub(sub(entry, "ValDt"), "Dt", line["value_on"].isoformat())
        if line.get("bank_reference"):
            sub(entry, "AcctSvcrRef", line["bank_reference"])
        if returned:
            family = sub(sub(sub(entry, "BkTxCd"), "Domn"), "Cd", "PMNT").getparent()
            family = sub(family, "Fmly")
            sub(family, "Cd", "ICDT")
            sub(family, "SubFmlyCd", "RRTN")
        details = sub(entry, "NtryDtls")
        for transaction in transactions or [line]:
            tx = sub(details, "TxDtls")
            sub(sub(tx, "Refs"), "EndToEndId", transaction.get("end_to_end_id") or "NOTPROVIDED")
            if transactions:
                sub(tx, "Amt", str(transaction["amount"]), Ccy="KRW")
            if returned and transaction is line:
                info = sub(tx, "RtrInf")
                sub(sub(info, "Rsn"), "Cd", (line.get("return_reason") or "NARR")[:4])
        if line.get("text"):
            sub(entry, "AddtlNtryInf", line["text"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
