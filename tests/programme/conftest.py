import pytest
from django.utils import translation

from amends.rosters.models import Application, CandidatePair, ImportBatch, LinkageRun, RosterEntry
from tests.support import grant


@pytest.fixture(autouse=True)
def _english():
    # The refusals are asserted as the English source says them (Korean is the default language).
    with translation.override("en"):
        yield


@pytest.fixture
def people(django_user_model):
    """Two caseworkers and two legal reviewers, and an auditor."""

    def user(name, *roles):
        found = django_user_model.objects.create_user(username=name, password="x")
        grant(found, *roles)
        return found

    return {
        "caseworker": user("caseworker", "caseworker"),
        "caseworker2": user("caseworker2", "caseworker"),
        "reviewer": user("reviewer", "legal_reviewer"),
        "reviewer2": user("reviewer2", "legal_reviewer"),
        "both": user("both", "caseworker", "legal_reviewer"),
        "auditor": user("auditor", "auditor"),
    }


@pytest.fixture
def pair(db):
    """An application the linkage paired with a roster entry."""
    batch = ImportBatch.objects.create(kind="roster", file_name="r.csv", rows=1)
    entry = RosterEntry.objects.create(
        ref="R1", name_japanese="金田 正雄", birth_date="1920-03", source_name="Mitsubishi 1944", batch=batch
    )
    application = Application.objects.create(
        ref="A1", name_hangul="김정웅", name_hanja="金正雄", name_japanese="金田 正雄",
        birth_date="1920-03-05", batch=batch,
    )  # fmt: skip
    run = LinkageRun.objects.create(threshold=0.5, status=LinkageRun.Status.DONE, progress=100)
    return CandidatePair.objects.create(
        run=run, application=application, roster_entry=entry, probability=0.97, match_weight=12.3
    )
