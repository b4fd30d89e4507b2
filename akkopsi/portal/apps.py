from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "akkopsi.portal"
    verbose_name = "Portal"
