"""Requests to open submitted data again: the secretariat is told and sees them on its home,
oldest first; it grants or refuses them with a reason; the member's staff are told."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from akkopsi.conftest import only, sending
from akkopsi.data import services
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReopenRequest, Submission
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.models import Notification

pytestmark = pytest.mark.django_db
YEAR = 2024


def _verified(member: Any) -> Submission:
    return Submission.objects.create(member=member, year=YEAR, status=SubmissionStatus.VERIFIED)


def _asked(members: Any, users: Any, code: str = "6474", reason: str = "Salah ketik") -> Any:
    who = users["bontang"] if code == "6474" else users["balikpapan"]
    return services.request_reopen(_verified(members[code]), who, reason)


def _told(kind: str) -> list[str]:
    rows = Notification.objects.filter(kind=kind).order_by("recipient__username")
    return [n.recipient.username for n in rows]


def test_a_request_tells_the_secretariat(members: Any, users: Any) -> None:
    with sending():
        request = _asked(members, users)
    assert _told(Kind.REOPEN_REQUESTED) == ["sekretariat"]
    note = Notification.objects.get(kind=Kind.REOPEN_REQUESTED)
    assert "Kota Bontang" in note.title and str(YEAR) in note.title
    assert "Salah ketik" in note.body
    assert note.link == reverse("data:grant_reopen", args=[request.pk])
    assert [m.to for m in mail.outbox] == [[users["secretariat"].email]]


def test_the_secretariat_home_lists_pending_requests_oldest_first(
    client: Any, members: Any, users: Any
) -> None:
    newer = _asked(members, users, "6474", "Angka BABS salah")
    older = _asked(members, users, "6471", "APBD belum lengkap")
    ReopenRequest.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    decided = services.request_reopen(_submitted(members["5108"]), users["admin"], "lama")
    services.refuse_reopen(decided, users["secretariat"], "Tidak perlu")
    client.force_login(users["secretariat"])
    page = client.get("/beranda/", HTTP_ACCEPT_LANGUAGE="id")
    listed = page.context["secretariat"]["reopen_requests"]
    assert listed.count == 2 and [r.pk for r in listed.items] == [older.pk, newer.pk]
    html = page.content.decode()
    assert "Permintaan membuka kembali data yang sudah diajukan" in html
    assert "APBD belum lengkap" in html and "Angka BABS salah" in html
    assert reverse("data:grant_reopen", args=[older.pk]) in html
    assert html.index("APBD belum lengkap") < html.index("Angka BABS salah")


def _submitted(member: Any) -> Submission:
    return Submission.objects.create(member=member, year=YEAR, status=SubmissionStatus.SUBMITTED)


def test_granting_tells_the_member_staff(members: Any, users: Any) -> None:
    request = _asked(members, users)
    with sending():
        sub = services.grant_reopen(request, users["secretariat"])
    assert sub.status == SubmissionStatus.DRAFT
    assert _told(Kind.REOPEN_GRANTED) == ["staf-6474"]
    note = Notification.objects.get(kind=Kind.REOPEN_GRANTED)
    assert note.link == reverse("data:entry", args=["6474", YEAR])
    assert "dibuka kembali" in note.title
    assert any(m.to == [users["bontang"].email] for m in mail.outbox)


def test_refusing_keeps_the_data_and_tells_the_reason(
    client: Any, members: Any, users: Any
) -> None:
    request = _asked(members, users)
    url = reverse("data:refuse_reopen", args=[request.pk])
    client.force_login(users["secretariat"])
    grant_page = client.get(reverse("data:grant_reopen", args=[request.pk])).content.decode()
    assert url in grant_page  # refusing sits next to granting
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 200 and not ReopenRequest.objects.get().refused_at
    assert client.post(url, {"reason": "Data sudah dipublikasikan"}).status_code == 302
    request.refresh_from_db()
    assert not request.is_pending and request.refusal == "Data sudah dipublikasikan"
    assert request.refused_by == users["secretariat"]
    assert request.history.first().history_user == users["secretariat"]
    assert Submission.objects.get().status == SubmissionStatus.VERIFIED
    assert _told(Kind.REOPEN_REFUSED) == ["staf-6474"]
    assert "Data sudah dipublikasikan" in Notification.objects.get(kind=Kind.REOPEN_REFUSED).body
    # decided: neither page offers it again, the service refuses, the staff may ask again
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        services.grant_reopen(request, users["secretariat"])
    assert services.request_reopen(request.submission, users["bontang"], "Lagi").is_pending


def test_the_entry_page_lets_staff_ask_again_after_a_refusal(
    client: Any, members: Any, users: Any
) -> None:
    services.refuse_reopen(_asked(members, users), users["secretariat"], "Tidak")
    client.force_login(users["bontang"])
    html = client.get(reverse("data:entry", args=["6474", YEAR])).content.decode()
    assert reverse("data:reopen_request", args=["6474", YEAR]) in html
    assert "Sekretariat menolak permintaan terakhir Anda pada" in html and ": Tidak<" in html


@pytest.mark.parametrize(
    ("who", "status"),
    only("secretariat", "admin", ok=302, staff=("bontang", "balikpapan")),
)
def test_only_the_secretariat_refuses(
    client: Any, members: Any, users: Any, who: str | None, status: int
) -> None:
    request = _asked(members, users)
    if who:
        client.force_login(users[who])
    response = client.post(reverse("data:refuse_reopen", args=[request.pk]), {"reason": "x"})
    assert response.status_code == status
    request.refresh_from_db()
    assert request.is_pending == (status != 302 or who is None)


def test_the_service_checks_the_role(members: Any, users: Any) -> None:
    request = _asked(members, users)
    with pytest.raises(PermissionDenied):
        services.refuse_reopen(request, users["bontang"], "x")
    with pytest.raises(ValidationError):
        services.refuse_reopen(request, users["secretariat"], " ")
    assert ReopenRequest.objects.get().is_pending


def test_the_preferences_page_lists_the_new_kinds(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    html = client.get(reverse("notifications:preferences")).content.decode()
    for kind in (Kind.REOPEN_REQUESTED, Kind.REOPEN_GRANTED, Kind.REOPEN_REFUSED):
        assert f'name="{kind.value}__email"' in html


@pytest.mark.parametrize("kind", ["reopen_requested", "reopen_granted", "reopen_refused"])
def test_the_messages_read_in_both_languages(kind: str, members: Any) -> None:
    from akkopsi.notifications.services import compose

    context = {"member": members["6474"], "year": YEAR, "who": "Ani", "reason": "r"}
    id_subject, id_body = compose(kind, {**context, "refusal": "alasan"}, "id")
    en_subject, en_body = compose(kind, {**context, "refusal": "alasan"}, "en")
    assert id_subject != en_subject and "Kota Bontang" in id_subject
    assert "Sekretariat" in id_body and "Secretariat" in en_body


def test_the_cycle_pages_offer_both_decisions(client: Any, members: Any, users: Any) -> None:
    from akkopsi.data.models import ReportingYear

    ReportingYear.objects.create(
        year=YEAR, opens_on=timezone.localdate(), deadline=timezone.localdate()
    )
    request = _asked(members, users)
    client.force_login(users["secretariat"])
    grant = reverse("data:grant_reopen", args=[request.pk])
    refuse = reverse("data:refuse_reopen", args=[request.pk])
    for url in (reverse("data:cycle"), reverse("data:cycle_year", args=[YEAR])):
        html = client.get(url).content.decode()
        assert grant in html and refuse in html and "Salah ketik" in html
    services.refuse_reopen(request, users["secretariat"], "Tidak")
    assert refuse not in client.get(reverse("data:cycle")).content.decode()
