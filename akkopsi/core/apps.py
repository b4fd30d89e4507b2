from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "akkopsi.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from akkopsi.core import versions

        # every connection notes the writes that raise the data versions (ADR 55)
        connection_created.connect(versions.install)
        # writes made in autocommit raise them at the latest when the request ends
        request_finished.connect(versions.flush_all)
        from django_tasks.signals import task_finished

        task_finished.connect(versions.flush_all)
