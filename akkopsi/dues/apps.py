from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "akkopsi.dues"
    # Also the navigation label (core reads it, so core carries no dues msgid).
    verbose_name = _("Dues")

    def ready(self) -> None:
        from akkopsi.dues.notices import register_attachments

        register_attachments()
