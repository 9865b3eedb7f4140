"""Review at national scale (issue 16): the queue filtered and sorted, the least certain (closest to
0.5) first, paged in a fixed number of queries; pairs above a threshold decided in bulk as one audited
rule, each pair still decided again on its own; the lists of flagged applications."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.rosters import selectors, services
from amends.rosters.models import (
    Application,
    BulkDecision,
    CandidatePair,
    EarlierPayment,
    ImportBatch,
    LinkageRun,
    ReviewDecision,
    RosterEntry,
)


def make_run(probabilities, *, sources=("Mitsubishi 1944",)) -> LinkageRun:
    """A finished run with one pair per probability: application A<i> with roster entry R<i>, the
    roster source taking turns among ``sources``."""
    run = LinkageRun.objects.create(threshold=0.1, status=LinkageRun.Status.DONE, progress=100)
    for source in sources:
        ImportBatch.objects.get_or_create(kind="roster", source=source, file_name=f"{source}.csv", rows=1)
    batch = ImportBatch.objects.filter(kind="roster").first()
    for number, probability in enumerate(probabilities):
        entry = RosterEntry.objects.create(
            ref=f"R{number}",
            name_japanese="金田 正雄",
            source_name=sources[number % len(sources)],
            batch=batch,
        )
        application = Application.objects.create(ref=f"A{number}", name_hangul="김정웅", batch=batch)
        CandidatePair.objects.create(
            run=run, application=application, roster_entry=entry, probability=probability, match_weight=1.0
        )
    return run


def refs(pairs) -> list[str]:
    return [pair.application.ref for pair in pairs]


@pytest.fixture
def caseworker(django_user_model):
    from tests.support import grant

    return grant(django_user_model.objects.create_user(username="reviewer1"), "caseworker")


def test_the_least_certain_come_first(db):
    # given pairs scored from nearly certain to a coin toss
    run = make_run([0.99, 0.52, 0.15, 0.45, 0.7, 0.5])
    # when the queue is read
    pairs = selectors.review_queue(run=run)
    # then the closest to 0.5 come first, the surest last
    assert refs(pairs) == ["A5", "A1", "A3", "A4", "A2", "A0"]


def test_the_page_sorts_and_filters_by_probability_source_and_flag(staff_client, db):
    # given pairs of two roster sources, one application flagged as paid before
    run = make_run([0.95, 0.9, 0.6, 0.55, 0.3], sources=("Mitsubishi 1944", "Hokkaido 1943"))
    payments = ImportBatch.objects.create(kind="payments", file_name="p.csv", rows=1)
    paid = EarlierPayment.objects.create(ref="P1", programme="2008 위로금", batch=payments)
    Application.objects.filter(ref="A2").update(earlier_payment=paid, earlier_payment_probability=0.9)
    url = reverse("rosters:review_queue", args=[run.pk])

    def shown(**query) -> list[str]:
        response = staff_client.get(url, query)
        return [pair.application.ref for pair in response.context["page"]]

    # then each order and filter gives the pairs it names
    assert shown() == ["A3", "A2", "A4", "A1", "A0"]
    assert shown(sort="-probability") == ["A0", "A1", "A2", "A3", "A4"]
    assert shown(sort="probability") == ["A4", "A3", "A2", "A1", "A0"]
    assert shown(source="Hokkaido 1943", sort="-probability") == ["A1", "A3"]
    assert shown(low="0.6", high="0.95", sort="-probability") == ["A0", "A1", "A2"]
    assert shown(flag="paid_before") == ["A2"]
    assert shown(flag="unflagged", sort="-probability") == ["A0", "A1", "A3", "A4"]
    # and by decision: one rejected pair leaves the undecided list and is found under its verdict
    pair = CandidatePair.objects.get(application__ref="A4")
    services.review_decide(pair=pair, verdict="reject", by=pair_user())
    assert "A4" not in shown()
    assert shown(decision="reject") == ["A4"]
    assert shown(decision="accept") == []
    page = staff_client.get(url, {"decision": "reject"}).content.decode()
    assert (
        "different people" in page
        and "Hokkaido 1943" not in page.split("review-queue")[1].split("</table>")[0]
    )


def pair_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="caseworker")


def test_the_queue_reads_a_page_in_a_fixed_number_of_queries(staff_client, db):
    # given a small run and a large one, every pair decided once
    counts = []
    for size in (3, 60):
        ReviewDecision.objects.all().delete()
        CandidatePair.objects.all().delete()
        LinkageRun.objects.all().delete()
        Application.objects.all().delete()
        RosterEntry.objects.all().delete()
        run = make_run([0.5 + number / (2 * size + 2) for number in range(size)])
        for pair in run.pairs.all():
            services.review_decide(pair=pair, verdict="accept", by=pair_user())
        # when the page of all pairs is read
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("rosters:review_queue", args=[run.pk]), {"decision": "all"})
        assert response.status_code == 200 and len(response.context["page"]) == min(size, 50)
        counts.append(len(queries))
    # then the number of queries does not grow with the rows
    assert counts[0] == counts[1]


def test_pairs_above_a_threshold_are_decided_in_bulk_and_undone_one_by_one(caseworker, db):
    # given pairs above and below 0.9, one above already decided, and one above of a flagged application
    run = make_run([0.99, 0.95, 0.92, 0.9, 0.89, 0.6, 0.97])
    services.review_decide(
        pair=CandidatePair.objects.get(application__ref="A1"), verdict="reject", by=caseworker
    )
    first = Application.objects.get(ref="A0")
    Application.objects.filter(ref="A6").update(duplicate_of=first, duplicate_probability=0.8)
    events = AuditEvent.objects.count()
    # when the reviewer accepts every pair at or above 0.9
    bulk = services.review_decide_bulk(run=run, verdict="accept", threshold="0.9", note="sure", by=caseworker)
    # then the three undecided, unflagged pairs at or above 0.9 are accepted, as one rule
    assert bulk.pairs == 3
    accepted = ReviewDecision.objects.filter(bulk=bulk)
    assert sorted(accepted.values_list("application_ref", flat=True)) == ["A0", "A2", "A3"]
    assert set(accepted.values_list("verdict", "decided_by__username")) == {("accept", "reviewer1")}
    # audited once, with its rule
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(action="linkage.review_bulk")
    assert event.after == {
        "run": run.pk, "verdict": "accept", "rule": "at_or_above", "threshold": "0.9", "source": "",
        "note": "sure", "pairs": 3,
    }  # fmt: skip
    # the earlier decision and the flagged application's pair are untouched
    assert ReviewDecision.objects.filter(application_ref="A1").get().verdict == "reject"
    assert not ReviewDecision.objects.filter(application_ref="A6").exists()
    # when one of them is decided again on its own
    services.review_decide(
        pair=CandidatePair.objects.get(application__ref="A2"), verdict="reject", by=caseworker
    )
    # then that pair's latest decision counts, the others stay accepted by the rule
    labels = dict(((left, right), same) for left, right, same in services.review_labels())
    assert labels[("A2", "R2")] is False
    assert labels[("A0", "R0")] is True and labels[("A3", "R3")] is True
    assert [pair.verdict for pair in selectors.review_queue(run=run, decision="accept")] == [
        "accept",
        "accept",
    ]


def test_a_bulk_rule_is_refused_when_it_goes_against_the_odds_or_decides_nothing(caseworker, db):
    run = make_run([0.95, 0.3])
    with pytest.raises(ValidationError, match=r"only at or above 0\.5"):
        services.review_decide_bulk(run=run, verdict="accept", threshold="0.4", by=caseworker)
    with pytest.raises(ValidationError, match="decide the unsure ones one by one"):
        services.review_decide_bulk(run=run, verdict="unsure", threshold="0.9", by=caseworker)
    with pytest.raises(ValidationError, match="nothing was decided"):
        services.review_decide_bulk(run=run, verdict="accept", threshold="0.99", by=caseworker)
    assert not BulkDecision.objects.exists() and not ReviewDecision.objects.exists()


def test_the_bulk_form_on_the_page_decides_and_says_how_many(staff_client, db):
    run = make_run([0.99, 0.97, 0.2], sources=("Mitsubishi 1944", "Hokkaido 1943"))
    response = staff_client.post(
        reverse("rosters:review_bulk", args=[run.pk]),
        {"verdict": "accept", "threshold": "0.95", "source": "Mitsubishi 1944"},
        follow=True,
    )
    page = response.content.decode()
    assert "1 pair decided (same person); each can be decided again on its own page." in page
    assert ReviewDecision.objects.get().application_ref == "A0"
    assert "Bulk decision" in page


def test_a_legal_reviewer_may_not_decide_in_bulk(client, django_user_model, db):
    from tests.support import grant

    run = make_run([0.99])
    client.force_login(grant(django_user_model.objects.create_user(username="lr"), "legal_reviewer"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("rosters:review_queue", args=[run.pk])).content.decode()
    assert "bulk-form" not in page
    response = client.post(
        reverse("rosters:review_bulk", args=[run.pk]), {"verdict": "accept", "threshold": "0.9"}
    )
    assert response.status_code == 403 and not ReviewDecision.objects.exists()


def test_lists_of_flagged_duplicates_and_of_applicants_paid_before(staff_client, db):
    # given one application flagged as a duplicate and another as paid before
    batch = ImportBatch.objects.create(kind="applications", file_name="a.csv", rows=3)
    first = Application.objects.create(ref="A1", name_hangul="김정웅", batch=batch)
    Application.objects.create(
        ref="A2", name_hangul="김정웅", batch=batch, duplicate_of=first, duplicate_probability=0.97
    )
    paid = EarlierPayment.objects.create(ref="P1", name_hangul="이수부", programme="2008 위로금", batch=batch)
    Application.objects.create(
        ref="A3", name_hangul="이수부", batch=batch, earlier_payment=paid, earlier_payment_probability=0.91
    )
    # when the lists are opened
    duplicates = staff_client.get(reverse("rosters:flagged_list", args=["duplicates"]))
    paid_before = staff_client.get(reverse("rosters:flagged_list", args=["paid-before"]))
    # then each lists its own, with what it was flagged for
    assert [a.ref for a in duplicates.context["page"]] == ["A2"]
    assert "A1 김정웅" in duplicates.content.decode() and "0.970" in duplicates.content.decode()
    assert [a.ref for a in paid_before.context["page"]] == ["A3"]
    assert "P1 이수부 · 2008 위로금" in paid_before.content.decode()
    assert staff_client.get(reverse("rosters:flagged_list", args=["other"])).status_code == 404
