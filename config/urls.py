from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from amends.casework.urls import applications_urls, cases_urls, claims_urls, people_urls, search_urls
from amends.core import signin
from amends.portal.urls import code_urls

urlpatterns = [
    # The families' portal first: its pages are the most requested, and Django tries the patterns in
    # order (no other pattern begins with portal/, so the order changes nothing else).
    path("portal/", include("amends.portal.urls")),
    path("", RedirectView.as_view(pattern_name="cases:case_list", permanent=False)),
    # Staff sign-in: the password, then the authenticator app's code (amends.core.signin). The admin's
    # own login form would skip the second step: it sends staff here instead.
    path("login/", signin.PasswordStep.as_view(), name="login"),
    path("login/code/", signin.code_step, name="login_code"),
    path("login/enrol/", signin.enrol_step, name="login_enrol"),
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("amends.api.urls")),
    path("cases/", include(cases_urls)),
    path("people/", include(people_urls)),
    # The search box in every staff page's header: people, claims and cases (issue 17).
    path("search/", include(search_urls)),
    # Oversight's pages keep their addresses under /claims/ and /fund/: tried first.
    path("", include("amends.oversight.urls")),
    path("claims/", include(claims_urls)),
    path("applications/", include(applications_urls)),  # issue 16: programme application files
    path("fund/", include("amends.fund.urls")),
    path("fund/", include("amends.banking.urls")),
    path("rosters/", include("amends.rosters.urls")),
    path("outreach/", include("amends.outreach.urls")),
    path("letters/", include("amends.letters.urls")),
    path("letters/", include(code_urls)),
]

# The error pages: the staff pages' look and navigation, the portal's own under /portal/, and a 500
# that reads nothing from the database (amends.core.web).
handler403 = "amends.core.web.permission_denied"
handler404 = "amends.core.web.page_not_found"
handler500 = "amends.core.web.server_error"
