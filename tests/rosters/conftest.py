from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> "object":
    """A small synthetic roster with applications, payments and the truth (files only)."""
    from amends.rosters.synthetic import generate

    return generate(roster=400, applications=80, seed=7, directory=Path(tmp_path_factory.mktemp("synthetic")))


@pytest.fixture
def imported(db, synthetic):
    from amends.rosters.imports import import_file

    import_file(kind="roster", path=synthetic.roster, by=None, source="synthetic")
    import_file(kind="applications", path=synthetic.applications, by=None)
    import_file(kind="payments", path=synthetic.payments, by=None)
    return synthetic
