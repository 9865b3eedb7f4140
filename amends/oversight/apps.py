from django.apps import AppConfig


class OversightConfig(AppConfig):
    """What the executives, auditors and the ministry read: the dashboard, the forecast of what the
    fund will owe, and the finance reports. It reads every floor below and writes nothing but the
    pending suits the forecast estimates (through the fund's service)."""

    name = "amends.oversight"
    label = "oversight"
