"""Today, in the foundation's time zone: the default evaluation date of every amount."""

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in the foundation's time zone (``TIME_ZONE``)."""
    return timezone.localdate()
