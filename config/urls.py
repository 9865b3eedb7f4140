from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="judgments:case_list", permanent=False)),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("amends.api.urls")),
    path("cases/", include("amends.judgments.urls")),
    path("people/", include("amends.registry.urls")),
    path("claims/", include("amends.payments.urls")),
    path("fund/", include("amends.fund.urls")),
    path("rosters/", include("amends.rosters.urls")),
    path("outreach/", include("amends.outreach.urls")),
    path("letters/", include("amends.letters.urls")),
    path("portal/", include("amends.portal.urls")),
]
