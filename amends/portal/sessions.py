"""Django's database sessions (``SESSION_ENGINE = "amends.portal.sessions"``), which also remember
when the stored session expires, read with it (no query more).

The portal's access lapses after idle minutes: each page moves the expiry on by saving the session.
Knowing the stored expiry, a page saves it only when it has not been moved on for a while
(:data:`amends.portal.views.SESSION_REFRESH_SECONDS`), instead of writing (BEGIN … COMMIT) on every
request. Every other use of sessions is Django's own.

The session is read on every request that carries its cookie (every portal page, every staff page),
by a query compiled once (:class:`~amends.core.prepared.PreparedQuery`): Django's own ``get()`` built
and compiled it each time, which took longer than SQLite took to answer. It reads the row by its key,
as Django does, and treats a row whose expiry has passed as no session, as Django's
``expire_date__gt=now`` does.
"""

from datetime import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import router
from django.utils import timezone

from amends.core.prepared import PreparedQuery

_SESSION = PreparedQuery(
    lambda key: (
        DatabaseStore.get_model_class()
        .objects.filter(session_key=key)
        .values_list("session_data", "expire_date")
    ),
    placeholder="amends-prepared-session-key",
)


class _Stored:
    """The stored session as :meth:`DatabaseStore.load` reads it."""

    __slots__ = ("expire_date", "session_data")

    def __init__(self, session_data: str, expire_date: datetime):
        self.session_data, self.expire_date = session_data, expire_date


class SessionStore(DatabaseStore):
    # When the session as stored expires; None until it is read (or if there is none stored).
    stored_expiry: datetime | None = None

    def _get_session_from_db(self):
        stored = None
        if self.session_key:  # a key Django found valid (else None: no query)
            found = _SESSION.rows(self.session_key, using=router.db_for_read(self.model))
            if found and found[0][1] > timezone.now():
                stored = _Stored(*found[0])
        if stored is None:
            self._session_key = None
        self.stored_expiry = stored.expire_date if stored is not None else None
        return stored
