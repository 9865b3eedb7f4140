from django.apps import AppConfig


class JudgmentsConfig(AppConfig):
    name = "amends.judgments"
    label = "judgments"
    verbose_name = "Judgments"
