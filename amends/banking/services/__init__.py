"""Writes for banking: payees' accounts and payment batches (:mod:`.batches`), and the bank's
statements read back (:mod:`.statements`)."""

from amends.banking.services.batches import batch_create, payee_account_record
from amends.banking.services.statements import statement_import

__all__ = ["batch_create", "payee_account_record", "statement_import"]
