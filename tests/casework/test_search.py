"""The search box in every staff page's header (issue 17): one query finds people in any script or
romanisation, claims by their number and cases by theirs; the page's reads do not grow with what it
finds; the case, claim and person pages link to one another."""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amends.judgments.models import Award, Case, Court, Creditor
from amends.payments.models import Claim
from amends.registry.models import Person

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:search")


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demonstration (or undo what they write): loaded once for the module."""


@pytest.fixture
def lee_min_cheol(demo) -> Person:
    """The demonstration's living victim 이민철 (李敏哲, 岩本敏哲 いわもと びんてつ, "Lee Min-cheol")."""
    return Person.objects.get(name_hangul="이민철")


def found(response, group: str) -> list[str]:
    """The addresses a group of the results (people, claims, cases) links to, in order."""
    html = response.content.decode()
    section = re.search(rf'data-testid="found-{group}">(.*?)</section>', html, flags=re.S)
    return re.findall(r'<li><a href="([^"]+)"', section[1]) if section else []


def person_url(person: Person) -> str:
    return reverse("people:person_detail", args=[person.pk])


@pytest.mark.parametrize(
    "query",
    [
        "lee min cheol",
        "Yi Min-chol",
        "Ri Min Chol",
        "이민철",
        "리민철",
        "李敏哲",
        "岩本敏哲",
        "いわもと びんてつ",
    ],
)
def test_a_name_in_any_script_or_romanisation_finds_the_same_person(staff_client, lee_min_cheol, query):
    # given the demonstration's 이민철, a living victim
    assert lee_min_cheol.death_date is None

    # when a caseworker searches for him as his name is written somewhere
    response = staff_client.get(SEARCH, {"q": query})

    # then the one person found is him, linked to his page
    assert response.status_code == 200
    assert found(response, "people") == [person_url(lee_min_cheol)]


def test_the_name_finds_the_case_he_is_a_victim_in(staff_client, lee_min_cheol):
    # given the award 이민철 is the victim of
    case = Award.objects.get(victim=lee_min_cheol).case

    # when searching by a romanisation no field holds as typed
    response = staff_client.get(SEARCH, {"q": "Yi Min-chol"})

    # then his case is among the cases
    assert reverse("cases:case_detail", args=[case.number]) in found(response, "cases")


def test_a_surname_alone_finds_every_person_of_it_and_no_other(staff_client, demo):
    # when searching for the romanisation "Rhee"
    response = staff_client.get(SEARCH, {"q": "Rhee"})

    # then it finds exactly the demonstration's people named 이, dead or alive
    expected = [person_url(p) for p in Person.objects.filter(name_hangul__startswith="이")]
    assert len(expected) >= 2
    assert found(response, "people") == expected


def test_an_heir_who_died_is_found_too(staff_client, demo):
    # given a dead creditor of the demonstration
    dead = Person.objects.filter(death_date__isnull=False, credits__isnull=False).first()

    # when searching by their Hanja name
    response = staff_client.get(SEARCH, {"q": dead.name_hanja})

    # then they are found
    assert person_url(dead) in found(response, "people")


@pytest.mark.parametrize("typed", ["{number}", "{lower}", "{bare}", "{head}"])
def test_a_claim_number_finds_the_claim(staff_client, demo, typed):
    # given an open claim of the demonstration
    claim = Claim.objects.select_related("creditor__person").first()
    number = claim.number
    query = typed.format(number=number, lower=number.lower(), bare=number.replace("-", ""), head=number[:8])

    # when searching by its number, whole, in lower case, without hyphens, or its beginning
    response = staff_client.get(SEARCH, {"q": query})

    # then the claim file is found and linked
    assert reverse("claims:claim_detail", args=[claim.creditor_id]) in found(response, "claims")
    assert number in response.content.decode()


def test_a_claim_number_with_a_character_not_in_its_alphabet_finds_no_claim(staff_client, demo):
    # given a claim number with O typed for a character (claim numbers have no O nor 0)
    number = Claim.objects.first().number
    mistyped = number[:3] + "O" + number[4:]

    # when searching for it
    response = staff_client.get(SEARCH, {"q": mistyped})

    # then no claim is found, and the page says nothing matches
    assert found(response, "claims") == []
    assert 'data-testid="found-nothing"' in response.content.decode()


@pytest.mark.parametrize("query", ["2013다61381", "2013 다 61381", " 2013 다61381 "])
def test_a_case_number_with_or_without_spaces_finds_the_case(staff_client, demo, query):
    # when searching for the Nippon Steel case's number as typed
    response = staff_client.get(SEARCH, {"q": query})

    # then that case, and only it, is found
    assert found(response, "cases") == [reverse("cases:case_detail", args=["2013다61381"])]


def test_a_resident_registration_number_finds_its_person(staff_client, lee_min_cheol):
    # given 이민철's resident registration number on record (encrypted, found by its keyed hash)
    lee_min_cheol.rrn = "251203-1234569"
    lee_min_cheol.save(update_fields=["rrn"])

    # when searching for it without its hyphen
    response = staff_client.get(SEARCH, {"q": "2512031234569"})

    # then he is found
    assert found(response, "people") == [person_url(lee_min_cheol)]


def test_nothing_found_says_so(staff_client, demo):
    response = staff_client.get(SEARCH, {"q": "Xyzzy"})

    assert response.status_code == 200
    assert "Nothing matches “Xyzzy”." in response.content.decode()


def test_a_query_over_100_characters_is_refused_by_name(staff_client, demo):
    response = staff_client.get(SEARCH, {"q": "김" * 101})

    assert response.status_code == 400
    assert "A search is at most 100 characters." in response.content.decode()


def test_as_you_type_returns_the_results_alone_a_few_of_each(staff_client, demo):
    # when htmx asks for "Lee" (every 이 of the demonstration, more than five)
    assert Person.objects.filter(name_hangul__startswith="이").count() > 5
    response = staff_client.get(SEARCH, {"q": "Lee"}, HTTP_HX_REQUEST="true")

    # then the answer is the results alone, five people and a link to all of them
    html = response.content.decode()
    assert "<html" not in html
    assert len(found(response, "people")) == 5
    assert f'href="{SEARCH}?q=Lee"' in html


def test_as_you_type_with_nothing_typed_answers_nothing(staff_client, demo):
    response = staff_client.get(SEARCH, {"q": "  "}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.content == b""


def test_search_requires_sign_in(client, demo):
    response = client.get(SEARCH, {"q": "이민철"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_search_box_is_on_every_staff_page(client, django_user_model, lee_min_cheol):
    # given a user holding every role (a superuser), and every page the navigation leads to, with a
    # case, a person, a claim and an unknown address
    user = django_user_model.objects.create_superuser(username="root", password="a long passphrase 7")
    client.force_login(user)
    claim = Claim.objects.first()
    pages = [
        reverse("cases:case_list"),
        reverse("oversight:dashboard"),
        reverse("fund:donors"),
        reverse("rosters:run_list"),
        reverse("outreach:timeline"),
        reverse("cases:case_detail", args=["2013다61381"]),
        person_url(lee_min_cheol),
        reverse("claims:claim_detail", args=[claim.creditor_id]),
        SEARCH,
        "/no-such-page/",
    ]

    for url in pages:
        # when the page is opened
        response = client.get(url)

        # then its header holds the search box, which sends to the results page
        html = response.content.decode()
        assert response.status_code in (200, 404), url
        header = html[html.index("<header") : html.index("</header>")]
        assert f'<form method="get" action="{SEARCH}"' in header, url
        assert 'id="site-search"' in header and "data-site-search" in header, url


def test_the_sign_in_page_has_no_search_box(client, demo):
    html = client.get(reverse("login")).content.decode()

    assert 'id="site-search"' not in html


def _hans(given_names: list[str], case: Case) -> None:
    """Victims named 한 (a surname the demonstration does not use) in ``case``, each their own creditor."""
    for given in given_names:
        victim = Person.objects.create(name_hangul=f"한{given}", birth_date=date(1925, 1, 1))
        award = Award.objects.create(case=case, victim=victim, principal=100_000_000)
        Creditor.objects.create(award=award, person=victim, relation=Creditor.Relation.VICTIM)


def test_the_reads_do_not_grow_with_what_is_found(staff_client, demo):
    # given two people named 한 in one case
    court = Court.objects.get(name_ko="대법원")
    _hans(["영수", "정호"], Case.objects.create(number="2013다11111", court=court))

    def reads() -> tuple[int, int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(SEARCH, {"q": "Han"})
        assert response.status_code == 200
        return len(found(response, "people")), len(found(response, "cases")), len(queries)

    people, cases, few = reads()
    assert (people, cases) == (2, 1)

    # when ten more, in two more cases, make "Han" find six times as many
    _hans(["성철", "민식", "상우", "재훈", "동길"], Case.objects.create(number="2013다22222", court=court))
    _hans(["광태", "기원", "현주", "영호", "정철"], Case.objects.create(number="2013다33333", court=court))
    people, cases, many = reads()

    # then the page made as many queries
    assert (people, cases) == (12, 3)
    assert many == few


def test_a_name_changed_changes_what_finds_the_person(demo):
    # given a person saved under one name
    person = Person.objects.create(name_hangul="박영수", name_hanja="朴永洙")

    # when their Hangul name is corrected, saving that field alone
    person.name_hangul = "박영호"
    person.name_hanja = ""
    person.save(update_fields=["name_hangul", "name_hanja"])

    # then the stored key follows: the new name finds them, the old does not
    from amends.registry.selectors import people_search

    assert list(people_search("박영호")) == [person]
    assert person not in people_search("박영수")
    assert person not in people_search("Park Yeong-su")


def test_the_migration_fills_the_key_of_people_registered_before_it(lee_min_cheol):
    # given 이민철 as he was before search (no key)
    Person.objects.filter(pk=lee_min_cheol.pk).update(search_key="")
    from amends.registry.selectors import people_search

    assert lee_min_cheol not in people_search("Yi Min-chol")

    # when the migration's fill runs
    migration = importlib.import_module("amends.registry.migrations.0005_person_search_key")
    migration.fill(apps, None)

    # then he is found again
    assert list(people_search("Yi Min-chol")) == [lee_min_cheol]


def test_a_living_victim_is_reached_from_the_case_page_and_the_claim_links_back(staff_client, lee_min_cheol):
    # given the case of the living victim 이민철, who is his own award's creditor
    award = Award.objects.get(victim=lee_min_cheol)
    creditor = award.creditors.get(person=lee_min_cheol)
    case_page = staff_client.get(reverse("cases:case_detail", args=[award.case.number])).content.decode()

    # then his row in the creditors' table links to his page and to his claim file
    row = re.search(
        rf'<tr data-testid="creditor"[^>]*>.*?href="{person_url(lee_min_cheol)}".*?</tr>',
        case_page,
        flags=re.S,
    )
    assert row, "no creditor row links to 이민철's page"
    assert f'href="{reverse("claims:claim_detail", args=[creditor.pk])}"' in row[0]

    # and his claim file links to his page
    claim_page = staff_client.get(reverse("claims:claim_detail", args=[creditor.pk])).content.decode()
    assert claim_page.count(f'href="{person_url(lee_min_cheol)}"') >= 2  # the breadcrumb and the heading


def test_a_person_page_links_to_their_claims_by_number(staff_client, demo):
    # given a creditor whose claim file is open
    claim = Claim.objects.select_related("creditor").first()

    # when their page is opened
    html = staff_client.get(person_url(claim.creditor.person)).content.decode()

    # then it links to the claim file, by its number
    link = re.search(
        rf'<a href="{reverse("claims:claim_detail", args=[claim.creditor_id])}"[^>]*>(.*?)</a>',
        html,
        flags=re.S,
    )
    assert link and claim.number in link[1]
