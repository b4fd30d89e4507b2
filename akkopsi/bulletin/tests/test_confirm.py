"""Publishing an edition and sending it to subscribers are asked for first: the page says
what will happen and to how many, GET does nothing, a stale confirmation is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from akkopsi.bulletin import services
from akkopsi.bulletin.models import Delivery, Edition, Subscriber
from akkopsi.bulletin.tests.conftest import make_edition
from akkopsi.core.tests.confirming import confirm


def _subscribers(*emails: str, confirmed: bool = True) -> None:
    for email in emails:
        Subscriber.objects.create(email=email, confirmed_at=timezone.now() if confirmed else None)


def test_sending_says_to_how_many_and_refuses_a_stale_confirmation(
    client: Any, users: dict[str, Any], published: Edition
) -> None:
    _subscribers("a@contoh.id", "b@contoh.id", "c@contoh.id")
    _subscribers("belum@contoh.id", confirmed=False)
    client.force_login(users["secretariat"])
    url = reverse("bulletin:edition_send", args=[2])
    page = client.get(url)
    assert "Akkopsinergi No. 2 akan dikirim ke 3 pelanggan." in page.content.decode()
    assert not mail.outbox and not Delivery.objects.exists()  # GET sends nothing
    _subscribers("baru@contoh.id")  # a subscriber confirms meanwhile
    stale = client.post(url, {"token": page.context["plan"].token})
    assert stale.status_code == 409 and not mail.outbox
    assert "akan dikirim ke 4 pelanggan" in stale.content.decode()
    assert confirm(client, url).status_code == 302
    assert len(mail.outbox) == 4
    again = client.get(url).content.decode()  # everyone has it: nothing to send
    assert "dikirim ke 0 pelanggan" in again and "dilewati: 4" in again
    assert 'id="nothing-to-do"' in again


def test_publishing_says_what_becomes_public(client: Any, users: dict[str, Any]) -> None:
    edition = make_edition(9, title="Rakor")
    services.submit_for_review(edition, by=users["secretariat"])
    client.force_login(users["secretariat"])
    url = reverse("bulletin:edition_publish", args=[9])
    page = client.get(url)
    body = page.content.decode()
    assert "Akkopsinergi No. 9 menjadi publik: 1 artikel, 1 bagian data." in body
    assert "25 Mei 2015" in body
    edition.refresh_from_db()
    assert edition.status == "review"
    token = page.context["plan"].token
    services.return_to_draft(edition, by=users["secretariat"])  # an editor took it back
    assert client.post(url, {"token": token}).status_code == 409
    edition.refresh_from_db()
    assert edition.status == "draft"
    services.submit_for_review(edition, by=users["secretariat"])
    assert confirm(client, url).status_code == 302
    edition.refresh_from_db()
    assert edition.status == "published"


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 403), ("bontang", 403), ("treasurer", 403), ("jury", 403), ("admin", 200)],
)
def test_only_editors_see_the_confirmations(
    client: Any, users: dict[str, Any], published: Edition, who: str | None, status: int
) -> None:
    _subscribers("a@contoh.id")
    if who:
        client.force_login(users[who])
    url = reverse("bulletin:edition_send", args=[2])
    assert client.get(url).status_code == status
    token = services.plan_send(published).token
    assert client.post(url, {"token": token}).status_code in {status, 302}
    assert bool(mail.outbox) == (who == "admin")
