from django.urls import path

from amends.fund import views

app_name = "fund"
urlpatterns = [
    path("", views.donors, name="donors"),
    path("donors/new/", views.donor_create, name="donor_create"),
    path("contributions/new/", views.contribution_create, name="contribution_create"),
    path("contributions/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("ledger/", views.ledger, name="ledger"),
]
