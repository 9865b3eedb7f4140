"""Lists that grow past a page (amends.core.tables), seen on the fund's donors page: paged by 50, sorted
by the header a reader clicks, only by the columns the page names, filters kept in every link, and in
as many queries for 250 rows as for 60; contributions newest first."""

import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amends.fund.models import Contribution, Donor
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, django_user_model):
    client.force_login(grant(django_user_model.objects.create_user(username="auditor"), "auditor"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def donors(count: int) -> None:
    """``count`` donors, "Donor 001" …, each having pledged 1,000 won times its number."""
    made = Donor.objects.bulk_create(Donor(name=f"Donor {n:03}") for n in range(1, count + 1))
    Contribution.objects.bulk_create(
        Contribution(donor=donor, kind="pledge", amount=1_000 * n, on=date(2024, 1, 1))
        for n, donor in enumerate(made, start=1)
    )


def names(page: str) -> list[str]:
    table = page.split('data-testid="donors"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row">(Donor \d+) ', table)


def test_250_donors_show_on_5_pages_of_50_with_a_link_to_the_next(reader):
    # given 250 donors
    donors(250)

    # when the donors page opens
    page = unescape(reader.get(reverse("fund:donors")).content.decode())

    # then the first 50 by name are listed, page 1 of 5, with a link to page 2
    assert names(page) == [f"Donor {n:03}" for n in range(1, 51)]
    donors_list = page.split('data-testid="donors"')[1].split('data-testid="contributions"')[0]
    assert "Page 1 of 5" in donors_list
    assert 'href="?donors-page=2" rel="next"' in donors_list
    assert 'rel="prev"' not in donors_list

    # and the next link leads to the next 50
    page = reader.get(reverse("fund:donors"), {"donors-page": "2"}).content.decode()
    assert names(page) == [f"Donor {n:03}" for n in range(51, 101)]


def test_a_header_sorts_the_list_and_clicking_it_again_reverses_it(reader):
    # given 250 donors, the name column sorting ascending
    donors(250)
    page = unescape(reader.get(reverse("fund:donors")).content.decode())
    assert '<th scope="col" aria-sort="ascending"><a href="?donors-sort=-name"' in page

    # when the reader clicks "Pledged"
    link = re.search(r'<a href="(\?donors-sort=pledged)" data-sort>Pledged', page).group(1)
    page = unescape(reader.get(reverse("fund:donors") + link).content.decode())

    # then the smallest pledge comes first, and the header offers the reverse
    assert names(page)[:3] == ["Donor 001", "Donor 002", "Donor 003"]
    assert '<th scope="col" class="num" aria-sort="ascending"><a href="?donors-sort=-pledged"' in page

    # and reversed, the largest first, on every page in turn
    page = reader.get(reverse("fund:donors"), {"donors-sort": "-pledged"}).content.decode()
    assert names(page)[:2] == ["Donor 250", "Donor 249"]
    page = unescape(
        reader.get(reverse("fund:donors"), {"donors-sort": "-pledged", "donors-page": "5"}).content.decode()
    )
    assert names(page)[-1] == "Donor 001"
    # the sort is kept in the page links, and the page in the sort links is not
    assert 'href="?donors-sort=-pledged&donors-page=4" rel="prev"' in page
    assert 'href="?donors-sort=name"' in page


@pytest.mark.parametrize("sort", ["address", "-notes", "pk", "name;drop", "contributions__amount", ""])
def test_an_unknown_sort_key_is_ignored(reader, sort):
    # given 60 donors
    donors(60)

    # when the page is asked to sort by something no column offers
    response = reader.get(reverse("fund:donors"), {"donors-sort": sort})

    # then it lists them by name, as by default
    assert response.status_code == 200
    assert names(response.content.decode())[:2] == ["Donor 001", "Donor 002"]


def test_the_filters_stay_in_the_sort_and_page_links(reader):
    # given 250 donors, and the contributions list sorted by amount
    donors(250)

    # when the donors list is paged
    page = unescape(
        reader.get(
            reverse("fund:donors"), {"contributions-sort": "amount", "donors-page": "2"}
        ).content.decode()
    )

    # then every link of the donors list keeps the other list's sort
    assert 'href="?contributions-sort=amount&donors-page=3" rel="next"' in page
    assert 'href="?contributions-sort=amount&donors-sort=-name"' in page


def test_a_page_reads_as_many_queries_for_250_rows_as_for_60(reader):
    # given 60 donors, the page's queries counted
    donors(60)
    with CaptureQueriesContext(connection) as few:
        assert reader.get(reverse("fund:donors")).status_code == 200

    # when there are 250
    donors_made = Donor.objects.count()
    Donor.objects.bulk_create(Donor(name=f"More {n:03}") for n in range(190))
    assert Donor.objects.count() == donors_made + 190
    with CaptureQueriesContext(connection) as many:
        assert reader.get(reverse("fund:donors")).status_code == 200

    # then the page took the same number of queries
    assert len(many) == len(few)


def test_contributions_are_listed_newest_first_and_on_one_day_the_last_recorded_first(reader):
    # given contributions recorded out of date order, two of them on one day
    donor = Donor.objects.create(name="Posco")
    first_of_day = Contribution.objects.create(donor=donor, kind="pledge", amount=3_000, on=date(2024, 5, 2))
    Contribution.objects.create(donor=donor, kind="pledge", amount=1_000, on=date(2023, 1, 9))
    Contribution.objects.create(donor=donor, kind="pledge", amount=9_000, on=date(2025, 2, 1))
    second_of_day = Contribution.objects.create(donor=donor, kind="pledge", amount=4_000, on=date(2024, 5, 2))
    assert second_of_day.pk > first_of_day.pk

    # when the contributions are listed
    page = reader.get(reverse("fund:donors")).content.decode()

    # then by date, newest first; on 2024-05-02 the one recorded later first
    table = page.split('data-testid="contributions"')[1].split("</table>")[0]
    assert re.findall(r"<td>(\d{4}-\d\d-\d\d)</td>", table) == [
        "2025-02-01",
        "2024-05-02",
        "2024-05-02",
        "2023-01-09",
    ]
    assert re.findall(r'<td class="num">([\d,]+)</td>', table) == ["9,000", "4,000", "3,000", "1,000"]

    # and by date ascending when the reader clicks the date
    page = reader.get(reverse("fund:donors"), {"contributions-sort": "date"}).content.decode()
    table = page.split('data-testid="contributions"')[1].split("</table>")[0]
    assert re.findall(r'<td class="num">([\d,]+)</td>', table) == ["1,000", "3,000", "4,000", "9,000"]
