from django.urls import path

from amends.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("status/", views.status, name="status"),
    path("letters/<int:letter_pk>/", views.letter_download, name="letter_download"),
    path("leave/", views.leave, name="leave"),
]

# Staff, signed in: a new code for a claim and its letter (under /letters/, where staff write letters).
code_urls = (
    [path("claims/<int:claim_pk>/portal-code/", views.portal_code_issue, name="issue")],
    "portal_code",
)
