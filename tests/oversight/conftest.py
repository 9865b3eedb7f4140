"""The fund's small fixtures: a case of two living victims, staff in every role."""

from tests.fund.conftest import _english, case, creditors, staff  # noqa: F401 (fixtures)
