"""Reads the API needs beyond the judgments' and registry's own selectors: tokens, one award, one
person with their family links, and a payee's bank account.

An award is loaded with everything :func:`amends.payments.owed.award_owed` and
:func:`~amends.payments.owed.award_holders` read (victim, accrual terms, creditors and their
people), so that answering for one award costs a fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from amends.api.models import ApiToken
from amends.api.services import hash_secret
from amends.banking.models import PayeeAccount
from amends.judgments.models import Award, Case
from amends.payments import owed
from amends.registry.models import Marriage, ParentChild, Person


def api_token_for_secret(*, secret: str) -> ApiToken | None:
    """The live token whose secret is ``secret``, with its user; ``None`` if unknown or revoked."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True)
        .first()
    )


def api_token_get(*, prefix: str) -> ApiToken:
    """The token whose secret starts with ``prefix``; raises ``ApiToken.DoesNotExist``."""
    return ApiToken.objects.select_related("user").get(prefix=prefix)


def api_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user")


def case_awards(*, case: Case) -> QuerySet[Award]:
    """The awards of ``case`` with their victims and the number of creditors each names."""
    return (
        Award.objects.filter(case=case)
        .select_related("victim")
        .annotate(creditor_count=Count("creditors"))
        .order_by("pk")
    )


def award_get(*, award_id: int) -> Award:
    """One award, ready for what is owed and who holds it; raises ``Award.DoesNotExist``."""
    return owed.awards().get(pk=award_id)


@dataclass(frozen=True)
class PersonLinks:
    """A person with the ids of their parents, children and spouses, as the register records them."""

    person: Person
    parents: list[int]
    children: list[int]
    marriages: list[Marriage]

    @property
    def spouses(self) -> list[int]:
        return list(dict.fromkeys(spouse_of(marriage, self.person.pk) for marriage in self.marriages))


def spouse_of(marriage: Marriage, person_id: int) -> int:
    return marriage.spouse_b_id if marriage.spouse_a_id == person_id else marriage.spouse_a_id


def person_get(*, person_id: int) -> PersonLinks:
    """``person_id`` with their family links; raises ``Person.DoesNotExist``."""
    person = Person.objects.get(pk=person_id)
    links = ParentChild.objects.filter(Q(parent=person) | Q(child=person)).order_by("pk")
    return PersonLinks(
        person=person,
        parents=[link.parent_id for link in links if link.child_id == person.pk],
        children=[link.child_id for link in links if link.parent_id == person.pk],
        marriages=list(
            Marriage.objects.filter(Q(spouse_a=person) | Q(spouse_b=person)).order_by("started_on", "pk")
        ),
    )


def payee_account_for(*, creditor_id: int):
    """The bank account on record for the creditor, with who recorded it; ``None`` if none."""
    return PayeeAccount.objects.select_related("recorded_by").filter(creditor_id=creditor_id).first()
