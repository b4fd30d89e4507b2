from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "akkopsi.coordination"
    verbose_name = _("Coordination")
    # Navigation labels (core reads them, so core carries no coordination msgid).
    meetings_label = _("Meetings")
    summit_label = "City Sanitation Summit"
