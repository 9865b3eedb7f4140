from django.urls import path

from amends.fund import views

app_name = "fund"
urlpatterns = [
    path("", views.donors, name="donors"),
    path("donors/new/", views.donor_create, name="donor_create"),
    path("contributions/new/", views.contribution_create, name="contribution_create"),
    path("contributions/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("ledger/", views.ledger, name="ledger"),
    path("batches/", views.batches, name="batches"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/download.<str:format>", views.batch_download, name="batch_download"),
    path("statements/upload/", views.statement_upload, name="statement_upload"),
    path("payees/<int:creditor_pk>/", views.payee_account, name="payee_account"),
    path("forecast/", views.forecast, name="forecast"),
    path("pending-suits/new/", views.pending_suit_create, name="pending_suit_create"),
    path("reports/", views.reports, name="reports"),
    path("reports/<slug:slug>/", views.report, name="report"),
]
