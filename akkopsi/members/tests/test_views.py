from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.members import services
from akkopsi.members.models import Contact, Member
from akkopsi.regions.models import Province, Regency, RegencyKind

pytestmark = pytest.mark.django_db


def _count(response: Any) -> int:
    return int(response.context["count"])


def test_member_list_counts_members_on_a_chosen_date(client: Any, members: Any) -> None:
    url = reverse("members:member_list")
    assert _count(client.get(url, {"active_on": "2015-05-19"})) == 3
    assert _count(client.get(url, {"active_on": "2017-01-01"})) == 2
    assert _count(client.get(url, {"active_on": "2017-01-01", "status": "inactive"})) == 1
    assert _count(client.get(url, {"active_on": "2017-01-01", "status": "all"})) == 3


def test_member_list_filters_by_province_kind_and_search(client: Any, members: Any) -> None:
    url = reverse("members:member_list")
    assert _count(client.get(url, {"province": "51"})) == 1
    assert _count(client.get(url, {"kind": "kota"})) == 2
    assert _count(client.get(url, {"q": "Kota Bontang"})) == 1
    assert _count(client.get(url, {"q": "6471"})) == 1
    assert _count(client.get(url, {"q": "kabupaten buleleng"})) == 1


def test_member_list_rejects_a_bad_date_with_a_message(client: Any, members: Any) -> None:
    response = client.get(reverse("members:member_list"), {"active_on": "19-19-2015"})
    assert response.status_code == 200
    assert "Masukkan tanggal yang valid" in response.content.decode()


def test_member_list_htmx_returns_only_the_rows(client: Any, members: Any) -> None:
    response = client.get(reverse("members:member_list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<table" in body and "<html" not in body


def test_member_list_queries_do_not_grow_with_members(
    client: Any, members: Any, django_assert_num_queries: Any
) -> None:
    url = reverse("members:member_list")
    client.get(url)  # warm up (sessions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    province = Province.objects.create(code="99", name="Uji")
    for i in range(40):
        r = Regency.objects.create(
            code=f"99{i:02d}", province=province, kind=RegencyKind.KABUPATEN, name=f"Uji {i}"
        )
        services.create_member(
            regency=r, membership_number=f"U-{i}", joined_on=date(2012, 1, 1), by=None
        )
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.context["count"] == 43
    assert len(large) == len(small)


def test_member_list_exports_csv_and_xlsx(client: Any, members: Any) -> None:
    url = reverse("members:member_list")
    csv = client.get(url, {"export": "csv", "active_on": "2015-05-19"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").count("\n") == 4  # header + 3 members
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_public_detail_hides_contacts_staff_and_history(
    client: Any, members: Any, users: Any
) -> None:
    Contact.objects.create(member=members["6474"], name="Ibu Rahasia", email="rahasia@contoh.go.id")
    page = client.get(reverse("members:member_detail", args=["6474"])).content.decode()
    assert "Kota Bontang" in page and "Ibu Rahasia" not in page
    assert (
        client.get(reverse("members:member_history", args=["6474"])).status_code == 302
    )  # to login
    client.force_login(users["balikpapan"])
    assert (
        "Ibu Rahasia"
        not in client.get(reverse("members:member_detail", args=["6474"])).content.decode()
    )
    assert client.get(reverse("members:member_history", args=["6474"])).status_code == 403
    client.force_login(users["bontang"])
    assert (
        "Ibu Rahasia"
        in client.get(reverse("members:member_detail", args=["6474"])).content.decode()
    )


def test_staff_edit_their_own_profile_and_the_history_shows_it(
    client: Any, members: Any, users: Any
) -> None:
    client.force_login(users["bontang"])
    url = reverse("members:member_edit", args=["6474"])
    response = client.post(
        url,
        {
            "address": "Jl. Moh. Roem No. 1, Bontang",
            "phone": "0548-21001",
            "email": "",
            "website": "",
            "pokja_decree": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(regency_id="6474")
    assert member.phone == "0548-21001"
    history = client.get(reverse("members:member_history", args=["6474"])).content.decode()
    assert "0548-21001" in history and "staf-6474" in history


def test_staff_cannot_change_another_member_by_url(client: Any, members: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    for name in [
        "members:member_edit",
        "members:contact_add",
        "members:membership_leave",
        "members:head_add",
    ]:
        assert (
            client.post(
                reverse(name, args=["6471"]),
                {"phone": "000", "name": "X", "left_on": "2020-01-01", "leave_reason": "x"},
            ).status_code
            == 403
        )
    balikpapan = Member.objects.get(regency_id="6471")
    assert balikpapan.phone == "" and not balikpapan.contacts.exists()
    assert balikpapan.periods.get().left_on is None


def test_staff_cannot_change_the_membership_number_of_their_own(
    client: Any, members: Any, users: Any
) -> None:
    client.force_login(users["bontang"])
    client.post(
        reverse("members:member_edit", args=["6474"]), {"membership_number": "HACK", "phone": "1"}
    )
    assert Member.objects.get(regency_id="6474").membership_number == "AKK-0001"


def test_anonymous_is_sent_to_login_for_changes(client: Any, members: Any) -> None:
    response = client.get(reverse("members:member_edit", args=["6474"]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_secretariat_adds_a_member(client: Any, members: Any, users: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("members:member_create"),
        {"regency": "6472", "membership_number": "AKK-0010", "joined_on": "2013-09-18"},
    )
    assert response.status_code == 302
    assert Member.objects.get(regency_id="6472").is_active_on(date(2015, 5, 19))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"regency": "64", "membership_number": "X", "joined_on": "2013-09-18"}, "empat angka"),
        (
            {"regency": "9999", "membership_number": "X", "joined_on": "2013-09-18"},
            "Tidak ada kabupaten/kota dengan kode 9999",
        ),
        (
            {"regency": "6474", "membership_number": "X", "joined_on": "2013-09-18"},
            "sudah terdaftar sebagai anggota",
        ),
        (
            {"regency": "6472", "membership_number": "AKK-0001", "joined_on": "2013-09-18"},
            "sudah dipakai",
        ),
        (
            {"regency": "6472", "membership_number": "X", "joined_on": "18/19/2013"},
            "Masukkan tanggal yang valid",
        ),
    ],
)
def test_add_member_rejects_bad_input_in_indonesian(
    client: Any, members: Any, users: Any, data: dict[str, str], message: str
) -> None:
    client.force_login(users["secretariat"])
    response = client.post(reverse("members:member_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Member.objects.count() == 3


def test_only_the_secretariat_adds_members(client: Any, members: Any, users: Any) -> None:
    for who in ["bontang", "treasurer", "jury"]:
        client.force_login(users[who])
        assert (
            client.post(
                reverse("members:member_create"),
                {"regency": "6472", "membership_number": "Z", "joined_on": "2013-09-18"},
            ).status_code
            == 403
        )
    assert Member.objects.count() == 3


def test_secretariat_records_leaving_with_a_clear_error_for_a_bad_date(
    client: Any, members: Any, users: Any
) -> None:
    client.force_login(users["secretariat"])
    url = reverse("members:membership_leave", args=["6474"])
    bad = client.post(url, {"left_on": "2009-01-01", "leave_reason": "mundur"})
    assert "setelah tanggal bergabung" in bad.content.decode()
    ok = client.post(url, {"left_on": "2020-01-01", "leave_reason": "mundur"})
    assert ok.status_code == 302
    assert not Member.objects.get(regency_id="6474").is_active_on(date(2020, 1, 1))


def test_contacts_are_voided_with_a_reason_not_deleted(
    client: Any, members: Any, users: Any
) -> None:
    contact = Contact.objects.create(member=members["6474"], name="Pak Lama")
    client.force_login(users["bontang"])
    url = reverse("members:contact_void", args=["6474", contact.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "pindah tugas"}).status_code == 302
    contact.refresh_from_db()
    assert contact.is_void and contact.void_reason == "pindah tugas"


def test_growth_page_shows_a_chart_and_the_count_on_a_date(client: Any, members: Any) -> None:
    response = client.get(reverse("members:growth"), {"on": "2016-06-01"})
    assert response.context["count_on_day"] == 2
    body = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in body
    assert ">Anggota AKKOPSI pada akhir setiap tahun</title>" in body
    assert ">rakor 19 Mei 2015</text>" in body  # the marker, labelled above the plot


def test_member_list_stays_within_its_queries_when_filtered_and_paged(
    client: Any, members: Any, django_assert_max_num_queries: Any
) -> None:
    url = reverse("members:member_list")
    query = {"kind": "kabupaten", "status": "all", "page": "1"}
    client.get(url, query)  # warm up (sessions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url, query)
    province = Province.objects.create(code="99", name="Uji")
    for i in range(60):  # more than a page
        r = Regency.objects.create(
            code=f"99{i:02d}", province=province, kind=RegencyKind.KABUPATEN, name=f"Uji {i}"
        )
        services.create_member(
            regency=r, membership_number=f"U-{i}", joined_on=date(2012, 1, 1), by=None
        )
    with django_assert_max_num_queries(len(small)):
        response = client.get(url, query)
    assert response.context["page"].has_next()
