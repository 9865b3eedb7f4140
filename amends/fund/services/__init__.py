"""Writes for the fund, by what they write: the ledger (:mod:`.ledger`: the chart, journal entries,
reversals, bulk posting, and :func:`post_entry` for the services above that post their money
events) and the fund's income and plans (:mod:`.contributions`: donors, pledges and receipts,
pending suits). Payees, payment batches and the bank's statements are :mod:`amends.banking`'s."""

from amends.fund.services.contributions import contribution_record, donor_create, pending_suit_record
from amends.fund.services.ledger import (
    chart_accounts,
    journal_post,
    journal_post_many,
    journal_reverse,
    post_entry,
)

__all__ = [
    "chart_accounts",
    "contribution_record",
    "donor_create",
    "journal_post",
    "journal_post_many",
    "journal_reverse",
    "pending_suit_record",
    "post_entry",
]
