"""The kind ``command``: a scheduled management command run by a task worker (ADR 0054).

Cron (or a systemd timer) runs ``akkopsi enqueue <command>`` instead of the command itself:
the command becomes a low-priority job that any worker runs, with its output and any error on
the job's page (``/tugas/``, seen by the administrators and the secretariat). An administrator
can also start one from "my jobs". Only the commands of ``SCHEDULED`` may run this way.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import role_of
from akkopsi.jobs import kinds
from akkopsi.jobs.models import Job

COMMAND = "command"

#: The commands a scheduler or an administrator may run as a job, with what they do.
SCHEDULED: dict[str, Any] = {
    "backup": gettext_lazy("Back up the database and the uploaded files"),
    "remind_reporting": gettext_lazy("Remind members whose yearly data is due"),
    "remind_actions": gettext_lazy("Remind owners of overdue action items"),
    "dues_remind": gettext_lazy("Remind members of overdue dues"),
    "expire_uploads": gettext_lazy("Remove unconfirmed uploads and orphaned files"),
}
OUTPUT_LINES = 20


def _permit(by: User | None, params: dict[str, Any]) -> None:
    if params.get("name") not in SCHEDULED:
        raise ValidationError(_("This command cannot run as a job."))
    if by is not None and role_of(by) != Role.ADMIN:
        raise PermissionDenied


def _do(job: Job, name: Any) -> None:
    out = StringIO()
    call_command(name, *job.params.get("args", []), stdout=out, stderr=out)
    lines = out.getvalue().splitlines()[-OUTPUT_LINES:]
    Job.objects.filter(pk=job.pk).update(notes=lines)


kinds.register(
    kinds.Kind(
        name=COMMAND,
        label=gettext_lazy("Scheduled command"),
        items=lambda job: [job.params["name"]],
        do=_do,
        permit=_permit,
        title=lambda job: str(SCHEDULED.get(job.params.get("name"), job.params.get("name"))),
        part_size=1,
        # a backup reads every table as of one moment, as it does when run from cron
        snapshot=lambda job: job.params.get("name") == "backup",
    )
)
