from django.urls import path

from amends.rosters import views

app_name = "rosters"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("runs/start/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/review/", views.review_queue, name="review_queue"),
    path("runs/<int:pk>/review/bulk/", views.review_bulk, name="review_bulk"),
    path("flagged/<slug:kind>/", views.flagged_list, name="flagged_list"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/decide/", views.pair_decide, name="pair_decide"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
]
