"""Reading personal bank data when it is needed: a finance officer reveals a payee's account number,
or those of a batch, and each reveal is an audit event (what was shown, to whom, not the number).
Every other page and every other role sees the numbers masked (``amends.core.crypto.mask_account``)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.db import transaction
from django.shortcuts import get_object_or_404

from amends.audit.services import audit_append
from amends.banking.models import PayeeAccount, PaymentBatch
from amends.core.roles import FINANCE_OFFICER, require_role


@transaction.atomic
def payee_account_reveal(*, creditor, by: User) -> PayeeAccount:
    """The creditor's account, to be shown in full to ``by``, a finance officer; recorded as
    ``payee_account.reveal``."""
    require_role(by, FINANCE_OFFICER)
    account = get_object_or_404(PayeeAccount.objects.select_related("creditor__person"), creditor=creditor)
    audit_append(
        actor=by,
        action="payee_account.reveal",
        subject=account,
        after={"creditor": creditor.pk, "shown": ["iban" if account.iban else "account_number"]},
    )
    return account


@transaction.atomic
def batch_accounts_reveal(*, batch: PaymentBatch, by: User) -> PaymentBatch:
    """The batch whose items' accounts are to be shown in full to ``by``, a finance officer; recorded
    as ``batch.reveal_accounts`` with the items shown."""
    require_role(by, FINANCE_OFFICER)
    audit_append(
        actor=by,
        action="batch.reveal_accounts",
        subject=batch,
        after={"items": list(batch.items.order_by("pk").values_list("pk", flat=True))},
    )
    return batch


@transaction.atomic
def batch_file_export(*, batch: PaymentBatch, format: str, by: User) -> None:
    """A batch's file, which carries every account in full, leaves the system: recorded as
    ``batch.export``. For finance officers only."""
    require_role(by, FINANCE_OFFICER)
    audit_append(actor=by, action="batch.export", subject=batch, after={"format": format})
