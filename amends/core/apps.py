from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: the base template and stylesheet, and the project-wide commands."""

    name = "amends.core"
    label = "core"
