"""The inbox: own notifications only, unread badge in one query, marking read, settings."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.models import Notification, Preference
from akkopsi.notifications.services import notify

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "treasurer", "jury", "admin", "bontang", "balikpapan"]


def _returned(user: Any, comment: str = "Akses layak terlalu tinggi") -> Notification:
    (row,) = notify(
        [user],
        Kind.SUBMISSION_RETURNED,
        context={"member": "Kota Bontang", "year": 2025, "comment": comment},
        link="/data/anggota/6474/2025/isi/",
    )
    return row


def test_public_is_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert client.get(reverse("notifications:preferences")).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_its_own_inbox(client: Any, users: Any, role: str) -> None:
    other = users["balikpapan" if role == "bontang" else "bontang"]
    _returned(users[role], comment="untuk saya")
    _returned(other, comment="untuk orang lain")
    client.force_login(users[role])
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "untuk saya" in page and "untuk orang lain" not in page
    assert 'data-unread="1"' in page


def test_another_users_notification_cannot_be_opened(client: Any, users: Any) -> None:
    theirs = _returned(users["balikpapan"])
    client.force_login(users["bontang"])
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 405


def test_opening_marks_read_and_follows_the_link(client: Any, users: Any) -> None:
    mine = _returned(users["bontang"])
    client.force_login(users["bontang"])
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == "/data/anggota/6474/2025/isi/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "data-unread" not in page


def test_mark_all_read(client: Any, users: Any) -> None:
    for _ in range(3):
        _returned(users["bontang"])
    other = _returned(users["balikpapan"])
    client.force_login(users["bontang"])
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=users["bontang"]).unread().exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_badge_costs_one_query_and_the_inbox_is_bounded(
    client: Any, users: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(users["bontang"])
    client.get(reverse("portal:home"))
    for _ in range(3):
        _returned(users["bontang"])
    with django_assert_max_num_queries(6):  # session, user, unread count, page count, rows
        page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'data-unread="3"' in page
    for _ in range(40):
        _returned(users["bontang"])
    with django_assert_max_num_queries(6):
        client.get(reverse("notifications:inbox"))


def test_preferences_page_saves_choices(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Data dikembalikan untuk diperbaiki" in page and "Lewat e-mail" in page
    data = {f"{k}__email": "on" for k in Kind.values} | {f"{k}__inbox": "on" for k in Kind.values}
    del data[f"{Kind.INVOICE_OVERDUE}__email"]
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    choice = Preference.objects.get(user=users["bontang"], kind=Kind.INVOICE_OVERDUE)
    assert (choice.by_email, choice.in_inbox) == (False, True)
    assert Preference.objects.filter(user=users["bontang"]).count() == len(Kind.values)
