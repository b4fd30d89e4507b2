from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "akkopsi.bulletin"
    # The bulletin's name is its title; core's navigation reads it from here.
    verbose_name = "Akkopsinergi"
