from django.urls import path

from amends.letters import views

app_name = "letters"
urlpatterns = [
    path("claims/<int:claim_pk>/send/", views.letter_send, name="send"),
    path("<int:letter_pk>.pdf", views.letter_download, name="download"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<str:kind>/<str:language>/", views.template_edit, name="template_edit"),
]
