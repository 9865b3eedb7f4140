from django.urls import path

from amends.judgments import views

app_name = "judgments"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<str:number>/", views.case_detail, name="case_detail"),
]
