"""Cases, awards and defendants through the API, on the demonstration data: the figures the staff
pages show, as JSON."""

import pytest

from amends.core.clock import today
from amends.judgments.models import Award

pytestmark = pytest.mark.django_db

NIPPON_STEEL = "2013다61381"


@pytest.fixture
def nippon_steel_awards(demo):
    return list(Award.objects.filter(case__number=NIPPON_STEEL).order_by("pk"))


@pytest.fixture
def widowed_award(nippon_steel_awards):
    """The award whose victim's widow died in 2021, after the judgment named her."""
    return next(a for a in nippon_steel_awards if a.creditors.filter(person__death_date__year=2021).exists())


def test_searching_cases_is_paginated(bearer, demo):
    # when
    everything = bearer.get("/api/cases").json()
    first_two = bearer.get("/api/cases", {"limit": 2}).json()
    found = bearer.get("/api/cases", {"q": "61381"}).json()

    # then
    assert everything["count"] > 2
    assert len(first_two["items"]) == 2 and first_two["count"] == everything["count"]
    assert [case["number"] for case in found["items"]] == [NIPPON_STEEL]
    assert found["items"][0]["defendants"][0]["key"] == "nippon-steel"


def test_a_case_has_its_rulings_defendants_and_awards(bearer, nippon_steel_awards):
    # when
    case = bearer.get(f"/api/cases/{NIPPON_STEEL}").json()

    # then
    assert case["final_ruling_on"] == "2018-10-30"
    assert [ruling["number"] for ruling in case["rulings"]] == ["2012나44947", NIPPON_STEEL]
    assert [award["id"] for award in case["awards"]] == [award.pk for award in nippon_steel_awards]
    assert {award["principal"] for award in case["awards"]} == {100_000_000}


def test_an_unknown_case_is_404_as_json(bearer, demo):
    # when
    response = bearer.get("/api/cases/2099다1")

    # then
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "No case 2099다1."}


def test_nippon_steel_on_2018_11_01_owes_107452054_and_the_press_figure_half_up(bearer, nippon_steel_awards):
    # given
    award = nippon_steel_awards[0]

    # when
    floor = bearer.get(f"/api/awards/{award.pk}", {"on": "2018-11-01"}).json()
    half_up = bearer.get(f"/api/awards/{award.pk}", {"on": "2018-11-01", "rounding": "half-up"}).json()

    # then
    assert floor["owed"]["interest"] == 107_452_054
    assert floor["owed"]["total"] == floor["owed"]["outstanding"] == 207_452_054
    assert floor["owed"]["lines"][0] | {"interest": None} == {
        "from": "2013-06-19",
        "to": "2018-11-01",
        "rate": "0.20",
        "base": 100_000_000,
        "years": 5,
        "days": 136,
        "year_length": 365,
        "interest": None,
    }
    assert floor["accruals"] == [{"from": "2013-06-19", "rate": "0.20"}]
    assert half_up["owed"]["interest"] == 107_452_055
    assert half_up["rounding"] == "half-up"


def test_each_creditor_has_their_share_principal_and_owed(bearer, widowed_award):
    # when
    award = bearer.get(f"/api/awards/{widowed_award.pk}", {"on": "2018-11-01"}).json()

    # then: as the judgment names them, 3/7 to the widow and 2/7 to each child
    assert [(c["relation"], c["share"], c["principal"], c["interest"]) for c in award["creditors"]] == [
        ("spouse", "3/7", 42_857_142, 46_050_879),
        ("child", "2/7", 28_571_428, 30_700_586),
        ("child", "2/7", 28_571_428, 30_700_586),
    ]
    # and on that date the widow was alive: the holders are the judgment's creditors
    assert award["succession"]["differs_from_judgment"] is False


def test_after_the_widow_died_in_2021_her_two_children_hold_half_each(bearer, widowed_award):
    # when
    award = bearer.get(f"/api/awards/{widowed_award.pk}").json()

    # then her 3/7 passed to her two children, 3/14 each, as parts of her claim
    assert award["on"] == today().isoformat()
    widow = next(c for c in award["creditors"] if c["relation"] == "spouse")
    heirs = [c for c in award["creditors"] if c["succeeds"] == widow["id"]]
    assert [(c["relation"], c["share"]) for c in heirs] == [("heir", "3/14"), ("heir", "3/14")]
    # her figures are the sums of theirs, and the award's the sums of its named creditors'
    for figure in ("principal", "interest", "outstanding"):
        assert widow[figure] == sum(c[figure] for c in heirs)
        named = [c for c in award["creditors"] if c["succeeds"] is None]
        assert award["owed"][figure] == sum(c[figure] for c in named)
    # and the holders are her children, 1/2 each (their own 2/7 and her 3/14), adding up to the award
    succession = award["succession"]
    assert [holder["share"] for holder in succession["holders"]] == ["1/2", "1/2"]
    assert succession["differs_from_judgment"] is False  # the family record says the same
    children = {c["person"]["id"] for c in award["creditors"] if c["relation"] == "child"}
    assert {holder["person"]["id"] for holder in succession["holders"]} == children
    assert sum(holder["amount"] for holder in succession["holders"]) == award["owed"]["outstanding"]
    for holder in succession["holders"]:
        mine = [c for c in award["creditors"] if c["person"]["id"] == holder["person"]["id"]]
        assert holder["amount"] == sum(c["outstanding"] for c in mine)
    assert all(len(holder["paths"]) == 2 for holder in succession["holders"])  # their own, and via her


@pytest.mark.parametrize("on", ["2018-13-01", "2018-02-30", "1 Nov 2018", "2018-11-01T00:00", "1541030400"])
def test_a_bad_date_is_422_naming_on(bearer, nippon_steel_awards, on):
    # when
    response = bearer.get(f"/api/awards/{nippon_steel_awards[0].pk}", {"on": on})

    # then
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "field": "on",
        "detail": "must be a date written YYYY-MM-DD",
    }


def test_an_unknown_rounding_is_422_naming_rounding(bearer, nippon_steel_awards):
    # when
    response = bearer.get(f"/api/awards/{nippon_steel_awards[0].pk}", {"rounding": "ceiling"})

    # then
    assert response.status_code == 422
    assert response.json()["field"] == "rounding"


def test_an_unknown_award_is_404(bearer, demo):
    assert bearer.get("/api/awards/999999").status_code == 404
    assert bearer.get("/api/awards/abc").json()["field"] == "award_id"


def test_defendant_totals_count_each_award_for_each_of_its_defendants(bearer, demo):
    # when
    totals = bearer.get("/api/defendants/totals", {"on": "2018-11-01"}).json()

    # then
    assert totals["on"] == "2018-11-01"
    nippon_steel = next(row for row in totals["defendants"] if row["defendant"]["key"] == "nippon-steel")
    assert (nippon_steel["cases"], nippon_steel["awards"]) == (1, 4)
    # the sums of the creditors' parts, each on its principal floored as the judgment states it
    assert nippon_steel["principal"] == 399_999_996
    assert nippon_steel["interest"] == 107_452_054 + 107_452_051 + 2 * 107_452_053
    assert nippon_steel["total"] == nippon_steel["principal"] + nippon_steel["interest"]


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
