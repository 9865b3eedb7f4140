"""A committing test that posts to the ledger can still be flushed, once the ledger is cleared."""

from datetime import date

import pytest

from amends.fund import services
from amends.fund.models import JournalEntry
from amends.law.ledger import credit, debit
from tests.support import clear_append_only_records


@pytest.mark.django_db(transaction=True)
def test_posted_entries_commit_and_are_cleared_before_the_flush():
    # given an entry committed for real
    services.journal_post(
        on=date(2024, 1, 1), memo="rent", by=None, lines=[debit("5100", 1), credit("1000", 1)]
    )
    assert JournalEntry.objects.filter(posted=True).count() == 1
    # then clearing the ledger (and the audit chain) lets Django's flush run after the test
    clear_append_only_records()
    assert not JournalEntry.objects.exists()
