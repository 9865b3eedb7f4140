from django.apps import AppConfig


class BankingConfig(AppConfig):
    """Payees' bank accounts, payment batches to the bank (pain.001) and the bank's statements back
    (camt.053, CSV), matched to the payments they confirm."""

    name = "amends.banking"
    label = "banking"
