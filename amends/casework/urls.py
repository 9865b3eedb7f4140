"""The caseworkers' pages, by the part of the site they are under: ``/cases/``, ``/people/``,
``/claims/``, and ``/search/`` (the header's search box)."""

from django.urls import path

from amends.casework import applications, cases, claims, corrections, people, search

cases_urls = (
    [
        path("", cases.case_list, name="case_list"),
        # Corrections of awards, four eyes (issue 15): before "<str:number>/", which would take them.
        path("corrections/", corrections.pending, name="corrections_pending"),
        path("awards/<int:award_pk>/corrections/", corrections.award_corrections, name="award_corrections"),
        path(
            "awards/<int:award_pk>/corrections/propose/",
            corrections.correction_propose,
            name="correction_propose",
        ),
        path("corrections/<int:pk>/decide/", corrections.correction_decide, name="correction_decide"),
        path("awards/<int:award_pk>/", cases.award_detail, name="award_detail"),
        path("<str:number>/", cases.case_detail, name="case_detail"),
    ],
    "cases",
)
people_urls = (
    [
        path("<int:pk>/", people.person_detail, name="person_detail"),
        path("<int:pk>/death/", people.person_record_death, name="person_record_death"),
        path("death-reports/<int:pk>/decide/", people.death_decide, name="death_decide"),
        path("<int:pk>/renunciation/", people.person_record_renunciation, name="person_record_renunciation"),
        path("documents/<int:pk>/", people.document_download, name="document_download"),
    ],
    "people",
)
claims_urls = (
    [
        path(
            "awards/<int:award_pk>/external-payment/",
            claims.external_payment_create,
            name="external_payment_create",
        ),
        path("<int:creditor_pk>/", claims.claim_detail, name="claim_detail"),
        path("<int:creditor_pk>/open/", claims.claim_open, name="claim_open"),
        path("<int:creditor_pk>/record/", claims.claim_record, name="claim_record"),
        path("<int:creditor_pk>/hand-on/", claims.claim_hand_on, name="claim_hand_on"),
    ],
    "claims",
)
search_urls = ([path("", search.search, name="search")], "search")
# Issue 16: the support programme's application files.
applications_urls = (
    [
        path("", applications.file_list, name="file_list"),
        path("<int:pk>/", applications.application_detail, name="application_detail"),
        path("<int:pk>/step/", applications.application_step, name="application_step"),
        path("<int:pk>/letter/", applications.application_letter, name="application_letter"),
    ],
    "applications",
)
