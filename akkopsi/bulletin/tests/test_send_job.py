"""Sending an edition to its subscribers is a job: one e-mail an item, never twice (ADR 0054)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from akkopsi.bulletin.models import Delivery, Edition, Subscriber
from akkopsi.core.tests.confirming import confirm
from akkopsi.jobs.models import Job, State

pytestmark = pytest.mark.django_db


def test_confirmed_sending_is_a_job_that_e_mails_each_subscriber_once(
    client: Any, users: dict[str, Any], published: Edition
) -> None:
    for email in ("a@contoh.id", "b@contoh.id", "c@contoh.id"):
        Subscriber.objects.create(email=email, confirmed_at=timezone.now())
    client.force_login(users["secretariat"])
    url = reverse("bulletin:edition_send", args=[2])
    response = confirm(client, url)
    job = Job.objects.get()
    assert response["Location"] == f"/tugas/{job.pk}/"
    assert (job.kind, job.state, job.done, job.total) == ("bulletin.send", State.SUCCEEDED, 3, 3)
    assert job.started_by == users["secretariat"] and job.result_url == "/akkopsinergi/2/"
    assert len(mail.outbox) == 3 and Delivery.objects.filter(status="sent").count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Kirim buletin ke pelanggannya" in page
    confirm(client, url)  # again: nobody left to send to
    assert Job.objects.order_by("-pk")[0].total == 0 and len(mail.outbox) == 3


@pytest.mark.parametrize("who", ["bontang", "treasurer", "jury"])
def test_only_editors_send(
    client: Any, users: dict[str, Any], published: Edition, who: str
) -> None:
    client.force_login(users[who])
    response = client.post(reverse("bulletin:edition_send", args=[2]), {"token": "x"})
    assert response.status_code == 403 and not Job.objects.exists() and not mail.outbox
