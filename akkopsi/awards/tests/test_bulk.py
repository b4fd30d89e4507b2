"""Nominations in bulk (secretariat): the eligibility outcome shown per member, the plan
confirmed, duplicates skipped, members not eligible not nominated, a stale confirmation
refused, set-based; and the award's confirmation pages (compute while jurors still score)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akkopsi.awards import services
from akkopsi.awards.models import Nomination, ResultRun
from akkopsi.awards.tests.conftest import add_data, score_all
from akkopsi.conftest import only
from akkopsi.core.tests.confirming import confirm
from akkopsi.members import services as member_services
from akkopsi.regions.models import Province, Regency, RegencyKind

CHOOSE = "/penghargaan/2015/nominasi/massal/"
CONFIRM = "/penghargaan/2015/nominasi/massal/konfirmasi/"


def _rows(response: Any) -> dict[str, Any]:
    return {c.member.regency_id: c for c in response.context["rows"]}


def test_the_members_with_verified_data_are_offered_with_their_outcome(
    client: Any, users: dict[str, Any], bulk_edition: Any
) -> None:
    client.force_login(users["secretariat"])
    page = client.get(CHOOSE)
    rows = _rows(page)
    assert set(rows) == {"6471", "6474"}  # Buleleng has no verified data
    assert rows["6474"].will_be_nominated
    assert not rows["6471"].eligible and "lebih dari 30 hari" in rows["6471"].note
    body = page.content.decode()
    assert 'name="m" value="6474"' in body and 'name="m" value="6471"' not in body
    assert "tidak memenuhi syarat" in body
    everyone = _rows(client.get(CHOOSE, {"scope": "all"}))
    assert set(everyone) == {"5108", "6471", "6474"}
    assert "Tidak ada data terverifikasi" in everyone["5108"].note
    assert set(_rows(client.get(CHOOSE, {"scope": "all", "province": "51"}))) == {"5108"}
    assert set(_rows(client.get(CHOOSE, {"scope": "all", "kind": "kota"}))) == {"6471", "6474"}
    assert not Nomination.objects.exists()


def test_confirming_nominates_the_eligible_and_skips_the_rest(
    client: Any, users: dict[str, Any], bulk_edition: Any, members: dict[str, Any]
) -> None:
    services.nominate(
        edition=bulk_edition, member=members["5108"], narrative="Lama", by=users["admin"]
    )
    client.force_login(users["secretariat"])
    url = f"{CONFIRM}?m=6474&m=6471&m=5108"
    page = client.get(url)
    body = page.content.decode()
    assert page.context["plan"].count == 1
    assert "Anggota yang akan dinominasikan untuk Penghargaan Sanipura 2015: 1." in body
    assert "Tidak memenuhi syarat, jadi tidak dinominasikan: 1." in body
    assert "Sudah dinominasikan, dilewati: 1." in body
    assert Nomination.objects.count() == 1  # GET does nothing
    response = confirm(client, url, {"narrative": "Data 2014 terverifikasi."})
    assert response.status_code == 302 and response["Location"] == "/penghargaan/2015/"
    new = Nomination.objects.get(member=members["6474"])
    assert new.eligible and new.narrative == "Data 2014 terverifikasi."
    assert new.nominated_by == users["secretariat"]
    assert not Nomination.objects.filter(member=members["6471"]).exists()
    assert Nomination.objects.get(member=members["5108"]).narrative == "Lama"  # skipped
    record = new.history.get()
    assert record.history_user == users["secretariat"] and record.history_type == "+"


def test_a_stale_confirmation_is_refused(
    client: Any, users: dict[str, Any], bulk_edition: Any, members: dict[str, Any]
) -> None:
    client.force_login(users["secretariat"])
    url = f"{CONFIRM}?m=6474"
    token = client.get(url).context["plan"].token
    services.nominate(
        edition=bulk_edition, member=members["6474"], narrative="Lain", by=users["admin"]
    )
    response = client.post(url, {"token": token, "narrative": "Massal"})
    assert response.status_code == 409
    assert "Ada yang berubah sejak halaman ini dibuka" in response.content.decode()
    assert response.context["plan"].count == 0  # the page now says what would happen
    assert Nomination.objects.get().narrative == "Lain"


def test_a_narrative_is_needed(client: Any, users: dict[str, Any], bulk_edition: Any) -> None:
    client.force_login(users["secretariat"])
    response = confirm(client, f"{CONFIRM}?m=6474", {"narrative": " "})
    assert response.status_code == 200 and response.context["form"].errors["narrative"]
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    only("secretariat", "admin"),
)
def test_only_the_secretariat_nominates_in_bulk(
    client: Any, users: dict[str, Any], bulk_edition: Any, who: str | None, status: int
) -> None:
    if who:
        client.force_login(users[who])
    assert client.get(CHOOSE).status_code == status
    assert client.get(f"{CONFIRM}?m=6474").status_code == status
    post = client.post(f"{CONFIRM}?m=6474", {"token": "x", "narrative": "n"})
    assert post.status_code in {302, 403, 409}
    assert not Nomination.objects.exists()


def _add_members(n: int, start: int) -> None:
    province = Province.objects.get_or_create(code="99", defaults={"name": "Uji"})[0]
    for i in range(start, start + n):
        regency = Regency.objects.create(
            code=f"99{i:02d}", province=province, kind=RegencyKind.KABUPATEN, name=f"Uji {i}"
        )
        member = member_services.create_member(
            regency=regency, membership_number=f"U-{i}", joined_on=date(2012, 1, 1), by=None
        )
        add_data(member, 2014, 60, 5)


def _walk(client: Any, bulk_edition: Any) -> tuple[int, int, int]:
    """Queries of the choosing page, the confirmation page and the confirmed POST."""
    codes = "&".join(f"m={c}" for c in Regency.objects.values_list("code", flat=True))
    url = f"{CONFIRM}?{codes}"
    with CaptureQueriesContext(connection) as choose:
        client.get(CHOOSE)
    with CaptureQueriesContext(connection) as page:
        token = client.get(url).context["plan"].token
    with CaptureQueriesContext(connection) as post:
        assert client.post(url, {"token": token, "narrative": "Massal"}).status_code == 302
    Nomination.objects.filter(edition=bulk_edition).delete()
    Nomination.history.all().delete()
    return len(choose), len(page), len(post)


def test_the_queries_do_not_grow_with_the_members(
    client: Any, users: dict[str, Any], bulk_edition: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(users["secretariat"])
    _add_members(3, 0)
    with django_assert_max_num_queries(60):
        few = _walk(client, bulk_edition)
    _add_members(30, 3)
    many = _walk(client, bulk_edition)
    assert many == few


# -- the award's other confirmations -------------------------------------------------------------


def test_computing_while_jurors_still_score_says_so_and_a_stale_plan_is_refused(
    client: Any, users: dict[str, Any], award: dict[str, Any]
) -> None:
    client.force_login(users["secretariat"])
    page = client.get("/penghargaan/2015/hitung/")
    body = page.content.decode()
    assert "2 juri belum selesai menilai 3 nominasi." in body
    assert "untuk 3 nominasi yang memenuhi syarat" in body
    assert not ResultRun.objects.exists()  # GET does nothing
    token = page.context["plan"].token
    score_all(award)  # the jurors finish meanwhile: the plan is no longer the one confirmed
    stale = client.post("/penghargaan/2015/hitung/", {"token": token})
    assert stale.status_code == 409 and not ResultRun.objects.exists()
    assert "juri belum selesai" not in stale.content.decode()
    assert confirm(client, "/penghargaan/2015/hitung/").status_code == 302
    assert ResultRun.objects.count() == 1


def test_other_award_actions_do_nothing_on_get(
    client: Any, users: dict[str, Any], award: dict[str, Any]
) -> None:
    edition = award["edition"]
    client.force_login(users["secretariat"])
    page = client.get("/penghargaan/2015/tutup-juri/")
    assert "2 juri belum selesai menilai 3 nominasi." in page.content.decode()
    recheck = client.get("/penghargaan/2015/cek-kelayakan/")
    assert "Kelayakan 3 nominasi diperiksa ulang" in recheck.content.decode()
    refused = client.get("/penghargaan/2015/terbitkan/")  # nothing computed: refused
    assert refused.status_code == 302 and refused["Location"] == "/penghargaan/2015/"
    edition.refresh_from_db()
    assert not edition.jury_closed and not edition.published
    assert confirm(client, "/penghargaan/2015/tutup-juri/").status_code == 302
    edition.refresh_from_db()
    assert edition.jury_closed
    for who in ("jury", "bontang", "treasurer"):
        client.force_login(users[who])
        assert client.get("/penghargaan/2015/hitung/").status_code == 403
