from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The caseworkers' pages: cases and their awards with what each holder is owed, a person with
    their family and the facts that move a claim, and a creditor's claim file with its letters.

    Each of these pages shows several floors at once (judgments, the registry, what is owed, the
    letters sent), so they live above all of them; the apps below hold the data, the rules and the
    writes, and no page."""

    name = "amends.casework"
    label = "casework"
