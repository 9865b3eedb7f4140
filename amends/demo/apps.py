from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration: public facts shipped as data (``data/``), synthetic people, and the
    ``amends demo`` command. The top floor: it loads every app's part through that app's services,
    and no app imports it."""

    name = "amends.demo"
    label = "demo"
