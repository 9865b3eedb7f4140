"""The synthetic ground truth: invented people in every name form, with the truth kept."""

import csv
from io import StringIO

from django.core.management import call_command

from amends.rosters.models import Application, EarlierPayment, RosterEntry
from amends.rosters.synthetic import APPLICATION_COLUMNS, ROSTER_COLUMNS, generate


def rows(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_same_seed_gives_the_same_people(tmp_path):
    first = generate(roster=50, applications=20, seed=3, directory=tmp_path / "a")
    second = generate(roster=50, applications=20, seed=3, directory=tmp_path / "b")
    assert first.roster.read_text(encoding="utf-8") == second.roster.read_text(encoding="utf-8")
    assert first.truth.read_text(encoding="utf-8") == second.truth.read_text(encoding="utf-8")


def test_rosters_and_applications_carry_the_name_forms_and_the_truth(synthetic):
    roster, applications = rows(synthetic.roster), rows(synthetic.applications)
    assert list(roster[0]) == ROSTER_COLUMNS and list(applications[0]) == APPLICATION_COLUMNS
    assert len(roster) == 400 and len(applications) == 80
    # rosters: Japanese-style names in kanji, readings, sources; applications: Hangul first
    assert sum(bool(row["name_japanese"]) for row in roster) > 300
    assert all(row["archive"] and row["page"] and row["line"] for row in roster)
    assert all(row["name_hangul"] for row in applications)
    # birth dates of every precision, romanisations, old and present place names
    precisions = {len(row["birth_date"]) for row in roster if row["birth_date"][:1].isdigit()}
    assert precisions == {4, 7, 10}
    assert any(row["name_romanized"] for row in applications)
    assert any("道" in row["hometown"] for row in roster)
    # the truth names applications and roster entries that exist
    refs = {row["ref"] for row in roster}
    truth = rows(synthetic.truth)
    assert truth and all(pair["roster_ref"] in refs for pair in truth)
    assert rows(synthetic.truth_duplicates)


def test_demo_generates_imports_and_keeps_the_truth(db, settings, tmp_path, monkeypatch):
    # given the demonstration loader stubbed (its own tests cover it)
    monkeypatch.setattr("amends.demo.management.commands.demo.load_demo", lambda: [])
    settings.VAR_DIR = tmp_path
    # when the demo generates synthetic rosters and applications
    out = StringIO()
    call_command("demo", "--roster", "60", "--applications", "20", "--seed", "5", stdout=out)
    # then they are imported and the truth is kept under AMENDS_VAR_DIR/synthetic/
    assert RosterEntry.objects.count() == 60
    assert Application.objects.count() == 20
    truth = tmp_path / "synthetic" / "seed-5" / "truth.csv"
    payments = rows(tmp_path / "synthetic" / "seed-5" / "payments.csv")
    assert payments, "the generator makes earlier payments"
    assert EarlierPayment.objects.count() == len(payments)
    assert truth.exists() and f"Truth for evaluation: {truth}" in out.getvalue()
