from django.urls import path

from amends.payments import views

app_name = "payments"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "awards/<int:award_pk>/external-payment/",
        views.external_payment_create,
        name="external_payment_create",
    ),
    path("<int:creditor_pk>/", views.claim_detail, name="claim_detail"),
    path("<int:creditor_pk>/open/", views.claim_open, name="claim_open"),
    path("<int:creditor_pk>/record/", views.claim_record, name="claim_record"),
]
