"""Writes for banking: payees' accounts and payment batches (:mod:`.batches`), and the bank's
statements read back (:mod:`.statements`)."""

from amends.banking.services.access import batch_accounts_reveal, batch_file_export, payee_account_reveal
from amends.banking.services.batches import batch_create, execution_day_check, payee_account_record
from amends.banking.services.statements import statement_import

__all__ = [
    "batch_accounts_reveal",
    "batch_create",
    "batch_file_export",
    "execution_day_check",
    "payee_account_record",
    "payee_account_reveal",
    "statement_import",
]
