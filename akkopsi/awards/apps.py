from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "akkopsi.awards"
    # Also the navigation label (core reads it, so core carries no awards msgid).
    verbose_name = _("Sanipura Award")
