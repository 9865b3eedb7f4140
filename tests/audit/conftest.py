import pytest
from django.db import transaction

from amends.audit.services import audit_append
from amends.registry.models import Person


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user(username="caseworker-kim")


@pytest.fixture
def person():
    return Person.objects.create(name_hangul="김철수", name_hanja="金哲洙")


@pytest.fixture
def chain(clerk, person):
    """Five events about one person, appended in one transaction; returns them in order."""
    with transaction.atomic():
        return [
            audit_append(
                actor=clerk if number % 2 else None,
                action="person.update",
                subject=person,
                before={"note": f"version {number}"},
                after={"note": f"version {number + 1}", "amount": 1_000_000 * number},
            )
            for number in range(1, 6)
        ]


@pytest.fixture(autouse=True)
def _english():
    # The reasons verify gives are asserted in English; pages show them in the reader's language.
    from django.utils.translation import override

    with override("en"):
        yield
