"""The secretariat's review screen: what it shows, the decisions, the queue, who may use it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akkopsi.conftest import only
from akkopsi.data import services
from akkopsi.data.flags import Spread, is_jump
from akkopsi.data.models import Indicator, ReturnReason, Submission
from akkopsi.data.review import return_reasons
from akkopsi.data.tests import review_data

pytestmark = pytest.mark.django_db

URL = reverse("data:review", args=["6474", 2024])


@pytest.fixture
def subs(members: Any, many_members: Any, users: Any) -> dict[str, Any]:
    return review_data.build(members, many_members)


def _row(response: Any, code: str) -> Any:
    return next(r for r, _f in response.context["rows"] if r.indicator.code == code)


def _ind(code: str) -> int:
    return Indicator.objects.get(code=code).pk


def test_every_value_beside_last_year_target_median_flags_and_comment(
    client: Any, users: Any, subs: Any
) -> None:
    client.force_login(users["secretariat"])
    response = client.get(URL)
    assert response.status_code == 200
    layak = _row(response, "akses_layak")
    assert layak.value == Decimal(5) and layak.previous == Decimal(70)
    assert layak.change == Decimal(-65) and layak.change_shown == "\u221265"
    assert layak.target[:2] == (2024, Decimal(90))
    assert layak.median == Decimal(80)  # Balikpapan, the only other member kota, verified
    assert layak.comment == "Survei baru BPS 2024"
    assert len(layak.flags) == 2
    aman = _row(response, "akses_aman")
    assert aman.flags == [] and aman.change == Decimal("1.25") and aman.change_shown == "+1,25"
    assert _row(response, "ssk_tahun").shown == "2021"  # a year, never 2.021
    assert _row(response, "sk_pokja").shown == "ya"
    # never reported: missing, not zero
    assert _row(response, "babs").value.reason == "not_reported"
    html = response.content.decode()
    assert "Berubah 65 sejak 2023" in html
    assert "Jauh dari nilai anggota lain" in html and "skor-z" not in html
    assert "Survei baru BPS 2024" in html
    assert "median semua anggota kota" in html  # which members are "similar", said on the page
    assert "1 dari 3" in html


def test_budget_by_subsector_and_source_with_the_share_of_apbd(
    client: Any, users: Any, subs: Any
) -> None:
    client.force_login(users["secretariat"])
    response = client.get(URL)
    planned = response.context["review"].budgets[0]
    assert planned.stage == "planned"
    air = next(r for r in planned.rows if r[0] == "Air limbah domestik")
    assert air[2] == Decimal("30000000000")
    # 35 bn of 1.500 bn: the share and the 2% decision of queries.MoneyYear (the one rule)
    assert planned.figures["share"] == Decimal("2.33") and planned.meets is True
    assert planned.previous_share.reason == "no_budget_lines"
    html = response.content.decode()
    assert "Rp25.000.000.000" in html and "2,33%" in html
    assert "memenuhi komitmen 2%" in html


def test_approve_goes_straight_to_the_next_in_the_queue(client: Any, users: Any, subs: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(URL, {"decision": "approve"})
    assert response.status_code == 302
    assert response["Location"] == reverse("data:review", args=["5108", 2024])
    assert Submission.objects.get(pk=subs["bontang"].pk).status == "verified"
    page = client.get(response["Location"])
    assert "1 dari 2" in page.content.decode()
    assert "diverifikasi" in page.content.decode()


def test_previous_and_next_links(client: Any, users: Any, subs: Any) -> None:
    client.force_login(users["secretariat"])
    queue = client.get(reverse("data:review", args=["5108", 2024])).context["queue"]
    assert queue.position == 2 and len(queue.keys) == 3
    assert queue.previous == ("6474", 2024) and queue.next == ("9900", 2024)
    assert client.get(reverse("data:review_queue"))["Location"] == URL


def test_the_last_decision_ends_on_the_empty_queue(client: Any, users: Any, subs: Any) -> None:
    client.force_login(users["secretariat"])
    for code in ["6474", "5108"]:
        client.post(reverse("data:review", args=[code, 2024]), {"decision": "approve"})
    last = client.post(reverse("data:review", args=["9900", 2024]), {"decision": "approve"})
    assert last["Location"] == reverse("data:review_queue")
    empty = client.get(last["Location"])
    assert "Tidak ada data yang menunggu verifikasi" in empty.content.decode()


def test_return_with_a_reason_per_value_the_staff_see_it(
    client: Any, users: Any, subs: Any
) -> None:
    client.force_login(users["secretariat"])
    layak = _ind("akses_layak")
    response = client.post(
        URL, {"decision": "return", f"reason_{layak}": "Angka tidak sesuai survei BPS"}
    )
    assert response["Location"] == reverse("data:review", args=["5108", 2024])
    sub = Submission.objects.get(pk=subs["bontang"].pk)
    assert sub.status == "returned"
    assert return_reasons(sub) == {"akses_layak": "Angka tidak sesuai survei BPS"}
    reason = ReturnReason.objects.get()
    assert reason.history.get().history_user == users["secretariat"]
    assert "Angka tidak sesuai survei BPS" in sub.comment  # the summary on the member page
    client.force_login(users["bontang"])
    page = client.get(reverse("data:member_data", args=["6474"]))
    assert "Angka tidak sesuai survei BPS" in page.content.decode()
    # ... and beside that one field of the entry form, not beside the others
    form = client.get(reverse("data:entry", args=["6474", 2024])).content.decode()
    assert form.count('class="return-reason"') == 1
    assert "Dikembalikan sekretariat:</strong> Angka tidak sesuai survei BPS" in form
    # fixed and resubmitted: the reasons stand until the secretariat decides again
    services.submit(member=sub.member, year=2024, by=users["bontang"])
    assert return_reasons(sub) == {"akses_layak": "Angka tidak sesuai survei BPS"}
    client.force_login(users["secretariat"])
    again = client.get(URL)
    assert _row(again, "akses_layak").open_reason == "Angka tidak sesuai survei BPS"
    services.verify(member=sub.member, year=2024, by=users["secretariat"])
    assert return_reasons(sub) == {}
    assert ReturnReason.objects.get().is_open is False


def test_return_for_the_whole_submission(client: Any, users: Any, subs: Any) -> None:
    client.force_login(users["secretariat"])
    client.post(URL, {"decision": "return", "comment": "Lampirkan SK Pokja"})
    sub = Submission.objects.get(pk=subs["bontang"].pk)
    assert sub.status == "returned" and sub.comment == "Lampirkan SK Pokja"
    assert return_reasons(sub) == {}


def test_return_without_any_reason_writes_nothing(client: Any, users: Any, subs: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(URL, {"decision": "return", "comment": "  "})
    assert response.status_code == 200
    assert "Sebutkan apa yang harus diperbaiki" in response.content.decode()
    assert Submission.objects.get(pk=subs["bontang"].pk).status == "submitted"
    assert not ReturnReason.objects.exists()


def test_approve_with_typed_reasons_is_refused(client: Any, users: Any, subs: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(URL, {"decision": "approve", f"reason_{_ind('babs')}": "belum diisi"})
    assert response.status_code == 200
    assert "tekan Kembalikan" in response.content.decode()
    assert Submission.objects.get(pk=subs["bontang"].pk).status == "submitted"


def test_a_decided_submission_offers_no_decision(client: Any, users: Any, subs: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.get(reverse("data:review", args=["6471", 2024]))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="review-approve"' not in html
    assert 'id="review-closed"' in html
    refused = client.post(reverse("data:review", args=["6471", 2024]), {"decision": "approve"})
    assert refused.status_code == 200 and "langkah itu tidak dapat" in refused.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    only("secretariat", "admin", staff=("bontang", "balikpapan")),
)
def test_secretariat_and_admin_only(
    client: Any, users: Any, subs: Any, who: str | None, status: int
) -> None:
    if who:
        client.force_login(users[who])
    response = client.get(URL)
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith(reverse("login"))
    queue = client.get(reverse("data:review_queue"))
    assert queue.status_code == (302 if status == 200 else status)
    decided = client.post(URL, {"decision": "approve"})
    assert decided.status_code == (302 if status == 200 else status)
    expected = "verified" if status == 200 else "submitted"
    assert Submission.objects.get(pk=subs["bontang"].pk).status == expected


def test_a_constant_number_of_queries(
    client: Any, users: Any, subs: Any, django_assert_max_num_queries: Any, many_members: Any
) -> None:
    client.force_login(users["secretariat"])
    with django_assert_max_num_queries(22):
        client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    # Ten more values of every indicator in the pool, and a year more of Bontang's: same count.
    for i, m in enumerate(many_members):
        Submission.objects.create(member=m, year=2023, status="submitted")
        review_data._values(m, 2023, {"akses_layak": 50 + i, "babs": i}, {})
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)


def test_flags_are_the_importers_rules() -> None:
    assert is_jump(Decimal(5), Decimal(70), Decimal(15))
    assert not is_jump(Decimal(60), Decimal(70), Decimal(15))
    assert not is_jump(Decimal(5), None, Decimal(15)) and not is_jump(Decimal(5), Decimal(70), None)
    assert Spread.of([Decimal(x) for x in range(5)]) is None  # too few members to say
    spread = Spread.of([Decimal(55 + i) for i in range(12)])
    assert spread is not None and spread.is_outlier(Decimal(5))
    assert not spread.is_outlier(Decimal(60))


def test_the_reporting_year_page_leads_to_the_review(
    client: Any, users: Any, subs: Any, open_year: Any
) -> None:
    client.force_login(users["secretariat"])
    html = client.get(reverse("data:cycle_year", args=[2024])).content.decode()
    assert reverse("data:review_queue") in html and URL in html
