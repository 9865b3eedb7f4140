"""Family trees: who holds each award by succession, and what recording a death or renunciation changes."""

from datetime import date
from fractions import Fraction
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from amends.judgments.models import Award
from amends.payments.owed import award_holders, award_owed, awards, succession_changes
from amends.registry import services
from amends.registry.models import Marriage, ParentChild, Person, Renunciation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def award_of(number: str, *, creditors: int, principal: int | None = None) -> Award:
    found = awards().filter(case__number=number)
    if principal is not None:
        found = found.filter(principal=principal)
    return next(a for a in found if a.creditors.filter(succeeds__isnull=True).count() == creditors)


def test_an_heir_who_died_after_the_judgment_passes_their_share_on(demo):
    # given the Nippon Steel victim who left a widow (3/7) and two children (2/7 each); the widow died
    # in 2021, after the judgment
    award = award_of("2013다61381", creditors=3)
    widow = award.creditors.get(relation="spouse").person
    assert widow.death_date == date(2021, 3, 14)

    # when the holders are computed today (explained in English)
    with override("en"):
        holders = award_holders(award=award, on=TODAY, with_tree=False)

    # then each child holds 2/7 + 1/2 of 3/7 = 1/2, by two paths: their own part, and their half of
    # their mother's, which passed to them when her death was recorded
    assert [h.share for h in holders.holders] == [Fraction(1, 2), Fraction(1, 2)]
    assert sum(h.amount for h in holders.holders) == holders.outstanding
    child, mother = holders.holders[0].person, widow.name_hangul
    owed = award_owed(award=award, on=TODAY)
    assert holders.holders[0].amount == sum(
        r.outstanding for r in owed.holding() if r.creditor.person == child
    )
    assert holders.holders[0].paths == [
        f"{mother} († 2021-03-14) → {child.name_hangul} (3/14)",
        "named by the judgment (2/7)",
    ]
    # and the family record says the same: nothing differs
    assert not holders.differs_from_judgment
    assert holders.estate.era == "1991"


def test_before_the_widow_died_the_holders_were_the_judgments_creditors(demo):
    award = award_of("2013다61381", creditors=3)
    holders = award_holders(award=award, on=date(2018, 11, 1), with_tree=False)
    assert [h.share for h in holders.holders] == [Fraction(3, 7), Fraction(2, 7), Fraction(2, 7)]
    # each as the creditors' table has them: principal floored, delay damages on it
    assert [h.amount for h in holders.holders] == [88_908_021, 59_272_014, 59_272_014]
    assert sum(h.amount for h in holders.holders) == holders.outstanding
    assert not holders.differs_from_judgment


def test_a_living_victim_holds_the_award_alone(demo):
    award = award_of("2013다61381", creditors=1)
    holders = award_holders(award=award, on=date(2018, 11, 1), with_tree=False)
    assert [(h.person, h.share, h.amount) for h in holders.holders] == [
        (award.victim, Fraction(1), 207_452_054)
    ]


def test_the_nagoya_plaintiff_who_sued_for_two_relatives(demo):
    award = awards().get(principal=102_083_333)
    holders = award_holders(award=award, on=TODAY)
    husband = award.creditors.get().person
    assert [(h.person, h.share) for h in holders.holders] == [(husband, Fraction(1))]
    # his sister, the other relative he sued for, stands in the family tree beside him
    sister = next(
        p
        for p in holders.estate.family.people.values()
        if p.awards.count() == 0 and p.pk != husband.pk and p.death_date == date(2004, 11, 2)
    )
    assert sister.name_hangul in holders.tree_svg
    assert husband.name_hangul in holders.tree_svg


def test_recording_an_heirs_death_shows_who_gains_and_who_loses_before_anything_is_written(demo):
    # given a Hiroshima victim's living child, whose mother is alive
    award = award_of("2013다67587", creditors=5)
    child = award.creditors.filter(relation="child").first().person
    mother = award.creditors.get(relation="spouse").person
    holders = award_holders(award=award, on=TODAY, with_tree=False)
    before = {h.person.pk: h.amount for h in holders.holders}
    assert [h.share for h in holders.holders if h.person.pk in (mother.pk, child.pk)] == [
        Fraction(3, 11),
        Fraction(2, 11),
    ]

    # when the child's death is previewed
    (change,) = succession_changes(person=child, on=TODAY, died_on=date(2025, 1, 5))

    # then the child loses their whole amount and their mother, their sole heir, takes their part whole
    assert change.award == award
    rows = {row.person.pk: (row.before, row.after) for row in change.changes}
    assert rows == {
        child.pk: (before[child.pk], 0),
        mother.pk: (before[mother.pk], before[mother.pk] + before[child.pk]),
    }
    # and nothing was written
    child.refresh_from_db()
    assert child.death_date is None


def test_a_renunciation_preview_spreads_the_renouncers_share_over_the_others(demo):
    # given the widow's two children, who took her 3/7 in halves when she died in 2021
    award = award_of("2013다61381", creditors=3)
    widow = award.creditors.get(relation="spouse", succeeds__isnull=True)
    renouncer, sibling = (heir.person for heir in widow.successors.order_by("pk"))
    owed = award_owed(award=award, on=TODAY)
    part = {row.creditor.person.pk: row.outstanding for row in owed.of(widow).heirs}
    # when one child's renunciation of her estate is previewed
    (change,) = succession_changes(person=renouncer, on=TODAY, renounces=widow.person)
    # then the renouncer loses their part of hers, and the other child takes her part whole
    rows = {row.person.pk: row.difference for row in change.changes}
    assert rows[renouncer.pk] == -part[renouncer.pk]
    assert rows[sibling.pk] == owed.of(widow).outstanding - part[sibling.pk] + (sum(rows.values()))
    assert sum(rows.values()) in (0, 1)  # her part as one debt may floor a won less than as two
    assert set(rows) == {renouncer.pk, sibling.pk}


@override("en")
def test_services_refuse_impossible_family_facts(demo):
    award = award_of("2013다61381", creditors=3)
    victim = award.victim
    child = award.creditors.filter(relation="child").first().person
    with pytest.raises(ValidationError, match="already recorded"):
        services.person_record_death(by=None, person=victim, died_on=date(2015, 1, 1))
    with pytest.raises(ValidationError, match="in the future"):
        services.person_record_death(by=None, person=child, died_on=date(2999, 1, 1))
    with pytest.raises(ValidationError, match="before the date of birth"):
        services.person_record_death(by=None, person=child, died_on=date(1900, 1, 1))
    with pytest.raises(ValidationError, match="cycle"):
        services.parent_child_link(by=None, parent=child, child=victim)
    with pytest.raises(ValidationError, match="married to someone else"):
        services.marriage_record(by=None, spouse_a=victim, spouse_b=child, started_on=date(1960, 1, 1))
    with pytest.raises(ValidationError, match="no estate to renounce"):
        services.renunciation_record(by=None, person=victim, estate_of=child, accepted_on=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="before the death"):
        services.renunciation_record(by=None, person=child, estate_of=victim, accepted_on=date(2010, 1, 1))
    assert not Renunciation.objects.exists()


def confirm_reported_death(person):
    """A legal reviewer, not the caseworker who reported it, confirms the death reported on the page."""
    from django.contrib.auth import get_user_model

    from amends.payments.corrections import death_confirm
    from amends.registry.models import DeathReport
    from tests.support import grant

    reviewer = grant(get_user_model().objects.create_user(username="reviewer"), "legal_reviewer")
    death_confirm(by=reviewer, report=DeathReport.objects.get(person=person, status="proposed"))


def test_person_page_previews_then_records_a_death(staff_client, demo):
    award = award_of("2013다67587", creditors=5)
    child = award.creditors.filter(relation="child").first().person
    url = reverse("people:person_record_death", args=[child.pk])

    preview = staff_client.post(url, {"died_on": "2025-01-05", "action": "preview"})

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "What recording this death changes" in html
    assert html.count('data-testid="change"') == 2
    child.refresh_from_db()
    assert child.death_date is None

    confirmed = staff_client.post(url, {"died_on": "2025-01-05", "action": "confirm"})

    # reported by the caseworker; recorded once a legal reviewer confirms it (four eyes)
    assert confirmed.status_code == 302
    child.refresh_from_db()
    assert child.death_date is None
    confirm_reported_death(child)
    child.refresh_from_db()
    assert child.death_date == date(2025, 1, 5)
    page = staff_client.get(reverse("people:person_detail", args=[child.pk]))
    assert "The death of" in page.content.decode()


def test_person_page_refuses_a_bad_date_and_writes_nothing(staff_client, demo):
    child = award_of("2013다67587", creditors=5).creditors.filter(relation="child").first().person
    response = staff_client.post(
        reverse("people:person_record_death", args=[child.pk]),
        {"died_on": "2999-01-01", "action": "confirm"},
    )
    assert response.status_code == 200
    assert "The date of death is in the future." in response.content.decode()
    assert Person.objects.get(pk=child.pk).death_date is None


def test_case_page_shows_the_tree_and_the_holders(staff_client, demo):
    award = award_of("2013다61381", creditors=3)
    response = staff_client.get(reverse("cases:case_detail", args=["2013다61381"]))
    html = response.content.decode()
    assert html.count("<svg") >= 3  # the deceased victims' family trees
    assert f'id="person{award.victim.pk}"' in html
    # the widow who died in 2021 shows with her part passed to her two children
    assert "passed to the heirs below" in html
    assert "Differs from the family record" not in html
    # the living victim holds his award himself: no succession section; the others: 2, 3 and 4 holders
    assert html.count('data-testid="holder"') == 2 + 3 + 4


def test_a_death_recorded_with_its_certificate_keeps_the_document(staff_client, demo, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    child = award_of("2013다67587", creditors=5).creditors.filter(relation="child").first().person
    certificate = SimpleUploadedFile(
        "basic.pdf", b"%PDF-1.4 basic certificate", content_type="application/pdf"
    )

    response = staff_client.post(
        reverse("people:person_record_death", args=[child.pk]),
        {
            "died_on": "2025-01-05",
            "action": "confirm",
            "document_kind": "basic",
            "document_issued_on": "2025-01-20",
            "document_file": certificate,
        },
    )

    assert response.status_code == 302
    confirm_reported_death(child)
    child.refresh_from_db()
    assert child.death_document.kind == "basic"
    page = staff_client.get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert "basic certificate (기본증명서) (2025-01-20)" in page
    download = staff_client.get(reverse("people:document_download", args=[child.death_document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 basic certificate"


def test_a_file_without_its_kind_and_date_is_refused(staff_client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    child = award_of("2013다67587", creditors=5).creditors.filter(relation="child").first().person
    response = staff_client.post(
        reverse("people:person_record_death", args=[child.pk]),
        {"died_on": "2025-01-05", "action": "confirm", "document_file": SimpleUploadedFile("x.pdf", b"x")},
    )
    assert response.status_code == 200
    assert "Give the document" in unescape(response.content.decode())
    assert Person.objects.get(pk=child.pk).death_date is None


@override("en")
def test_admin_checks_family_links_as_the_services_do(demo):
    award = award_of("2013다61381", creditors=3)
    child = award.creditors.filter(relation="child").first().person
    with pytest.raises(ValidationError, match="cycle"):
        ParentChild(parent=child, child=award.victim).full_clean()
    with pytest.raises(ValidationError, match="married to someone else"):
        Marriage(spouse_a=award.victim, spouse_b=child, started_on=date(1960, 1, 1)).full_clean()


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
