from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "akkopsi.demo"
    verbose_name = "Demo data"
