"""Writes for banking: the bank's statements read back. Each line is stored once, with what it did:
a booked debit confirms its payment (:func:`amends.payments.services.payment_confirm`), a booked credit
that brings a payment back undoes it (:func:`amends.payments.services.payment_return`), a pending line
waits, and every other line is kept with the reason it moves nothing. One bad line never refuses the
rest; a file that cannot be read at all is refused whole, and changes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from amends.audit.services import audit_append
from amends.banking import pain, statements
from amends.banking.matching import Item, Outcome, Why, line_identities, normalised_account, read_line
from amends.banking.models import BatchItem, Statement, StatementLine
from amends.core.limits import TooLarge, megabytes
from amends.core.roles import FINANCE_OFFICER, require_role
from amends.payments import services as payment_services
from amends.payments.models import Payment


@dataclass
class Imported:
    """What importing a statement did: the lines of the file, the payments confirmed and returned (by
    end-to-end reference), the pending lines and the lines that moved nothing (by line, with the
    reason), and how many lines were on record already (all of them when the file was imported
    before: then ``created`` is False and nothing changed)."""

    statement: Statement
    created: bool
    format: str
    lines: int = 0
    confirmed: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    pending: list[dict] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    duplicates: int = 0

    def as_dict(self) -> dict:
        return {
            "statement": self.statement.pk,
            "created": self.created,
            "format": self.format,
            "lines": self.lines,
            "confirmed": self.confirmed,
            "returned": self.returned,
            "pending": self.pending,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
        }


def _known_identities(keys: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        known.update(StatementLine.objects.filter(identity__in=chunk).values_list("identity", flat=True))
    return known


def _why(why: Why, line, item: BatchItem | None, foundation_account: str) -> str:
    """The reason a line moves nothing, for the finance officer who reads the list."""
    if why == Why.UNREADABLE:
        return line.error
    if why == Why.OTHER_ACCOUNT:
        return _(
            "The statement is of account %(account)s, not the foundation's account %(ours)s: it confirms "
            "nothing."
        ) % {"account": line.account, "ours": foundation_account}
    if why == Why.RECEIVED:
        return _("Money received, not a payment: record it as a contribution if it is one.")
    if why == Why.NO_ITEM:
        if line.returned:
            return _("A payment came back, but no payment in any batch has its reference %(ref)s.") % {
                "ref": line.end_to_end_id or "-"
            }
        return _("No payment in any batch has this reference.")
    if why == Why.ALREADY_PAID:
        return _("This payment is confirmed already.")
    if why == Why.ALREADY_RETURNED:
        return _("This payment came back already.")
    if why == Why.NOT_PAID:
        return _(
            "The bank returned %(ref)s, which is not confirmed as paid: import the statement that "
            "holds its payment first, then this one again."
        ) % {"ref": item.end_to_end_id}
    if why == Why.AMOUNT_DIFFERS:
        return _("The bank's line is of %(amount)s won; the batch sent %(sent)s won.") % {
            "amount": f"{line.amount:,}",
            "sent": f"{item.amount:,}",
        }
    if why == Why.BEFORE_EXECUTION:
        return _(
            "Booked on %(booked)s, before the batch's execution date %(execution)s: it cannot be this "
            "payment."
        ) % {
            "booked": line.booked_on.isoformat(),
            "execution": item.batch.execution_on.isoformat(),
        }
    raise AssertionError(why)


def _item_state(item: BatchItem) -> Item:
    payment = Payment.objects.filter(proposal_id=item.proposal_id).first()
    return Item(
        amount=item.amount,
        execution_on=item.batch.execution_on,
        paid=payment is not None and payment.returned_on is None,
        returned=payment is not None and payment.returned_on is not None,
    )


def _already_imported(statement: Statement) -> Imported:
    count = statement.lines.count() + statement.duplicates
    return Imported(statement, False, statement.profile, lines=count, duplicates=count)


def statement_import(
    *, content: bytes, filename: str, by: User | None, profile: str | None = None
) -> Imported:
    """Import the bank's statement (camt.053 XML, or a CSV export read with ``profile``, detected when
    None) and reconcile it, line by line (see :mod:`amends.banking.matching`).

    A booked debit confirms the batched payment its end-to-end reference names, of the same amount,
    booked on or after the batch's execution date, on the statement of the foundation's own account;
    a booked credit carrying a confirmed payment's reference (a return or a reversal) undoes it; a
    pending line confirms nothing until it is booked. A statement already imported, or a line already
    on record from another file, changes nothing. A batch item is locked while its line is read, so
    two imports at once cannot both confirm it; one that collides with another import's rows is
    refused whole, naming the file and the line.

    The file is bounded (``AMENDS_MAX_UPLOAD_BYTES``, ``AMENDS_STATEMENT_MAX_LINES``) and read whole
    before the transaction begins: the transaction, which holds the batch items' and the audit chain's
    locks (and, on SQLite, the database's write lock from its first statement), only writes."""
    require_role(by, FINANCE_OFFICER)
    if len(content) > settings.AMENDS_MAX_UPLOAD_BYTES:
        raise TooLarge(
            {
                "statement": _("%(file)s is larger than %(limit)s: it is refused.")
                % {"file": filename, "limit": megabytes(settings.AMENDS_MAX_UPLOAD_BYTES)}
            }
        )
    identity = hashlib.sha256(content).hexdigest()
    existing = Statement.objects.filter(identity=identity).first()
    if existing is not None:
        return _already_imported(existing)
    try:
        parsed = statements.parse_statement(content, profile=profile)
    except statements.StatementError as error:
        raise ValidationError({"statement": f"{filename}: {error}"}) from None
    if len(parsed.lines) > settings.AMENDS_STATEMENT_MAX_LINES:
        raise ValidationError(
            {
                "statement": _(
                    "%(file)s has %(lines)s lines, more than %(limit)s: ask the bank for the statement "
                    "of fewer days."
                )
                % {
                    "file": filename,
                    "lines": f"{len(parsed.lines):,}",
                    "limit": f"{settings.AMENDS_STATEMENT_MAX_LINES:,}",
                }
            }
        )
    # Every line's identity, worked out before the transaction (see amends.banking.matching).
    keyed = list(zip(line_identities(parsed.lines), parsed.lines, strict=True))
    foundation_account = normalised_account(pain.debtor()["account"])
    return _record(
        parsed=parsed,
        keyed=keyed,
        identity=identity,
        filename=filename,
        foundation_account=foundation_account,
        by=by,
    )


@transaction.atomic
def _record(
    *,
    parsed: statements.ParsedStatement,
    keyed: list[tuple[str, statements.ParsedLine]],
    identity: str,
    filename: str,
    foundation_account: str,
    by: User | None,
) -> Imported:
    """:func:`statement_import`'s writes, in one transaction: the statement read and its lines keyed
    already."""
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                identity=identity,
                filename=filename[:200],
                imported_by=by,
                profile=parsed.format[:20],
                account=next((line.account for line in parsed.lines if line.account), "")[:34],
            )
    except IntegrityError:
        # The same file, imported by someone else at the same moment: theirs stands.
        existing = Statement.objects.filter(identity=identity).first()
        if existing is not None:
            return _already_imported(existing)
        raise ValidationError(
            {"statement": _("%(file)s could not be imported: try again.") % {"file": filename}}
        ) from None
    result = Imported(statement, True, parsed.format, lines=len(parsed.lines))
    seen = _known_identities([key for key, _line in keyed])
    references = {line.end_to_end_id for _key, line in keyed if line.end_to_end_id}
    # The batch items the lines name, locked: an import at the same moment waits for this one.
    items = {
        item.end_to_end_id: item
        for item in BatchItem.objects.select_for_update(of=("self",))
        .select_related("batch", "proposal__claim")
        .filter(end_to_end_id__in=references)
    }
    for key, line in keyed:
        if key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        item = items.get(line.end_to_end_id) if line.end_to_end_id else None
        row = StatementLine(
            statement=statement,
            identity=key,
            position=line.position,
            booked_on=line.booked_on,
            value_on=line.value_on,
            amount=line.amount,
            debit=line.debit,
            account=line.account[:34],
            bank_reference=line.bank_reference,
            end_to_end_id=line.end_to_end_id,
            text=line.text[:300],
            return_reason=line.return_reason[:200],
            status=StatementLine.Status.UNMATCHED,
        )
        reading = read_line(
            line=line,
            foundation_account=foundation_account,
            item=_item_state(item) if item is not None else None,
        )
        if reading.outcome == Outcome.UNREADABLE:
            row.status, row.reason = StatementLine.Status.ERROR, line.error[:300]
        elif reading.outcome == Outcome.PENDING:
            row.status = StatementLine.Status.PENDING
            row.reason = _("Pending at the bank (%(status)s): it confirms nothing until it is booked.") % {
                "status": line.status
            }
        elif reading.outcome == Outcome.NOTHING:
            row.reason = _why(reading.why, line, item, foundation_account)[:300]
        else:
            row.item = item
            try:
                with transaction.atomic():
                    if reading.outcome == Outcome.CONFIRMS:
                        payment_services.payment_confirm(
                            claim=item.proposal.claim,
                            paid_on=line.booked_on,
                            amount=line.amount,
                            bank_reference=line.bank_reference or line.end_to_end_id,
                            by=by,
                            occurred_on=line.booked_on,
                        )
                        row.status = StatementLine.Status.MATCHED
                        row.reason = _("Confirms the payment to %(who)s (%(ref)s).") % {
                            "who": item.proposal.claim.creditor,
                            "ref": item.end_to_end_id,
                        }
                    else:
                        payment_services.payment_return(
                            payment=Payment.objects.get(proposal_id=item.proposal_id),
                            returned_on=line.booked_on,
                            reason=line.return_reason or line.text or _("returned by the bank"),
                            bank_reference=line.bank_reference or line.end_to_end_id,
                            by=by,
                        )
                        row.status = StatementLine.Status.RETURNED
                        row.reason = _("Brings back the payment to %(who)s (%(ref)s): %(why)s") % {
                            "who": item.proposal.claim.creditor,
                            "ref": item.end_to_end_id,
                            "why": line.return_reason or _("returned by the bank"),
                        }
            except ValidationError as error:
                row.item, row.status = None, StatementLine.Status.UNMATCHED
                row.reason = "; ".join(error.messages)[:300]
        row.reason = row.reason[:300]
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
                    % {"file": filename, "line": line.position}
                }
            ) from None
        if row.status == StatementLine.Status.MATCHED:
            result.confirmed.append(line.end_to_end_id)
        elif row.status == StatementLine.Status.RETURNED:
            result.returned.append(line.end_to_end_id)
        elif row.status == StatementLine.Status.PENDING:
            result.pending.append({"line": line.position, "reason": row.reason})
        else:
            result.unmatched.append({"line": line.position, "reason": row.reason})
    statement.duplicates = result.duplicates
    statement.save(update_fields=["duplicates"])
    audit_append(
        actor=by,
        action="statement.import",
        subject=statement,
        after={
            "filename": statement.filename,
            "format": statement.profile,
            "lines": result.lines,
            "confirmed": result.confirmed,
            "returned": result.returned,
            "pending": len(result.pending),
            "unmatched": len(result.unmatched),
            "duplicates": result.duplicates,
        },
    )
    return result
