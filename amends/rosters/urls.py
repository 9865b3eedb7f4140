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
    path("pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/decide/", views.pair_decide, name="pair_decide"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
]
