"""Statements from the bank: camt.053 of any version (or CSV), read into lines.

:func:`parse_statement` reads a camt.053 statement of any version (the namespace is matched by its
prefix) or a CSV with the columns ``booked_on,amount,direction,bank_reference,end_to_end_id``.
:func:`camt053` writes such a statement, for tests and the demonstration.

The pain.001 file asks for one booking per transfer (``BtchBookg`` false), but a bank may still book
several transfers as one statement entry with a ``TxDtls`` each: every ``TxDtls`` is a line of its
own, with the transaction's amount (``TxDtls/Amt`` or ``TxDtls/AmtDtls/TxAmt/Amt``). Every line's
figures must fit where they are stored: a whole, positive number of won below 2^63, an end-to-end
reference of at most 35 characters (the ISO 20022 limit), a bank reference of at most 100.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from lxml import etree

from amends.banking.pain import debtor

CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


class StatementError(ValueError):
    """A statement that cannot be read; the message names the line or element."""


@dataclass(frozen=True)
class ParsedLine:
    """A line of the statement; ``position`` is its place in the file (1 for the first line, each
    transaction of an entry counted), which tells apart identical lines without a bank reference."""

    booked_on: date
    amount: int
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
    # A payment coming back: a return (``RtrInf``) or a reversal (``RvslInd``), with the bank's reason
    # code if given (``RtrInf/Rsn/Cd``, e.g. AC04 closed account).
    returned: bool = False
    return_reason: str = ""
    # Why the line could not be read, if so: the rest of the file is still read, and the line is
    # listed with this reason and moves nothing.
    error: str = ""


END_TO_END_MAX = 35  # ISO 20022 Max35Text, and StatementLine.end_to_end_id
REFERENCE_MAX = 100  # StatementLine.bank_reference
AMOUNT_LIMIT = 2**63  # a BigIntegerField holds less


def _won(text: str, where: str) -> int:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise StatementError(f"{where}: amount {text!r} is not a number") from None
    if not value.is_finite() or value <= 0 or value != value.to_integral_value():
        raise StatementError(f"{where}: amount {text!r} is not a positive whole number of won")
    if value >= AMOUNT_LIMIT:
        raise StatementError(f"{where}: amount {text!r} is too large (at most {AMOUNT_LIMIT - 1:,} won)")
    return int(value)


def _reference(text: str, where: str, name: str, limit: int) -> str:
    text = text.strip()
    if len(text) > limit:
        raise StatementError(f"{where}: {name} {text[:40]!r}… is longer than {limit} characters")
    return text


def _day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except (ValueError, AttributeError):
        raise StatementError(f"{where}: date {text!r} is not YYYY-MM-DD") from None


def _amount(parent, ns: dict, where: str) -> str | None:
    """The text of ``parent``'s ``Amt`` (refusing a currency other than won), or ``None``."""
    element = parent.find("c:Amt", ns)
    if element is None:
        return None
    if element.get("Ccy") not in ("KRW", None):
        raise StatementError(f"{where}: currency {element.get('Ccy')}, not KRW")
    return element.text or ""


def _parse_camt(root) -> list[ParsedLine]:
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith("urn:iso:std:iso:20022:tech:xsd:camt.053."):
        raise StatementError(f"not a camt.053 statement (namespace {namespace!r})")
    ns = {"c": namespace}
    lines = []
    for number, entry in enumerate(root.iterfind(".//c:Stmt/c:Ntry", ns), 1):
        where = f"entry {number}"
        entry_amount = _amount(entry, ns, where)
        direction = entry.findtext("c:CdtDbtInd", namespaces=ns)
        if direction not in ("DBIT", "CRDT"):
            raise StatementError(f"{where}: CdtDbtInd must be DBIT or CRDT")
        booked = entry.findtext("c:BookgDt/c:Dt", namespaces=ns) or entry.findtext(
            "c:BookgDt/c:DtTm", namespaces=ns
        )
        booked_on = _day(booked or "", where)
        entry_reference = entry.findtext("c:AcctSvcrRef", namespaces=ns) or ""
        text = (entry.findtext("c:AddtlNtryInf", namespaces=ns) or "").strip()
        transactions = entry.findall("c:NtryDtls/c:TxDtls", ns)
        if len(transactions) <= 1:
            # One transfer: the entry's own amount, as most banks send it.
            reference, end_to_end = entry_reference, ""
            if transactions:
                reference = reference or transactions[0].findtext("c:Refs/c:AcctSvcrRef", namespaces=ns) or ""
                end_to_end = transactions[0].findtext("c:Refs/c:EndToEndId", namespaces=ns) or ""
            lines.append(
                ParsedLine(
                    booked_on=booked_on,
                    amount=_won(entry_amount or "", where),
                    debit=direction == "DBIT",
                    bank_reference=_reference(reference, where, "AcctSvcrRef", REFERENCE_MAX),
                    end_to_end_id=_end_to_end(end_to_end, where),
                    text=text,
                    position=len(lines) + 1,
                )
            )
            continue
        # A batch booking: one line per transaction, each with its own amount and reference.
        for index, details in enumerate(transactions, 1):
            here = f"{where}, transaction {index}"
            amount = _amount(details, ns, here)
            transaction_amount = details.find("c:AmtDtls/c:TxAmt", ns)
            if amount is None and transaction_amount is not None:
                amount = _amount(transaction_amount, ns, here)
            if amount is None:
                raise StatementError(f"{here}: no amount (TxDtls/Amt or TxDtls/AmtDtls/TxAmt/Amt)")
            own = details.findtext("c:CdtDbtInd", namespaces=ns)
            if own not in (None, "DBIT", "CRDT"):
                raise StatementError(f"{here}: CdtDbtInd must be DBIT or CRDT")
            # The entry's reference is shared by its transactions: each gets its number after it.
            reference = details.findtext("c:Refs/c:AcctSvcrRef", namespaces=ns) or (
                f"{entry_reference.strip()}/{index}" if entry_reference.strip() else ""
            )
            lines.append(
                ParsedLine(
                    booked_on=booked_on,
                    amount=_won(amount, here),
                    debit=(own or direction) == "DBIT",
                    bank_reference=_reference(reference, here, "AcctSvcrRef", REFERENCE_MAX),
                    end_to_end_id=_end_to_end(
                        details.findtext("c:Refs/c:EndToEndId", namespaces=ns) or "", here
                    ),
                    text=text,
                    position=len(lines) + 1,
                )
            )
    return lines


def _end_to_end(text: str, where: str) -> str:
    text = text.strip()
    return "" if text == "NOTPROVIDED" else _reference(text, where, "EndToEndId", END_TO_END_MAX)


CSV_COLUMNS = ("booked_on", "amount", "direction", "bank_reference", "end_to_end_id")


def _parse_csv(text: str) -> list[ParsedLine]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise StatementError(f"CSV: missing column {missing[0]} (expected {', '.join(CSV_COLUMNS)})")
    lines = []
    for number, row in enumerate(reader, 2):
        where = f"row {number}"
        direction = (row["direction"] or "").strip().upper()
        if direction not in ("DBIT", "CRDT", "D", "C"):
            raise StatementError(f"{where}: direction must be DBIT or CRDT")
        lines.append(
            ParsedLine(
                booked_on=_day(row["booked_on"] or "", where),
                amount=_won(row["amount"] or "", where),
                debit=direction in ("DBIT", "D"),
                bank_reference=_reference(
                    row["bank_reference"] or "", where, "bank_reference", REFERENCE_MAX
                ),
                end_to_end_id=_reference(row["end_to_end_id"] or "", where, "end_to_end_id", END_TO_END_MAX),
                position=len(lines) + 1,
            )
        )
    return lines


def parse_statement(content: bytes) -> list[ParsedLine]:
    """The lines of a camt.053 (XML) or CSV statement; all of them, or :class:`StatementError`."""
    if content.lstrip().startswith(b"<"):
        try:
            root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as error:
            raise StatementError(f"not well-formed XML: {error}") from None
        return _parse_camt(root)
    try:
        return _parse_csv(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise StatementError("CSV: not UTF-8 text") from None


def camt053(lines: list[dict], *, statement_id: str = "STMT-1", account: str | None = None) -> bytes:
    """A camt.053.001.08 statement with ``lines`` (``booked_on``, ``amount``, ``debit``,
    ``bank_reference``, ``end_to_end_id``): what the bank would send back, for tests and the demo.
    A line with ``transactions`` (each an ``amount`` and ``end_to_end_id``) is a batch booking: one
    entry of their total, with a ``TxDtls`` each."""

    def sub(parent, tag, text=None, **attrs):
        element = etree.SubElement(parent, f"{{{CAMT_NS}}}{tag}", **attrs)
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f"{{{CAMT_NS}}}Document", nsmap={None: CAMT_NS})
    message = sub(root, "BkToCstmrStmt")
    header = sub(message, "GrpHdr")
    sub(header, "MsgId", statement_id)
    sub(header, "CreDtTm", timezone.now().replace(microsecond=0).isoformat())
    statement = sub(message, "Stmt")
    sub(statement, "Id", statement_id)
    sub(sub(sub(sub(statement, "Acct"), "Id"), "Othr"), "Id", account or debtor()["account"])
    for line in lines:
        transactions = line.get("transactions")
        amount = sum(t["amount"] for t in transactions) if transactions else line["amount"]
        entry = sub(statement, "Ntry")
        sub(entry, "Amt", str(amount), Ccy="KRW")
        sub(entry, "CdtDbtInd", "DBIT" if line.get("debit", True) else "CRDT")
        sub(sub(entry, "Sts"), "Cd", "BOOK")
        sub(sub(entry, "BookgDt"), "Dt", line["booked_on"].isoformat())
        if line.get("bank_reference"):
            sub(entry, "AcctSvcrRef", line["bank_reference"])
        details = sub(entry, "NtryDtls")
        for transaction in transactions or [line]:
            refs = sub(sub(details, "TxDtls"), "Refs")
            sub(refs, "EndToEndId", transaction.get("end_to_end_id") or "NOTPROVIDED")
            if transactions:
                sub(refs.getparent(), "Amt", str(transaction["amount"]), Ccy="KRW")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
