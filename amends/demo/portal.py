"""Portal access for the demonstration: two claims with known numbers and codes (synthetic people).

Idempotent: a claim that already has portal access keeps it. Called at the end of
:func:`amends.demo.judgments.load_demo`.
"""

from django.db import transaction

from amends.judgments.models import Creditor
from amends.payments import services as payment_services
from amends.portal.models import PortalAccess
from amends.portal.services import portal_access_issue

# (case, which creditor, claim number, code): a living plaintiff of the Nagoya case and an heir
# (a child) in the Hiroshima case.
DEMO_ACCESS = (
    ("2015다45420", "victim", "AM-2018-00001", "DEMO-2018"),
    ("2013다67587", "child", "AM-2018-00002", "HEIR-2018"),
)


def _creditor(case_number: str, relation: str) -> Creditor | None:
    creditors = Creditor.objects.filter(award__case__number=case_number, relation=relation)
    if relation == "victim":
        creditors = creditors.filter(person__death_date__isnull=True)
    return creditors.select_related("person").order_by("pk").first()


@transaction.atomic
def load_portal_demo() -> list[tuple[str, str, str]]:
    """Issue the demonstration's portal access; returns (claim number, birth date, code) for each."""
    issued = []
    for case_number, relation, number, code in DEMO_ACCESS:
        creditor = _creditor(case_number, relation)
        if creditor is None:
            continue
        claim = payment_services.claim_open(creditor=creditor, by=None)
        if not PortalAccess.objects.filter(claim=claim).exists():
            portal_access_issue(claim=claim, by=None, code=code, number=number)
        issued.append((number, creditor.person.birth_date.isoformat(), code))
    return issued
