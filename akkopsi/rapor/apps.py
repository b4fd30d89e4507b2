from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RaporConfig(AppConfig):
    name = "akkopsi.rapor"
    verbose_name = _("Rapor Sanitasi")
    # Navigation label of the national league table (core reads it from here).
    league_label = _("League table")
