"""Writes for the fund: journal entries, donors and contributions, payees' bank accounts, payment
batches and the bank's statements.

Every journal entry goes through :func:`_post`: it checks the lines (:func:`amends.law.ledger.
check_balanced`), writes the entry as a draft with its postings and marks it posted, which the
database accepts only for a balanced entry; after that the database refuses any change. The money
events of a claim's lifecycle post theirs through :func:`post_claim_event`, called by
:func:`amends.payments.services.claim_record` inside its own transaction, so the event and its entry
commit together or not at all. Each entry's ``source`` is unique: an event cannot post twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from uuid import uuid4

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.core.roles import FINANCE_OFFICER, check_actor, require_role
from amends.fund import selectors
from amends.fund.models import (
    Account,
    BatchItem,
    Contribution,
    Donor,
    JournalEntry,
    PayeeAccount,
    PaymentBatch,
    PendingSuit,
    Posting,
    Statement,
    StatementLine,
)
from amends.law import ledger
from amends.law.ledger import Line
from amends.law.lifecycle import Event

# -- the ledger ---------------------------------------------------------------------------------------


def chart_accounts() -> dict[str, Account]:
    """The chart's accounts by code, created if missing (a committing test's flush empties them)."""
    accounts = {account.code: account for account in Account.objects.all()}
    for code, name, kind in ledger.CHART:
        if code not in accounts:
            accounts[code], _created = Account.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind}
            )
    return accounts


def _checked(
    *, on: date, memo: str, lines: Iterable[Line], accounts: dict[str, Account], where: str = ""
) -> tuple[str, tuple[Line, ...]]:
    """An entry's memo (stripped, at most 300 characters) and lines, if it may be posted: a date, a
    memo saying what it is for, valid balanced postings to accounts of the chart. Otherwise a
    :class:`ValidationError` naming the field, after ``where`` (``"entry 3"``) if given."""
    prefix = f"{where}: " if where else ""
    if not isinstance(on, date):
        raise ValidationError({"posted_on": prefix + _("Give the date as YYYY-MM-DD.")})
    memo = memo.strip() if isinstance(memo, str) else ""
    if not memo:
        raise ValidationError({"memo": prefix + _("Say what the entry is for.")})
    try:
        lines = tuple(lines)
        if not all(isinstance(line, Line) for line in lines):
            raise ledger.UnbalancedEntry("postings are lines of amends.law.ledger (debit(), credit())")
        lines = ledger.check_balanced(lines)
    except (ledger.UnbalancedEntry, TypeError) as error:
        raise ValidationError({"postings": prefix + str(error)}) from None
    unknown = sorted({line.account for line in lines} - accounts.keys(), key=str)
    if unknown:
        raise ValidationError(
            {"postings": prefix + _("No account %(code)s in the chart.") % {"code": unknown[0]}}
        )
    return memo[:300], lines


def _post(
    *,
    on: date,
    memo: str,
    lines: Iterable[Line],
    source: str | None = None,
    by: User | None = None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Post one entry, in the caller's transaction, with its audit event; no role check."""
    accounts = chart_accounts()
    memo, lines = _checked(on=on, memo=memo, lines=lines, accounts=accounts)
    try:
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                posted_on=on, memo=memo, source=source, recorded_by=by, reverses=reverses
            )
    except IntegrityError:
        raise ValidationError({"source": _("This event is already posted.")}) from None
    Posting.objects.bulk_create(
        Posting(entry=entry, account=accounts[line.account], debit=line.debit, credit=line.credit)
        for line in lines
    )
    entry.posted = True
    entry.save(update_fields=["posted"])
    audit_append(
        actor=by,
        action="journal.post",
        subject=entry,
        after={
            "posted_on": on.isoformat(),
            "memo": entry.memo,
            "source": source,
            "reverses": reverses.pk if reverses else None,
            "postings": [[line.account, line.debit, line.credit] for line in lines],
        },
    )
    return entry


@transaction.atomic
def journal_post(
    *, on: date, memo: str, lines: Sequence[Line], by: User | None, source: str | None = None
) -> JournalEntry:
    """A manual entry (an operating cost, an opening balance) by a finance officer."""
    check_actor(by, FINANCE_OFFICER)
    return _post(on=on, memo=memo, lines=lines, source=source, by=by)


@transaction.atomic
def journal_reverse(*, entry: JournalEntry, on: date, by: User | None, reason: str) -> JournalEntry:
    """Correct a posted entry the only way the ledger allows: an entry that cancels it."""
    check_actor(by, FINANCE_OFFICER)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.posted:
        raise ValidationError({"entry": _("Only a posted entry can be reversed.")})
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"entry": _("This entry is already reversed.")})
    lines = [Line(p.account.code, p.debit, p.credit) for p in entry.postings.select_related("account")]
    return _post(
        on=on,
        memo=_("Reversal of #%(number)s: %(reason)s") % {"number": entry.pk, "reason": reason.strip()},
        lines=ledger.reversal(lines),
        by=by,
        reverses=entry,
    )


@transaction.atomic
def journal_post_many(*, entries: Sequence[tuple[date, str, Sequence[Line]]], by: User | None) -> int:
    """Post many entries at once (imports, the benchmark): the checks of a single entry
    (:func:`_checked`), each error naming the entry's number; all of them or none; one audit event.

    Entries are inserted as drafts with their postings in bulk, then posted by one ``UPDATE``: the
    database checks each entry's balance as it posts it, exactly as for a single entry."""
    check_actor(by, FINANCE_OFFICER)
    accounts = chart_accounts()
    checked = []
    for number, (on, memo, lines) in enumerate(entries, 1):
        memo, lines = _checked(on=on, memo=memo, lines=lines, accounts=accounts, where=f"entry {number}")
        checked.append((on, memo, lines))
    # Plain SQL: the ORM's per-object work would cost more than the inserts themselves. Entries come
    # back with their ids in insertion order (RETURNING, as Django's own bulk_create relies on).
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    entry_table, posting_table = JournalEntry._meta.db_table, Posting._meta.db_table
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(checked), 2000):
            chunk = checked[start : start + 2000]
            cursor.execute(
                f"INSERT INTO {entry_table} (posted_on, memo, posted, recorded_at, recorded_by_id) "
                f"VALUES {', '.join(['(%s, %s, %s, %s, %s)'] * len(chunk))} RETURNING id",
                [
                    value
                    for on, memo, _lines in chunk
                    for value in (
                        ops.adapt_datefield_value(on),
                        memo,
                        False,
                        now,
                        by.pk if by else None,
                    )
                ],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        postings = [
            value
            for pk, (_on, _memo, lines) in zip(ids, checked, strict=True)
            for line in lines
            for value in (pk, accounts[line.account].pk, line.debit, line.credit)
        ]
        for start in range(0, len(postings), 16000):  # 4,000 rows a statement
            chunk = postings[start : start + 16000]
            cursor.execute(
                f"INSERT INTO {posting_table} (entry_id, account_id, debit, credit) "
                f"VALUES {', '.join(['(%s, %s, %s, %s)'] * (len(chunk) // 4))}",
                chunk,
            )
    for start in range(0, len(ids), 5000):
        JournalEntry.objects.filter(pk__in=ids[start : start + 5000]).update(posted=True)
    if ids:
        audit_append(
            actor=by,
            action="journal.post_many",
            subject=JournalEntry.objects.get(pk=ids[-1]),
            after={"count": len(ids), "first": ids[0], "last": ids[-1]},
        )
    return len(ids)


# -- the lifecycle's money events ------------------------------------------------------------------


def _fact_date(facts: dict, name: str, default: date) -> date:
    try:
        return date.fromisoformat(str(facts[name]))
    except (KeyError, ValueError):
        return default


def _outstanding_deposits(claim) -> list:
    """The claim's lodged deposits whose money is still with the court, as the ledger has them."""
    from amends.payments.models import CourtDeposit

    sources = set(JournalEntry.objects.filter(source__startswith="deposit:").values_list("source", flat=True))
    return [
        deposit
        for deposit in CourtDeposit.objects.filter(claim=claim).order_by("pk")
        if f"deposit:{deposit.pk}:lodged" in sources
        and f"deposit:{deposit.pk}:returned" not in sources
        and f"deposit:{deposit.pk}:collected" not in sources
    ]


def post_claim_event(*, claim, event: Event, facts: dict, occurred_on: date, by: User | None) -> None:
    """Post the journal entry of a claim's money event, if it is one (see :mod:`amends.law.ledger`).

    Called by :func:`amends.payments.services.claim_record` after it made the event's rows, inside its
    transaction; the role was checked there."""
    from amends.payments.models import CourtDeposit, Payment

    creditor = claim.creditor
    who = f"{creditor} ({creditor.award.case.number})"
    if event == Event.CONFIRM_PAYMENT:
        payment = Payment.objects.select_related("reimbursement").get(pk=facts["payment"])
        _post(
            on=payment.paid_on,
            memo=_("Payment to %(who)s, bank %(ref)s") % {"who": who, "ref": payment.bank_reference},
            lines=[
                ledger.debit(ledger.PAYMENTS_TO_CREDITORS, payment.amount),
                ledger.credit(ledger.BANK, payment.amount),
            ],
            source=f"payment:{payment.pk}",
            by=by,
        )
        reimbursement = payment.reimbursement
        _post(
            on=reimbursement.opened_on,
            memo=_("Reimbursement claim against the defendants of %(case)s, fully provided for")
            % {"case": reimbursement.case.number},
            lines=[
                ledger.debit(ledger.REIMBURSEMENT_RECEIVABLE, reimbursement.amount),
                ledger.credit(ledger.REIMBURSEMENT_ALLOWANCE, reimbursement.amount),
            ],
            source=f"reimbursement:{reimbursement.pk}",
            by=by,
        )
    elif event == Event.LODGE_DEPOSIT:
        deposit = CourtDeposit.objects.get(pk=facts["deposit"])
        _post(
            on=deposit.lodged_on,
            memo=_("Court deposit %(number)s at %(court)s for %(who)s")
            % {"number": deposit.deposit_number, "court": deposit.court, "who": who},
            lines=[
                ledger.debit(ledger.COURT_DEPOSITS, deposit.amount),
                ledger.credit(ledger.BANK, deposit.amount),
            ],
            source=f"deposit:{deposit.pk}:lodged",
            by=by,
        )
    elif event in (Event.WITHDRAW_DEPOSIT, Event.CREDITOR_COLLECTS):
        # A deposit withdrawn before it was lodged moved no money: nothing is outstanding for it.
        returned = event == Event.WITHDRAW_DEPOSIT
        on = _fact_date(facts, "withdrawn_on" if returned else "collected_on", occurred_on)
        for deposit in _outstanding_deposits(claim):
            _post(
                on=on,
                memo=(
                    _("Court deposit %(number)s withdrawn (returned to the bank)")
                    if returned
                    else _("Court deposit %(number)s collected by %(who)s")
                )
                % {"number": deposit.deposit_number, "who": who},
                lines=[
                    ledger.debit(ledger.BANK if returned else ledger.PAYMENTS_TO_CREDITORS, deposit.amount),
                    ledger.credit(ledger.COURT_DEPOSITS, deposit.amount),
                ],
                source=f"deposit:{deposit.pk}:{'returned' if returned else 'collected'}",
                by=by,
            )


# -- donors and contributions ----------------------------------------------------------------------


@transaction.atomic
def donor_create(
    *, name: str, by: User | None, kind: str = Donor.Kind.COMPANY, address: str = "", notes: str = ""
):
    check_actor(by, FINANCE_OFFICER)
    donor = Donor(name=name.strip(), kind=kind, address=address, notes=notes)
    donor.full_clean()
    donor.save()
    audit_append(actor=by, action="donor.create", subject=donor, after=snapshot(donor, ["name", "kind"]))
    return donor


@transaction.atomic
def contribution_record(
    *,
    donor: Donor,
    kind: str,
    on: date,
    by: User | None,
    amount: int | None = None,
    restricted: bool = False,
    purpose: str = "",
    note: str = "",
    pledge: Contribution | None = None,
) -> Contribution:
    """A pledge (kept off the ledger: no money has moved) or a receipt, posted bank / contributions."""
    check_actor(by, FINANCE_OFFICER)
    if kind == Contribution.Kind.RECEIPT and amount is None:
        raise ValidationError({"amount": _("A receipt needs its amount in won.")})
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0):
        raise ValidationError({"amount": _("Give a whole number of won, more than 0.")})
    if pledge is not None and (
        kind != Contribution.Kind.RECEIPT
        or pledge.kind != Contribution.Kind.PLEDGE
        or pledge.donor_id != donor.pk
    ):
        raise ValidationError({"pledge": _("A receipt fulfils a pledge of the same donor.")})
    contribution = Contribution(
        donor=donor,
        kind=kind,
        amount=amount,
        on=on,
        restricted=restricted,
        purpose=purpose.strip(),
        note=note.strip(),
        pledge=pledge,
        recorded_by=by,
    )
    contribution.full_clean()
    contribution.save()
    if kind == Contribution.Kind.RECEIPT:
        _post(
            on=on,
            memo=_("Contribution from %(donor)s") % {"donor": donor.name},
            lines=[
                ledger.debit(ledger.BANK, amount),
                ledger.credit(
                    ledger.CONTRIBUTIONS_RESTRICTED if restricted else ledger.CONTRIBUTIONS, amount
                ),
            ],
            source=f"contribution:{contribution.pk}",
            by=by,
        )
    audit_append(
        actor=by,
        action=f"contribution.{kind}",
        subject=contribution,
        after=snapshot(contribution, ["donor", "kind", "amount", "on", "restricted", "purpose", "pledge"]),
    )
    return contribution


# -- payees, batches and statements ----------------------------------------------------------------


@transaction.atomic
def payee_account_record(
    *, creditor, holder: str, bank_code: str, bank_name: str, account_number: str, by: User | None
) -> PayeeAccount:
    """The creditor's bank account for payments (replacing an earlier one). Whoever records it may
    not put the creditor's payment in a batch (:func:`batch_create`)."""
    from amends.judgments.models import Creditor

    check_actor(by, FINANCE_OFFICER)
    # The creditor's row is locked, so that two officers recording an account at once take turns.
    Creditor.objects.select_for_update().filter(pk=creditor.pk).first()
    account = PayeeAccount.objects.select_for_update().filter(creditor=creditor).first()
    account = account or PayeeAccount(creditor=creditor)
    before = snapshot(account, ["holder", "bank_code", "bank_name", "account_number"]) if account.pk else None
    account.holder, account.bank_code = holder.strip(), bank_code.strip()
    account.bank_name, account.account_number = bank_name.strip(), account_number.replace(" ", "").strip()
    account.recorded_by = by
    account.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise ValidationError(
            {
                "creditor": _(
                    "The bank account of %(who)s was recorded by someone else at the same moment: "
                    "reload the page and check it."
                )
                % {"who": creditor}
            }
        ) from None
    audit_append(
        actor=by,
        action="payee_account.record",
        subject=account,
        before=before,
        after=snapshot(account, ["holder", "bank_code", "bank_name", "account_number"]),
    )
    return account


@transaction.atomic
def batch_create(*, by: User | None, execution_on: date, proposals: Iterable | None = None) -> PaymentBatch:
    """A batch of the approved proposals not yet batched (or of those given), each with its payee's
    account, for execution on ``execution_on``. Refuses, naming the creditor, a proposal that is not
    approved or already in a batch; one planned for another day (its amount holds delay damages to
    the planned day: the bank must pay it that day); one whose creditor has no bank account on
    record, or whose account was recorded by whoever creates the batch (four eyes on where the money
    goes). Nothing is written then."""
    require_role(by, FINANCE_OFFICER)
    eligible = {p.pk: p for p in selectors.batchable_proposals().select_for_update(of=("self",))}
    chosen = list(eligible.values()) if proposals is None else [eligible.get(p.pk, p) for p in proposals]
    if not chosen:
        raise ValidationError({"proposals": _("No approved payment is waiting for a batch.")})
    creditors = [proposal.claim.creditor for proposal in chosen]
    # Asked again once the proposals are locked: a batch committed while we waited for them is seen.
    taken = set(
        BatchItem.objects.filter(proposal__in=[p.pk for p in chosen]).values_list("proposal_id", flat=True)
    )
    # Read (and lock) the accounts afresh: what is sent is what is on record now.
    accounts = {
        account.creditor_id: account
        for account in PayeeAccount.objects.select_for_update().filter(
            creditor__in=[creditor.pk for creditor in creditors]
        )
    }
    for proposal, creditor in zip(chosen, creditors, strict=True):
        if proposal.pk not in eligible or proposal.pk in taken:
            raise ValidationError(
                {
                    "proposals": _("The payment to %(who)s is not approved or already in a batch.")
                    % {"who": creditor}
                }
            )
        if proposal.planned_on != execution_on:
            raise ValidationError(
                {
                    "execution_on": _(
                        "The payment to %(who)s was approved for %(planned)s, with delay damages to "
                        "that day: send it for execution on %(planned)s."
                    )
                    % {"who": creditor, "planned": proposal.planned_on.isoformat()}
                }
            )
        account = accounts.get(creditor.pk)
        if account is None:
            raise ValidationError(
                {"proposals": _("%(who)s has no bank account on record.") % {"who": creditor}}
            )
        if by is not None and account.recorded_by_id == by.pk:
            raise ValidationError(
                {
                    "proposals": _(
                        "You recorded the bank account of %(who)s: another finance officer creates "
                        "the batch that pays into it."
                    )
                    % {"who": creditor}
                }
            )
    # A unique placeholder until the row has its id; the reference is made from the id.
    batch = PaymentBatch.objects.create(reference=uuid4().hex, execution_on=execution_on, created_by=by)
    batch.reference = f"AMENDS-{timezone.now():%Y%m%d%H%M%S}-{batch.pk}"
    batch.save(update_fields=["reference"])
    try:
        with transaction.atomic():
            BatchItem.objects.bulk_create(
                BatchItem(
                    batch=batch,
                    proposal=proposal,
                    end_to_end_id=f"AMENDS-P{proposal.pk}",
                    amount=proposal.amount,
                    holder=accounts[creditor.pk].holder,
                    bank_code=accounts[creditor.pk].bank_code,
                    bank_name=accounts[creditor.pk].bank_name,
                    account_number=accounts[creditor.pk].account_number,
                )
                for proposal, creditor in zip(chosen, creditors, strict=True)
            )
    except IntegrityError:
        # Another batch took a payment between our reading and our writing.
        taken = set(BatchItem.objects.filter(proposal__in=chosen).values_list("proposal_id", flat=True))
        who = next((c for p, c in zip(chosen, creditors, strict=True) if p.pk in taken), creditors[0])
        raise ValidationError(
            {"proposals": _("The payment to %(who)s is not approved or already in a batch.") % {"who": who}}
        ) from None
    audit_append(
        actor=by,
        action="batch.create",
        subject=batch,
        after={
            "reference": batch.reference,
            "execution_on": execution_on.isoformat(),
            "proposals": [p.pk for p in chosen],
            "total": sum(p.amount for p in chosen),
        },
    )
    return batch


def _line_identity(line) -> str:
    """A statement line's identity: the bank's own reference, else a hash of everything it says and
    of its place in the file, so that two identical lines of one statement (two transfers of the
    same amount on the same day, without references) are two lines, while the same statement sent
    again in another file finds them already there."""
    if line.bank_reference:
        if len(line.bank_reference) <= 60:
            return "ref:" + line.bank_reference
        return "refsha:" + hashlib.sha256(line.bank_reference.encode()).hexdigest()[:57]
    raw = "|".join(
        [
            line.booked_on.isoformat(),
            str(line.amount),
            "D" if line.debit else "C",
            line.end_to_end_id,
            line.text,
            str(line.position),
        ]
    )
    return "sha:" + hashlib.sha256(raw.encode()).hexdigest()[:60]


def _known_identities(keys: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        known.update(StatementLine.objects.filter(identity__in=chunk).values_list("identity", flat=True))
    return known


@transaction.atomic
def statement_import(*, content: bytes, filename: str, by: User | None) -> tuple[Statement, bool]:
    """Import the bank's statement (camt.053 XML or CSV) and reconcile it; ``(statement, created)``.

    Each debit line is matched by its end-to-end reference to a batched payment of the same amount,
    which is then confirmed through the claim's lifecycle (posting its entry); every other line is
    kept with the reason it does not match. A statement already imported, or a line already on
    record from another file, changes nothing. A batch item is locked while its line is matched, so
    two imports at once cannot both confirm it; one that collides with another import's rows is
    refused whole, naming the file and the line."""
    from amends.fund import bankfiles
    from amends.payments import services as payment_services

    require_role(by, FINANCE_OFFICER)
    identity = hashlib.sha256(content).hexdigest()
    existing = Statement.objects.filter(identity=identity).first()
    if existing is not None:
        return existing, False
    try:
        lines = bankfiles.parse_statement(content)
    except bankfiles.StatementError as error:
        raise ValidationError({"statement": f"{filename}: {error}"}) from None
    try:
        with transaction.atomic():
            statement = Statement.objects.create(identity=identity, filename=filename[:200], imported_by=by)
    except IntegrityError:
        # The same file, imported by someone else at the same moment: theirs stands.
        existing = Statement.objects.filter(identity=identity).first()
        if existing is not None:
            return existing, False
        raise ValidationError(
            {"statement": _("%(file)s could not be imported: try again.") % {"file": filename}}
        ) from None
    keyed = [(_line_identity(parsed), parsed) for parsed in lines]
    seen = _known_identities([key for key, _parsed in keyed])
    for key, parsed in keyed:
        if key in seen:
            continue
        seen.add(key)
        row = StatementLine(
            statement=statement,
            identity=key,
            booked_on=parsed.booked_on,
            amount=parsed.amount,
            debit=parsed.debit,
            bank_reference=parsed.bank_reference,
            end_to_end_id=parsed.end_to_end_id,
            status=StatementLine.Status.UNMATCHED,
        )
        item = (
            BatchItem.objects.select_for_update(of=("self",))
            .select_related("proposal__claim")
            .filter(end_to_end_id=parsed.end_to_end_id)
            .first()
            if parsed.end_to_end_id and parsed.debit
            else None
        )
        if not parsed.debit:
            row.reason = _("Money received, not a payment: record it as a contribution if it is one.")
        elif item is None:
            row.reason = _("No payment in any batch has this reference.")
        elif StatementLine.objects.filter(item=item).exists():
            row.reason = _("This payment is already matched to another statement line.")
        elif parsed.amount != item.amount:
            row.reason = _("The bank paid %(paid)s won; the batch sent %(sent)s won.") % {
                "paid": f"{parsed.amount:,}",
                "sent": f"{item.amount:,}",
            }
        else:
            try:
                with transaction.atomic():
                    payment_services.claim_record(
                        claim=item.proposal.claim,
                        event=Event.CONFIRM_PAYMENT.value,
                        by=by,
                        occurred_on=parsed.booked_on,
                        facts={
                            "bank_confirmation": parsed.bank_reference or parsed.end_to_end_id,
                            "paid_on": parsed.booked_on.isoformat(),
                            "amount_paid": parsed.amount,
                        },
                    )
            except ValidationError as error:
                row.reason = "; ".join(error.messages)[:300]
            else:
                row.item, row.status = item, StatementLine.Status.MATCHED
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            raise ValidationError(
                {
                    "statement": _(
                        "%(file)s, line %(line)s: another statement imported at the same moment holds "
                        "this line; import the file again."
                    )
                    % {"file": filename, "line": parsed.position}
                }
            ) from None
    audit_append(
        actor=by,
        action="statement.import",
        subject=statement,
        after={
            "filename": statement.filename,
            "lines": statement.lines.count(),
            "matched": statement.lines.filter(status=StatementLine.Status.MATCHED).count(),
        },
    )
    return statement, True


@transaction.atomic
def pending_suit_record(*, by: User | None, **fields) -> PendingSuit:
    """A suit not yet decided, for the forecast."""
    check_actor(by, FINANCE_OFFICER)
    suit = PendingSuit(**fields)
    suit.full_clean()
    suit.save()
    audit_append(
        actor=by,
        action="pending_suit.create",
        subject=suit,
        after=snapshot(suit, ["title", "victims", "award_per_victim", "filed_on", "expected_decision_on"]),
    )
    return suit
