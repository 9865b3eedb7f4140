"""Issue 16: the second generator's files go through the import as they are, ages and era years too."""

import csv

from amends.rosters.imports import import_file
from amends.rosters.models import Application, EarlierPayment, RosterEntry
from amends.rosters.synthetic_archive import generate


def test_the_archive_generators_files_import_with_ages_read_as_birth_years(db, tmp_path):
    # given rosters written with ages at the roster's date and era years, and families' applications
    files = generate(roster=300, applications=60, seed=9, directory=tmp_path)
    with files.roster.open(encoding="utf-8") as handle:
        roster = {row["ref"]: row for row in csv.DictReader(handle)}
    aged = next(ref for ref, row in roster.items() if "滿" in row["birth_date"])
    # when they are imported
    import_file(kind="roster", path=files.roster, by=None, source="archive (synthetic)")
    import_file(kind="applications", path=files.applications, by=None)
    import_file(kind="payments", path=files.payments, by=None)
    # then every row is in, and an age is kept as the birth year it gives
    assert RosterEntry.objects.count() == 300 and Application.objects.count() == 60
    assert EarlierPayment.objects.exists()
    stored = RosterEntry.objects.get(ref=aged).birth_date
    assert len(stored) == 4 and stored.isdigit()
