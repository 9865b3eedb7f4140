"""Endpoints for the registry: one person, with the ids of their family links."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from amends.api import schemas
from amends.api import selectors as api_selectors
from amends.api.errors import NotFound
from amends.api.schemas import Error
from amends.registry.models import Person

router = Router(tags=["registry"])


@router.get(
    "/people/{person_id}",
    response={200: schemas.Person, 401: Error, 403: Error, 404: Error, 422: Error},
    by_alias=True,
    summary="One person",
)
def person_detail(request: HttpRequest, person_id: int):
    """A person's names in every script, dates and household facts, and the ids of their parents,
    children and spouses (with each marriage's dates), as the register records them."""
    try:
        links = api_selectors.person_get(person_id=person_id)
    except Person.DoesNotExist:
        raise NotFound(_("No person %(id)s.") % {"id": person_id}) from None
    person = links.person
    return {
        "id": person.pk,
        "name_hangul": person.name_hangul,
        "name_hanja": person.name_hanja,
        "name_japanese": person.name_japanese,
        "name_japanese_reading": person.name_japanese_reading,
        "name_romanized": person.name_romanized,
        "sex": person.sex or None,
        "birth_date": person.birth_date,
        "death_date": person.death_date,
        "household_head": person.household_head,
        "household_head_heir": person.household_head_heir,
        "married_out": person.married_out,
        "parents": links.parents,
        "children": links.children,
        "spouses": links.spouses,
        "marriages": [
            {
                "spouse": api_selectors.spouse_of(marriage, person.pk),
                "from": marriage.started_on,
                "until": marriage.ended_on,
            }
            for marriage in links.marriages
        ],
    }
