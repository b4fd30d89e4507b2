"""Each role lands on its own home after signing in and finds its work queue there; every item
links to the page where the work is done; member staff see their own member only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from akkopsi.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DAY = "2026-03-01"


@pytest.fixture
def work(settings: Any, members: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """A year of reporting open until 31 March 2026, and something waiting for every role."""
    from akkopsi.data import services as data
    from akkopsi.data.choices import SubmissionStatus
    from akkopsi.data.models import Indicator, IndicatorValue, Submission
    from akkopsi.dues import services as dues

    settings.AKKOPSI_DEMO_DATE = DAY
    secretariat = users["secretariat"]
    data.open_year(
        year=2025, opens_on=date(2026, 1, 15), deadline=date(2026, 3, 31), by=secretariat
    )
    bontang, balikpapan = members["6474"], members["6471"]
    indicators = list(Indicator.objects.filter(active=True)[:3])
    for ind in indicators:  # Bontang: 3 indicators of 2025 filled
        IndicatorValue.objects.create(member=bontang, indicator=ind, year=2025, value=Decimal(50))
    IndicatorValue.objects.create(
        member=balikpapan, indicator=indicators[0], year=2024, value=Decimal(40)
    )
    Submission.objects.create(
        member=bontang, year=2024, status=SubmissionStatus.RETURNED, comment="Akses layak keliru"
    )
    old = timezone.make_aware(datetime(2025, 4, 1))
    Submission.objects.create(
        member=balikpapan, year=2024, status=SubmissionStatus.SUBMITTED, submitted_at=old
    )
    Submission.objects.create(
        member=balikpapan,
        year=2023,
        status=SubmissionStatus.SUBMITTED,
        submitted_at=old.replace(year=2024),
    )
    _coordination(bontang, balikpapan, secretariat)
    invoices = [
        dues.create_invoice(
            member=member,
            description="Iuran CSS",
            amount=Decimal(amount),
            due_on=due_on,
            issued_on=date(2026, 1, 5),
            by=users["treasurer"],
        )
        for member, amount, due_on in (
            (bontang, 2500000, date(2026, 2, 1)),
            (balikpapan, 1000000, date(2026, 3, 15)),
        )
    ]
    return {"late": invoices[0], "soon": invoices[1]}


def _coordination(bontang: Any, balikpapan: Any, secretariat: Any) -> None:
    """An overdue action of Bontang, a later one of Balikpapan, a rakor to come, a draft."""
    from akkopsi.bulletin.models import Edition
    from akkopsi.coordination import services as coordination
    from akkopsi.coordination.models import Meeting, MeetingKind

    coordination.add_action(
        what="Kirim usulan lokasi Munas",
        due_on=date(2026, 2, 1),
        owner_member=bontang,
        by=secretariat,
    )
    coordination.add_action(
        what="Rahasia Balikpapan", due_on=date(2026, 4, 1), owner_member=balikpapan, by=secretariat
    )
    Meeting.objects.create(
        kind=MeetingKind.RAKOR,
        title="Rakor Maret",
        starts_at=timezone.make_aware(datetime(2026, 3, 20, 9)),
        ends_at=timezone.make_aware(datetime(2026, 3, 20, 15)),
    )
    Edition.objects.create(number=7, issued_on=date(2026, 4, 1), theme="Air limbah")


def _text(page: Any) -> str:
    import re

    html = page.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _home(client: Any, user: Any) -> tuple[Any, str]:
    client.force_login(user)
    page = client.get("/beranda/", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    return page, _text(page)


def test_signing_in_lands_on_the_home(client: Any, users: dict[str, Any]) -> None:
    assert client.get("/beranda/")["Location"] == "/akun/masuk/?next=/beranda/"
    page = client.post("/akun/masuk/", {"username": "bendahara", "password": PASSWORD})
    assert page.status_code == 302 and page["Location"] == "/beranda/"
    nav = client.get("/beranda/", HTTP_ACCEPT_LANGUAGE="id").context["nav_items"]
    assert ("Beranda saya", "/beranda/") in nav


def test_bontang_staff_see_their_year_and_only_their_own_work(
    client: Any, users: dict[str, Any], work: dict[str, Any]
) -> None:
    page, text = _home(client, users["bontang"])
    assert "Data 2025: 3 dari 12 indikator terisi, batas 31 Maret 2026" in text
    html = page.content.decode()
    assert 'href="/data/anggota/6474/2025/isi/"' in html  # continue data entry
    assert "Lanjutkan pengisian data" in text
    # returned with the secretariat's reason, linked to its form
    assert "Akses layak keliru" in text and 'href="/data/anggota/6474/2024/isi/"' in html
    # its action item, overdue, linked to where its status is updated
    action = page.context["staff"]["actions"][0]
    assert "Kirim usulan lokasi Munas" in text and "terlambat" in text
    assert f'href="/organisasi/tindak-lanjut/{action.pk}/status/"' in html
    # its open invoice with the balance, and its Rapor
    assert "Rp2.500.000 belum dibayar, jatuh tempo 1 Februari 2026" in text
    assert f'href="/iuran/tagihan/{work["late"].pk}/"' in html
    assert 'href="/rapor/6474/"' in html
    # nothing of Balikpapan
    assert "Rahasia Balikpapan" not in text and "Kota Balikpapan" not in text
    assert work["soon"].number not in text


def test_balikpapan_staff_have_empty_queues_said_so(
    client: Any, users: dict[str, Any], work: dict[str, Any]
) -> None:
    _page, text = _home(client, users["balikpapan"])
    assert "Data 2025: 0 dari 12 indikator terisi" in text and "Mulai mengisi data" in text
    assert text.count("Tidak ada yang menunggu") == 1  # nothing returned
    assert "Kirim usulan lokasi Munas" not in text and "Rahasia Balikpapan" in text


def test_the_secretariat_sees_what_waits_for_verification_first(
    client: Any, users: dict[str, Any], work: dict[str, Any]
) -> None:
    page, text = _home(client, users["secretariat"])
    home = page.context["secretariat"]
    assert [(s.member.code, s.year) for s in home["waiting"].items] == [
        ("6471", 2023),
        ("6471", 2024),
    ]
    assert 'href="/data/anggota/6471/2023/verify/"' in page.content.decode()
    assert "tanpa tanda peringatan" in text
    # the members active in 2025 have not submitted it; the deadline is near
    assert [m.code for m in home["not_reporting"].items] == ["5108", "6471", "6474"]
    assert "Data 2025, batas 31 Maret 2026" in text and "30 hari lagi" in text
    assert "Kirim usulan lokasi Munas" in text and "Rahasia Balikpapan" not in text  # overdue only
    assert "Rakor Maret" in text and "Edisi 7: Air limbah" in text
    assert "Administrasi" not in text


def test_the_administrator_sees_the_secretariat_home_and_the_admin(
    client: Any, users: dict[str, Any], work: dict[str, Any]
) -> None:
    page, text = _home(client, users["admin"])
    assert "Data yang menunggu verifikasi" in text
    assert 'href="/admin/"' in page.content.decode()


def test_the_treasurer_sees_invoices_overdue_and_falling_due(
    client: Any, users: dict[str, Any], work: dict[str, Any]
) -> None:
    page, text = _home(client, users["treasurer"])
    home = page.context["treasurer"]
    assert [i.pk for i in home["overdue"].items] == [work["late"].pk]
    assert [i.pk for i in home["due_soon"].items] == [work["soon"].pk]
    html = page.content.decode()
    assert f'href="/iuran/tagihan/{work["soon"].pk}/bayar/"' in html
    assert "Rp1.000.000 belum dibayar, jatuh tempo 15 Maret 2026" in text
    assert "menunggu verifikasi" not in text


def test_flags_count_year_on_year_jumps(members: dict[str, Any]) -> None:
    from akkopsi.data.models import Indicator, IndicatorValue
    from akkopsi.data.queues import flag_counts

    ind = Indicator.objects.filter(active=True, yoy_threshold__isnull=False).first()
    assert ind is not None
    bontang = members["6474"]
    IndicatorValue.objects.create(member=bontang, indicator=ind, year=2023, value=Decimal(10))
    jump = Decimal(10) + ind.yoy_threshold + 1
    IndicatorValue.objects.create(member=bontang, indicator=ind, year=2024, value=jump)
    assert flag_counts([(bontang.pk, 2024), (bontang.pk, 2023)]) == {
        (bontang.pk, 2024): 1,
        (bontang.pk, 2023): 0,
    }
