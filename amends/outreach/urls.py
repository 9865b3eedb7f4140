from django.urls import path
from django.views.generic import RedirectView

from amends.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="outreach:timeline", permanent=False), name="index"),
    path("timeline/", views.timeline, name="timeline"),
    path("consultations/<int:pk>/", views.event_detail, name="event_detail"),
]
