"""Who may use the API: an active staff member, whichever way they authenticate.

Staff are users marked ``is_staff`` or holding any group (the roles: caseworker, legal reviewer,
finance officer, auditor …). What each role may change is checked by the services that change it,
as on the pages; a few reads are narrowed to the roles whose pages show them (application files).
"""

from django.contrib.auth.base_user import AbstractBaseUser as User


def may_use_api(user: User) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_staff) or user.groups.exists()
