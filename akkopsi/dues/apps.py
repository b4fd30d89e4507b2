from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "akkopsi.dues"
    # Also the navigation label (core reads it, so core carries no dues msgid).
    verbose_name = _("Dues")
