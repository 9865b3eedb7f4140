"""The OpenAPI document and the docs page: public, and served without anything from outside."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/cases",
    "/api/cases/{number}",
    "/api/awards/{award_id}",
    "/api/defendants/totals",
    "/api/people/{person_id}",
    "/api/calc/interest",
    "/api/calc/shares",
    "/api/creditors/{creditor_id}/claim",
    "/api/creditors/{creditor_id}/claim/open",
    "/api/creditors/{creditor_id}/claim/events",
    "/api/creditors/{creditor_id}/claim/proposals",
    "/api/creditors/{creditor_id}/claim/proposals/approve",
    "/api/creditors/{creditor_id}/claim/proposals/confirm",
    "/api/lifecycle",
    "/api/audit/verify",
    "/api/timeline",
    "/api/consultations/{event_id}",
    "/api/payees/{creditor_id}/bank-account",
    "/api/batches",
    "/api/batches/{batch_id}",
    "/api/batches/{batch_id}/pain001",
    "/api/batches/{batch_id}/csv",
    "/api/statements",
    "/api/statements/{statement_id}",
    "/api/applications/files",
    "/api/applications/{application_id}/file",
    "/api/applications/{application_id}/file/steps",
    "/api/applications/lifecycle",
}


def test_the_openapi_document_is_served_and_lists_the_paths(anonymous):
    # when
    response = anonymous.get("/api/openapi.json")

    # then
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "amends"
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) == PATHS
    assert set(document["components"]["securitySchemes"]) == {"BearerToken", "StaffSession"}
    assert "post" in document["paths"]["/api/calc/interest"]


def test_the_docs_page_uses_the_swagger_ui_served_here(anonymous):
    # when
    page = anonymous.get("/api/docs").content.decode()
    asset = anonymous.get("/api/docs/assets/swagger-ui-bundle.js")

    # then
    assert "/api/openapi.json" in page
    assert "/api/docs/assets/swagger-ui-bundle.js" in page
    assert "https://" not in page and "cdn" not in page.lower()
    assert asset.status_code == 200
    assert anonymous.get("/api/docs/assets/settings.py").status_code == 404
