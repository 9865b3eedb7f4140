"""Django's database sessions (``SESSION_ENGINE = "amends.portal.sessions"``), which also remember
when the stored session expires, read with it (no query more).

The portal's access lapses after idle minutes: each page moves the expiry on by saving the session.
Knowing the stored expiry, a page saves it only when it has not been moved on for a while
(:data:`amends.portal.views.SESSION_REFRESH_SECONDS`), instead of writing (BEGIN … COMMIT) on every
request. Every other use of sessions is Django's own.
"""

from datetime import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore


class SessionStore(DatabaseStore):
    # When the session as stored expires; None until it is read (or if there is none stored).
    stored_expiry: datetime | None = None

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self.stored_expiry = stored.expire_date if stored is not None else None
        return stored
