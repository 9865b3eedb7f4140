from django.urls import path

from amends.registry import views

app_name = "registry"
urlpatterns = [
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/death/", views.person_record_death, name="person_record_death"),
    path("<int:pk>/renunciation/", views.person_record_renunciation, name="person_record_renunciation"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]
