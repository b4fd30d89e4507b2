"""Subscription by e-mail with double opt-in, unsubscribe links, and sending with a log."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from akkopsi.bulletin import services
from akkopsi.bulletin.models import Delivery, Edition, Subscriber
from akkopsi.core.tests.confirming import confirm

pytestmark = pytest.mark.django_db


def _link(message: Any) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def _subscribe(client: Any, email: str) -> str:
    """Subscribe through the page and confirm through the e-mailed link; return the link."""
    client.post(reverse("bulletin:subscribe"), {"email": email})
    link = _link(mail.outbox[-1])
    client.post(link)
    return link


def test_double_opt_in(client: Any, db: Any) -> None:
    body = client.post(reverse("bulletin:subscribe"), {"email": "Warga@Contoh.id"}).content
    assert "kami telah mengirimkan tautan" in body.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "warga@contoh.id" and not subscriber.is_active
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["warga@contoh.id"]
    client.post(reverse("bulletin:subscribe"), {"email": "warga@contoh.id"})
    assert len(mail.outbox) == 1  # not again within the hour
    link = _link(mail.outbox[0])
    client.get(link)  # a mail scanner opening the link confirms nothing
    assert not Subscriber.objects.get().is_active
    client.post(link)
    assert Subscriber.objects.get().is_active


def test_bad_or_forged_tokens_are_refused(client: Any, db: Any) -> None:
    for name in ["bulletin:confirm", "bulletin:unsubscribe"]:
        body = client.post(reverse(name, args=["palsu:123"])).content.decode()
        assert 'role="alert"' in body
    assert not Subscriber.objects.exists()


def test_invalid_address_is_refused(client: Any, db: Any) -> None:
    body = client.post(reverse("bulletin:subscribe"), {"email": "bukan alamat"}).content.decode()
    assert "alamat email" in body.lower() and not Subscriber.objects.exists()
    assert not mail.outbox


def test_sending_a_published_edition(
    client: Any, users: dict[str, Any], published: Edition, draft: Edition
) -> None:
    _subscribe(client, "satu@contoh.id")
    _subscribe(client, "dua@contoh.id")
    client.post(reverse("bulletin:subscribe"), {"email": "belum@contoh.id"})  # never confirms
    mail.outbox.clear()
    client.force_login(users["secretariat"])
    confirm(client, reverse("bulletin:edition_send", args=[2]))
    assert sorted(m.to[0] for m in mail.outbox) == ["dua@contoh.id", "satu@contoh.id"]
    message = mail.outbox[0]
    assert "Rakor Pokja di Balikpapan" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/akkopsinergi/")
    assert Delivery.objects.filter(edition=published, status="sent").count() == 2
    # Sending again sends nothing twice; a draft is never sent.
    mail.outbox.clear()
    confirm(client, reverse("bulletin:edition_send", args=[2]))
    client.post(reverse("bulletin:edition_send", args=[3]))
    assert not mail.outbox and Delivery.objects.count() == 2
    # Unsubscribing through the link in the e-mail.
    client.logout()
    leave = re.search(r"http://testserver(/akkopsinergi/langganan/berhenti/\S+)", message.body)
    client.post(leave.group(1))
    assert Subscriber.objects.filter(unsubscribed_at__isnull=False).count() == 1


def test_send_command(users: dict[str, Any], published: Edition) -> None:
    subscriber = Subscriber.objects.create(email="tiga@contoh.id")
    services.confirm(
        services.signing.dumps({"email": subscriber.email}, salt=services.CONFIRM_SALT)
    )
    out = StringIO()
    call_command("send_bulletin", "2", "--base-url", "https://akkopsi.contoh.id", stdout=out)
    assert "Terkirim 1" in out.getvalue()
    assert "https://akkopsi.contoh.id/akkopsinergi/2/" in mail.outbox[0].body
