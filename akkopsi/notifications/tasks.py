"""Background tasks of the notifications (django-tasks; the worker is ``db_worker``)."""

from __future__ import annotations

from django_tasks import task

from akkopsi.notifications.delivery import deliver


@task()
def send_delivery(delivery_id: int) -> str:
    return deliver(delivery_id)
