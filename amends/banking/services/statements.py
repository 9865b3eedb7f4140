"""Writes for banking: the bank's statements, whose lines confirm their payments through
:func:`amends.payments.services.payment_confirm`."""

from __future__ import annotations

import hashlib

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from amends.audit.services import audit_append
from amends.banking import statements
from amends.banking.matching import Unmatched, line_identity, unmatched_because
from amends.banking.models import BatchItem, Statement, StatementLine
from amends.core.roles import FINANCE_OFFICER, require_role
from amends.payments import services as payment_services


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
    require_role(by, FINANCE_OFFICER)
    identity = hashlib.sha256(content).hexdigest()
    existing = Statement.objects.filter(identity=identity).first()
    if existing is not None:
        return existing, False
    try:
        lines = statements.parse_statement(content)
    except statements.StatementError as error:
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
    keyed = [(line_identity(parsed), parsed) for parsed in lines]
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
        why = unmatched_because(
            line=parsed,
            item_amount=item.amount if item is not None else None,
            item_matched=item is not None and StatementLine.objects.filter(item=item).exists(),
        )
        if why == Unmatched.RECEIVED:
            row.reason = _("Money received, not a payment: record it as a contribution if it is one.")
        elif why == Unmatched.NO_ITEM:
            row.reason = _("No payment in any batch has this reference.")
        elif why == Unmatched.ALREADY_MATCHED:
            row.reason = _("This payment is already matched to another statement line.")
        elif why == Unmatched.AMOUNT_DIFFERS:
            row.reason = _("The bank paid %(paid)s won; the batch sent %(sent)s won.") % {
                "paid": f"{parsed.amount:,}",
                "sent": f"{item.amount:,}",
            }
        else:
            try:
                with transaction.atomic():
                    payment_services.payment_confirm(
                        claim=item.proposal.claim,
                        paid_on=parsed.booked_on,
                        amount=parsed.amount,
                        bank_reference=parsed.bank_reference or parsed.end_to_end_id,
                        by=by,
                        occurred_on=parsed.booked_on,
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
