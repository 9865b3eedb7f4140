"""What every staff page's template is given: the navigation the signed-in user may follow, and the
roles they hold (for the forms a page shows only to who may submit them). Registered in
``TEMPLATES`` (config/settings.py).

Nothing here is read until a template asks for it: the families' portal, rendered with the same
context processors, reads no roles.
"""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy

from amends.core.web import may_open, user_roles

# The staff pages' main navigation, in the order shown: the URL name of each part's first page and
# its label. Who may open each is not written here but asked of the page's own gate (may_open), so a
# link is shown exactly when following it would not answer 403.
NAVIGATION = (
    ("cases:case_list", gettext_lazy("Cases")),
    ("oversight:dashboard", gettext_lazy("Dashboard")),
    ("fund:donors", gettext_lazy("Fund")),
    ("rosters:run_list", gettext_lazy("Record linkage")),
    ("applications:file_list", gettext_lazy("Applications")),
    ("outreach:timeline", gettext_lazy("Consultations")),
    ("admin:index", gettext_lazy("Admin")),
)


def navigation(request) -> dict:
    def links() -> list[dict]:
        return [
            {"url": reverse(name), "label": label, "name": name}
            for name, label in NAVIGATION
            if may_open(request, name)
        ]

    return {
        "nav_links": SimpleLazyObject(links),
        "user_roles": SimpleLazyObject(lambda: user_roles(request)),
    }
