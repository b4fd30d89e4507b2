"""The data entry form people can fill without help, and opening a reporting year safely."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from akkopsi.core.formatting import format_number, format_rupiah
from akkopsi.core.tests.confirming import confirm
from akkopsi.data import services
from akkopsi.data.choices import SubmissionStatus, ValueKind
from akkopsi.data.forms import RupiahTextField
from akkopsi.data.models import (
    ApbdTotal,
    Indicator,
    IndicatorValue,
    ReopenRequest,
    ReportingYear,
    Submission,
)

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def year_open(db: Any) -> ReportingYear:
    return ReportingYear.objects.create(
        year=YEAR, opens_on=date(2026, 1, 1), deadline=date(2026, 3, 31)
    )


def _url(code: str = "6474", year: int = YEAR) -> str:
    return reverse("data:entry", args=[code, year])


def _store(member: Any, year: int, code: str, value: str) -> None:
    IndicatorValue.objects.create(
        member=member, indicator=Indicator.objects.get(code=code), year=year, value=Decimal(value)
    )


def _messages(response: Any) -> list[str]:
    """Every message the page shows: the field errors and the summary at the top."""
    form = response.context["form"]
    texts = [str(m) for errors in form.errors.values() for m in errors]
    return texts + [f"{label}: {m}" for _a, label, m in response.context["summary"]]


def _codes_in(text: str, codes: list[str]) -> list[str]:
    return [c for c in codes if re.search(rf"(?<![\w]){re.escape(c)}(?![\w])", text)]


# -- indicators named by their labels -----------------------------------------------------


@pytest.mark.parametrize("bad", ["abc", "999999999", "-5", "1,5"])
def test_no_error_message_names_an_indicator_by_its_code(
    client: Any, users: Any, year_open: Any, bad: str
) -> None:
    """Every indicator of the catalogue, typed wrong at once: each message names its label."""
    client.force_login(users["bontang"])
    indicators = list(Indicator.objects.filter(active=True))
    codes = [i.code for i in indicators]
    response = client.post(_url(), {f"ind_{i.code}": bad for i in indicators})
    assert response.status_code == 200
    errors = response.context["form"].errors
    for text in _messages(response):
        assert not _codes_in(text, codes), text
    for ind in indicators:
        field = f"ind_{ind.code}"
        if field in errors and ind.kind != ValueKind.BOOLEAN:
            assert any(ind.name in str(m) for m in errors[field]), (ind.code, errors[field])
    assert errors, "at least some values are refused"
    assert not IndicatorValue.objects.exists()


def test_out_of_range_says_the_label(client: Any, users: Any, year_open: Any) -> None:
    client.force_login(users["bontang"])
    response = client.post(_url(), {"ind_akses_layak": "150"})
    label = Indicator.objects.get(code="akses_layak").name_id
    assert f"{label} harus di antara 0 dan 100" in str(response.context["form"].errors)


def test_flags_name_the_label_and_speak_plainly(
    client: Any, users: Any, members: Any, year_open: Any, many_members: Any
) -> None:
    """A jump from last year and a value far from other members: plain words, no codes."""
    for i, m in enumerate(many_members):
        _store(m, YEAR, "akses_layak", str(70 + i % 3))
    _store(members["6474"], YEAR - 1, "akses_layak", "72")
    client.force_login(users["bontang"])
    response = client.post(_url(), {"ind_akses_layak": "5"})
    warnings = [w.message for w in response.context["preview"].warnings]
    assert len(warnings) == 2
    label = Indicator.objects.get(code="akses_layak").name_id
    codes = list(Indicator.objects.values_list("code", flat=True))
    for text in warnings:
        assert label in text and not _codes_in(text, codes)
        assert "skor-z" not in text and "z-score" not in text
    assert any("sangat berbeda dari nilai anggota lain" in t for t in warnings)


def test_error_summary_links_to_each_field(client: Any, users: Any, year_open: Any) -> None:
    client.force_login(users["bontang"])
    response = client.post(
        _url(), {"ind_akses_layak": "150", "ind_ssk_tahun": "abc", "apbd_planned": "banyak"}
    )
    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') - 60 : html.index(
            "</ul>", html.index('id="error-summary"')
        )
    ]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "Ada 3 masalah" in summary
    for field in ["ind_akses_layak", "ind_ssk_tahun", "apbd_planned"]:
        assert f'href="#id_{field}"' in summary and f'id="id_{field}"' in html
    assert "Tahun dokumen SSK" in summary and "APBD" in summary


# -- widgets by type and last year's values -----------------------------------------------


def test_year_and_yes_no_widgets_and_last_year_beside_each_field(
    client: Any, users: Any, members: Any, year_open: Any
) -> None:
    bontang = members["6474"]
    _store(bontang, YEAR - 1, "ssk_tahun", "2011")
    _store(bontang, YEAR - 1, "sk_pokja", "1")
    _store(bontang, YEAR - 1, "akses_layak", "74.2")
    ApbdTotal.objects.create(
        member=bontang, year=YEAR - 1, stage="planned", amount=Decimal("1234567")
    )
    client.force_login(users["bontang"])
    html = client.get(_url()).content.decode()
    assert "2.011" not in html and "2011,0" not in html
    assert 'type="number" name="ind_ssk_tahun"' in html
    assert re.search(r'type="radio" name="ind_sk_pokja" value="1"[^>]*> Ya</label>', html)
    assert re.search(r'type="radio" name="ind_sk_pokja" value="0"[^>]*> Tidak</label>', html)
    assert "Tahun lalu: 74,2%" in html and "Tahun lalu: 2011" in html
    assert "Tahun lalu: Ya" in html and "Tahun lalu: Rp1.234.567" in html
    # shown, not copied: this year's inputs stay empty until the user asks
    assert 'name="ind_akses_layak" value=' not in html
    assert 'data-value="74,2"' in html and "pakai nilai tahun lalu" in html


def test_year_and_yes_no_are_saved_as_typed(client: Any, users: Any, year_open: Any) -> None:
    client.force_login(users["bontang"])
    response = client.post(_url(), {"ind_ssk_tahun": "2011", "ind_sk_pokja": "0"})
    assert response.status_code == 302
    values = dict(IndicatorValue.objects.values_list("indicator__code", "value"))
    assert values == {"ssk_tahun": Decimal("2011"), "sk_pokja": Decimal("0")}
    html = client.get(_url()).content.decode()
    assert 'value="2011"' in html
    assert re.search(r'type="radio" name="ind_sk_pokja" value="0"[^>]*checked', html)


def test_a_year_with_a_fraction_is_refused(client: Any, users: Any, year_open: Any) -> None:
    client.force_login(users["bontang"])
    response = client.post(_url(), {"ind_ssk_tahun": "2011,5"})
    assert "Tahun dokumen SSK" in str(response.context["form"].errors["ind_ssk_tahun"])
    assert not IndicatorValue.objects.exists()


# -- rupiah --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.234.567", "1234567.00"),
        ("1234567", "1234567.00"),
        ("Rp 1.234.567,50", "1234567.50"),
        ("Rp1.234.567", "1234567.00"),
    ],
)
def test_rupiah_is_read_however_it_is_typed(
    client: Any, users: Any, year_open: Any, typed: str, amount: str
) -> None:
    client.force_login(users["bontang"])
    assert client.post(_url(), {"apbd_planned": typed}).status_code == 302
    assert ApbdTotal.objects.get().amount == Decimal(amount)
    assert f'value="{format_rupiah(Decimal(amount))[2:]}"' in client.get(_url()).content.decode()


FIELD = RupiahTextField(label="x", maximum=Decimal("999999999999999999.99"))


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=Decimal("10") ** 15, places=2, allow_nan=False),
    st.booleans(),
)
def test_rupiah_round_trips_through_the_formatter(amount: Decimal, with_rp: bool) -> None:
    shown = format_rupiah(amount) if with_rp else format_number(amount, 2)
    assert Decimal(FIELD.clean(shown)) == amount
    assert Decimal(FIELD.clean(shown.replace("Rp", "Rp "))) == amount


def test_a_bad_amount_names_the_budget_line(client: Any, users: Any, year_open: Any) -> None:
    client.force_login(users["bontang"])
    response = client.post(_url(), {"b_air_limbah_apbd_kabkota_planned": "12abc"})
    summary = " ".join(f"{label}: {m}" for _a, label, m in response.context["summary"])
    assert "Air limbah domestik, APBD kabupaten/kota, Rencana" in summary
    assert "bukan angka" in summary


# -- read-only after submit, asking for it back --------------------------------------------


def _submitted(client: Any, users: Any) -> Submission:
    client.force_login(users["bontang"])
    assert client.post(_url(), {"ind_akses_layak": "80"}).status_code == 302
    submit = reverse("data:submission_action", args=["6474", YEAR, "submit"])
    assert client.post(submit)["Location"] == _url()
    return Submission.objects.get(year=YEAR)


def test_submitted_data_is_read_only(client: Any, users: Any, year_open: Any) -> None:
    sub = _submitted(client, users)
    html = client.get(_url()).content.decode()
    assert "Diajukan pada" in html and "menunggu verifikasi sekretariat" in html
    assert re.search(r'name="ind_akses_layak"[^>]*disabled', html)
    assert "Minta dibuka kembali" in html
    response = client.post(_url(), {"ind_akses_layak": "10"})
    assert response.status_code == 409
    assert IndicatorValue.objects.get().value == Decimal("80")
    assert sub.history.count() == 2  # created as draft, submitted; nothing since


def test_returned_data_is_editable_and_shows_the_reason(
    client: Any, users: Any, year_open: Any
) -> None:
    sub = _submitted(client, users)
    services.return_for_correction(
        member=sub.member, year=YEAR, comment="Cek akses layak", by=users["secretariat"]
    )
    html = client.get(_url()).content.decode()
    assert "Dikembalikan sekretariat untuk diperbaiki: Cek akses layak" in html
    assert not re.search(r'name="ind_akses_layak"[^>]*disabled', html)
    assert client.post(_url(), {"ind_akses_layak": "81"}).status_code == 302


def test_reopen_request_and_grant(client: Any, users: Any, year_open: Any) -> None:
    sub = _submitted(client, users)
    ask = reverse("data:reopen_request", args=["6474", YEAR])
    assert client.post(ask, {"reason": ""}).status_code == 200  # a reason is required
    assert client.post(ask, {"reason": "Salah ketik akses layak"}).status_code == 302
    request = ReopenRequest.objects.get()
    assert request.requested_by == users["bontang"] and request.is_pending
    assert "menunggu keputusan sekretariat" in client.get(_url()).content.decode()
    again = client.post(ask, {"reason": "lagi"})
    assert "sudah menunggu" in again.content.decode() and ReopenRequest.objects.count() == 1
    # the staff cannot grant it themselves
    grant = reverse("data:grant_reopen", args=[request.pk])
    assert client.post(grant).status_code == 403
    client.force_login(users["secretariat"])
    cycle = client.get(reverse("data:cycle_year", args=[YEAR])).content.decode()
    assert "Salah ketik akses layak" in cycle and grant in cycle
    assert client.post(grant).status_code == 302
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.DRAFT and sub.comment == "Salah ketik akses layak"
    assert sub.history.first().history_user == users["secretariat"]
    assert request.history.count() == 2
    client.force_login(users["bontang"])
    assert client.post(_url(), {"ind_akses_layak": "82"}).status_code == 302


def test_request_reopen_refuses_a_draft_and_other_members(users: Any, members: Any) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    draft = Submission.objects.create(member=members["6474"], year=YEAR)
    with pytest.raises(ValidationError):
        services.request_reopen(draft, users["bontang"], "x")
    draft.status = SubmissionStatus.VERIFIED
    draft.save()
    with pytest.raises(PermissionDenied):
        services.request_reopen(draft, users["balikpapan"], "x")
    assert services.request_reopen(draft, users["bontang"], "x").is_pending


# -- permissions and queries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("bontang", 200),
        ("balikpapan", 403),
        ("treasurer", 403),
        ("jury", 403),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_who_may_open_the_form(
    client: Any, users: Any, year_open: Any, who: str, status: int
) -> None:
    client.force_login(users[who])
    assert client.get(_url()).status_code == status
    ask = reverse("data:reopen_request", args=["6474", YEAR])
    assert client.get(ask).status_code == status


def test_the_public_is_sent_to_sign_in(client: Any, users: Any, year_open: Any) -> None:
    assert client.get(_url()).status_code == 302
    assert client.post(_url(), {"ind_akses_layak": "5"}).status_code == 302
    assert not IndicatorValue.objects.exists()


def test_the_form_reads_in_a_fixed_number_of_queries(
    client: Any, users: Any, members: Any, year_open: Any, django_assert_max_num_queries: Any
) -> None:
    for code in ["akses_layak", "akses_aman", "babs", "ssk_tahun", "sk_pokja"]:
        _store(members["6474"], YEAR - 1, code, "1")
        _store(members["6474"], YEAR, code, "1")
    client.force_login(users["bontang"])
    with django_assert_max_num_queries(14):
        assert client.get(_url()).status_code == 200


# -- opening a reporting year safely -----------------------------------------------------------


def test_opening_an_open_year_is_refused_and_changes_nothing(
    client: Any, users: Any, year_open: Any
) -> None:
    client.force_login(users["secretariat"])
    page = client.get(reverse("data:cycle"))
    assert page.context["form"].initial["year"] != YEAR  # never pre-filled with an open year
    response = client.post(
        reverse("data:cycle"),
        {"year": YEAR, "opens_on": "2026-01-01", "deadline": "2026-12-31"},
    )
    assert response.status_code == 200
    assert "Tahun pelaporan 2025 sudah dibuka" in str(response.context["form"].errors["year"])
    year_open.refresh_from_db()
    assert year_open.deadline == date(2026, 3, 31) and year_open.history.count() == 1


def test_opening_a_new_year_leaves_the_others(client: Any, users: Any, year_open: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("data:cycle"),
        {"year": YEAR + 1, "opens_on": "2027-01-01", "deadline": "2027-03-31"},
    )
    assert response.status_code == 302
    assert ReportingYear.objects.get(year=YEAR + 1).deadline == date(2027, 3, 31)
    year_open.refresh_from_db()
    assert year_open.deadline == date(2026, 3, 31)


def test_changing_a_deadline_asks_first_and_names_the_year(
    client: Any, users: Any, year_open: Any
) -> None:
    client.force_login(users["secretariat"])
    url = reverse("data:deadline", args=[YEAR])
    first = client.post(url, {"deadline": "2026-04-30"})
    html = first.content.decode()
    assert first.status_code == 200
    assert "tahun pelaporan 2025 akan bergeser dari 31 Maret 2026 menjadi 30 April 2026" in html
    year_open.refresh_from_db()
    assert year_open.deadline == date(2026, 3, 31)
    done = client.post(url, {"deadline": "2026-04-30", "confirmed": "True"})
    assert done.status_code == 302
    year_open.refresh_from_db()
    assert year_open.deadline == date(2026, 4, 30)
    assert year_open.history.first().history_user == users["secretariat"]


@pytest.mark.parametrize("who", ["bontang", "treasurer", "jury"])
def test_only_the_secretariat_changes_a_deadline(
    client: Any, users: Any, year_open: Any, who: str
) -> None:
    client.force_login(users[who])
    url = reverse("data:deadline", args=[YEAR])
    assert client.post(url, {"deadline": "2026-04-30", "confirmed": "True"}).status_code == 403
    year_open.refresh_from_db()
    assert year_open.deadline == date(2026, 3, 31)


def test_services_refuse_an_open_year_and_a_deadline_before_opening(
    users: Any, year_open: Any
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.open_year(
            year=YEAR, opens_on=date(2026, 1, 1), deadline=date(2026, 2, 1), by=users["admin"]
        )
    with pytest.raises(ValidationError):
        services.change_deadline(
            reporting_year=year_open,
            deadline=year_open.opens_on - timedelta(days=1),
            by=users["secretariat"],
        )


def test_a_closed_year_is_reopened_on_its_page_not_by_opening_it_again(
    client: Any, users: Any, year_open: Any
) -> None:
    client.force_login(users["secretariat"])
    page = reverse("data:cycle_year", args=[YEAR])
    assert "Ubah batas waktu" in client.get(page).content.decode()
    confirm(client, reverse("data:cycle_close", args=[YEAR]))
    refused = client.post(
        reverse("data:cycle"), {"year": YEAR, "opens_on": "2026-06-01", "deadline": "2026-12-31"}
    )
    assert "sudah ditutup" in str(refused.context["form"].errors["year"])
    client.post(page, {"action": "reopen"})
    year_open.refresh_from_db()
    assert year_open.is_open and year_open.opens_on == date(2026, 1, 1)


def test_the_member_page_leads_to_submitted_data(client: Any, users: Any, year_open: Any) -> None:
    _submitted(client, users)
    html = client.get(reverse("data:member_data", args=["6474"])).content.decode()
    assert f'href="{_url()}">lihat formulir, minta dibuka kembali' in html
