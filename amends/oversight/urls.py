from django.urls import path

from amends.oversight import views

app_name = "oversight"
urlpatterns = [
    path("claims/dashboard/", views.dashboard, name="dashboard"),
    path("fund/forecast/", views.forecast, name="forecast"),
    path("fund/pending-suits/new/", views.pending_suit_create, name="pending_suit_create"),
    path("fund/reports/", views.reports, name="reports"),
    path("fund/reports/<slug:slug>/", views.report, name="report"),
]
