from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "amends.registry"
    label = "registry"
    verbose_name = "Registry"
