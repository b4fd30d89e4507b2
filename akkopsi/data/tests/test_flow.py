from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from akkopsi.data import services
from akkopsi.data.importing.service import ImportRefused, commit, dry_run_file
from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    ImportBatch,
    IndicatorValue,
    ReminderLog,
    Submission,
)
from akkopsi.data.tests.conftest import xlsx

pytestmark = pytest.mark.django_db


def _fill_template(content: bytes) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    row = ws[2]
    row[header.index("akses_layak")].value = 84.5
    row[header.index("akses_aman")].value = "12,25"
    row[header.index("babs")].value = 1.5
    row[header.index("sk_pokja")].value = "ya"
    budget = wb["Anggaran"]
    for r in budget.iter_rows(min_row=2):
        if (r[3].value, r[4].value, r[5].value) == ("air_limbah", "apbd_kabkota", "rencana"):
            r[6].value = "25.000.000.000"
        if (r[3].value, r[4].value, r[5].value) == ("persampahan", "apbd_kabkota", "rencana"):
            r[6].value = 10_000_000_000.5
    apbd = wb["APBD"]
    apbd["E2"] = "1.500.000.000.000"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(client: Any, data: bytes, name: str = "templat.xlsx", comment: str = "") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(reverse("data:upload"), {"file": SimpleUploadedFile(name, data)})
    assert preview.status_code == 200
    assert preview.context["preview"].ok, [str(p) for p in preview.context["preview"].errors]
    return client.post(
        reverse("data:upload_confirm"), {"token": preview.context["token"], "comment": comment}
    )


def _round_trip(client: Any, users: Any, filled: bytes) -> None:
    response = _upload(client, filled)
    assert response.status_code == 302
    assert IndicatorValue.objects.get(
        member__regency_id="6474", indicator__code="akses_aman", year=2024
    ).value == Decimal("12.25")
    assert BudgetLine.objects.get(
        member__regency_id="6474",
        year=2024,
        subsector="persampahan",
        source="apbd_kabkota",
        stage="planned",
    ).amount == Decimal("10000000000.50")
    batch = ImportBatch.objects.get()
    assert batch.uploaded_by == users["bontang"] and batch.created == 7 and len(batch.sha256) == 64
    # Public sees nothing before verification
    client.logout()
    assert client.get("/api/values/", {"member": "6474", "year": 2024}).json()["count"] == 0
    client.force_login(users["bontang"])
    assert (
        client.post(reverse("data:submission_action", args=["6474", 2024, "submit"])).status_code
        == 302
    )
    client.force_login(users["secretariat"])
    assert (
        client.post(reverse("data:submission_action", args=["6474", 2024, "verify"])).status_code
        == 302
    )
    client.logout()
    values = {
        v["indicator"]: v["value"]
        for v in client.get("/api/values/", {"member": "6474", "year": 2024}).json()["results"]
    }
    assert values["akses_layak"] == "84.5000" and values["akses_aman"] == "12.2500"
    page = client.get(reverse("data:province", args=["64"]), {"tahun": 2024})
    row = next(r for r in page.context["rows"] if r["member"].code == "6474")
    assert row["akses_layak"] == Decimal("84.5") and row["share"] == Decimal(
        "2.33"
    )  # (25 + 10,0000000005) / 1.500 billion
    assert row["meets"] is True


def test_template_filled_with_openpyxl_round_trips(client: Any, users: Any, open_year: Any) -> None:
    client.force_login(users["bontang"])
    template = client.get(reverse("data:template"), {"year": 2024})
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    _round_trip(client, users, _fill_template(template.content))


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (libreoffice-calc) is not installed; .ci/run installs it",
)
def test_template_saved_by_libreoffice_round_trips(
    client: Any, users: Any, open_year: Any, tmp_path: Path
) -> None:
    """Filled by openpyxl, then opened and saved again by LibreOffice headless, as a user would."""
    client.force_login(users["bontang"])
    filled = _fill_template(client.get(reverse("data:template"), {"year": 2024}).content)
    src = tmp_path / "isi.xlsx"
    src.write_bytes(filled)
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = (out / "isi.xlsx").read_bytes()
    assert saved != filled
    _round_trip(client, users, saved)


def test_warnings_need_a_comment_and_the_comment_is_kept(members: Any, users: Any) -> None:
    user = users["secretariat"]
    commit(
        dry_run_file(
            xlsx({"Data": [["kode", "tahun", "akses_layak"], ["6474", 2023, 60]]}),
            "a.xlsx",
            user,
            current_year=2025,
        ),
        by=user,
    )
    jump = dry_run_file(
        xlsx({"Data": [["kode", "tahun", "akses_layak"], ["6474", 2024, 90]]}),
        "b.xlsx",
        user,
        current_year=2025,
    )
    assert jump.ok and len(jump.warnings) == 1 and "berubah 30" in jump.warnings[0].message
    with pytest.raises(ImportRefused):
        commit(jump, by=user)
    commit(jump, by=user, comment="IPAL komunal baru beroperasi")
    assert IndicatorValue.objects.get(year=2024).comment == "IPAL komunal baru beroperasi"


def test_outliers_among_members_are_flagged(many_members: Any, users: Any) -> None:
    rows = (
        [["kode", "tahun", "akses_layak"]]
        + [[m.code, 2024, 70 + i % 3] for i, m in enumerate(many_members)]
        + [["6474", 2024, 5]]
    )
    preview = dry_run_file(xlsx({"Data": rows}), "a.xlsx", users["secretariat"], current_year=2025)
    flagged = [w for w in preview.warnings if "sangat berbeda" in w.message]
    assert [w.value for w in flagged] == ["5"]


def test_verified_data_is_locked_until_reopened_with_a_reason(
    members: Any, users: Any, open_year: Any
) -> None:
    staff = users["bontang"]
    data = xlsx({"Data": [["kode", "tahun", "akses_layak"], ["6474", 2024, 80]]})
    commit(dry_run_file(data, "a.xlsx", staff, current_year=2025), by=staff)
    services.submit(member=members["6474"], year=2024, by=staff)
    again = dry_run_file(
        xlsx({"Data": [["kode", "tahun", "akses_layak"], ["6474", 2024, 81]]}),
        "b.xlsx",
        staff,
        current_year=2025,
    )
    assert "menunggu verifikasi" in str(again.errors[0])
    services.verify(member=members["6474"], year=2024, by=users["secretariat"])
    assert not dry_run_file(
        xlsx({"Data": [["kode", "tahun", "akses_layak"], ["6474", 2024, 81]]}),
        "b.xlsx",
        users["secretariat"],
        current_year=2025,
    ).ok
    with pytest.raises(Exception):  # noqa: B017
        services.reopen(member=members["6474"], year=2024, reason=" ", by=users["secretariat"])
    services.reopen(
        member=members["6474"], year=2024, reason="salah ketik akses layak", by=users["secretariat"]
    )
    assert dry_run_file(
        xlsx({"Data": [["kode", "tahun", "akses_layak"], ["6474", 2024, 81]]}),
        "b.xlsx",
        staff,
        current_year=2025,
    ).ok
    sub = Submission.objects.get(member=members["6474"], year=2024)
    assert sub.history.first().history_change_reason == "salah ketik akses layak"


def test_value_history_shows_who_old_value_and_file(client: Any, members: Any, users: Any) -> None:
    user = users["secretariat"]
    commit(
        dry_run_file(
            xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2024, 5]]}),
            "pertama.xlsx",
            user,
            current_year=2025,
        ),
        by=user,
        filename="pertama.xlsx",
    )
    commit(
        dry_run_file(
            xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2024, 4]]}),
            "kedua.xlsx",
            user,
            current_year=2025,
        ),
        by=user,
        filename="kedua.xlsx",
    )
    client.force_login(users["bontang"])
    entries = client.get(reverse("data:value_history", args=["6474"])).context["entries"]
    latest = entries[0]
    assert latest["old"] == Decimal("5.0000") and latest["record"].value == Decimal("4.0000")
    assert (
        latest["record"].batch.file_name == "kedua.xlsx" and latest["record"].history_user == user
    )


def test_import_queries_do_not_grow_with_rows(many_members: Any, users: Any) -> None:
    user = users["secretariat"]

    def run(members: list[Any], year: int) -> int:
        rows = [["kode", "tahun", "akses_layak", "babs"]] + [[m.code, year, 70, 2] for m in members]
        budget = [["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"]] + [
            [m.code, year, "air_limbah", "apbn", "planned", 1000] for m in members
        ]
        data = xlsx({"Data": rows, "Anggaran": budget})
        with CaptureQueriesContext(connection) as ctx:
            commit(dry_run_file(data, "a.xlsx", user, current_year=2025), by=user)
        return len(ctx)

    assert run(many_members[:3], 2020) == run(many_members, 2021)


def test_staff_upload_only_their_own_member_and_open_years(
    members: Any, users: Any, open_year: Any
) -> None:
    staff = users["bontang"]
    other = dry_run_file(
        xlsx({"Data": [["kode", "tahun", "babs"], ["6471", 2024, 5]]}),
        "a.xlsx",
        staff,
        current_year=2025,
    )
    assert "sendiri" in str(other.errors[0])
    closed = dry_run_file(
        xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2019, 5]]}),
        "a.xlsx",
        staff,
        current_year=2025,
    )
    assert "tidak dibuka" in str(closed.errors[0])


def test_only_the_secretariat_verifies(
    client: Any, members: Any, users: Any, open_year: Any
) -> None:
    staff = users["bontang"]
    commit(
        dry_run_file(
            xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2024, 5]]}),
            "a.xlsx",
            staff,
            current_year=2025,
        ),
        by=staff,
    )
    services.submit(member=members["6474"], year=2024, by=staff)
    for who in ["bontang", "balikpapan", "treasurer", "jury"]:
        client.force_login(users[who])
        assert (
            client.post(
                reverse("data:submission_action", args=["6474", 2024, "verify"])
            ).status_code
            == 403
        )
    assert Submission.objects.get(member=members["6474"], year=2024).status == "submitted"


def test_staff_cannot_open_another_members_entry_form(
    client: Any, users: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    assert client.get(reverse("data:entry", args=["6471", 2024])).status_code == 403
    assert (
        client.post(reverse("data:entry", args=["6471", 2024]), {"ind_babs": "5"}).status_code
        == 403
    )
    assert not IndicatorValue.objects.exists()


def test_entry_form_saves_through_the_same_checks(client: Any, users: Any, open_year: Any) -> None:
    client.force_login(users["bontang"])
    url = reverse("data:entry", args=["6474", 2024])
    bad = client.post(url, {"ind_akses_layak": "150", "apbd_planned": "-5"})
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "harus di antara" in str(errors["ind_akses_layak"]) and "negatif" in str(
        errors["apbd_planned"]
    )
    assert not IndicatorValue.objects.exists() and not ApbdTotal.objects.exists()
    ok = client.post(
        url,
        {
            "ind_akses_layak": "80,5",
            "apbd_planned": "1.000.000.000",
            "b_air_limbah_apbd_kabkota_planned": "30.000.000",
        },
    )
    assert ok.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("80.5")
    assert BudgetLine.objects.get().amount == Decimal("30000000.00")


def test_api_write_with_dry_run_writes_nothing(client: Any, users: Any, open_year: Any) -> None:
    client.force_login(users["bontang"])
    payload = {
        "values": [{"kode": "6474", "tahun": "2024", "indikator": "akses_layak", "nilai": "80,5"}],
        "dry_run": True,
    }
    response = client.post("/api/data/import/", payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["new"] == 1
    assert not IndicatorValue.objects.exists()
    payload["dry_run"] = False
    assert (
        client.post("/api/data/import/", payload, content_type="application/json").status_code
        == 201
    )
    assert IndicatorValue.objects.get().value == Decimal("80.5")


def test_public_api_and_pages_show_verified_data_only(
    client: Any, members: Any, users: Any
) -> None:
    user = users["secretariat"]
    commit(
        dry_run_file(
            xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2023, 5], ["6471", 2023, 7]]}),
            "a.xlsx",
            user,
            current_year=2025,
        ),
        by=user,
    )
    services.submit(member=members["6474"], year=2023, by=user)
    services.verify(member=members["6474"], year=2023, by=user)
    assert [v["member"] for v in client.get("/api/values/").json()["results"]] == ["6474"]
    table = client.get(reverse("data:member_data", args=["6471"])).context["table"]
    assert all(v is None for _i, row in table for v in row)
    client.force_login(users["balikpapan"])  # own drafts are visible to own staff
    assert sorted(v["member"] for v in client.get("/api/values/").json()["results"]) == [
        "6471",
        "6474",
    ]
    client.force_login(users["bontang"])
    assert [v["member"] for v in client.get("/api/values/").json()["results"]] == ["6474"]


def test_dashboard_queries_do_not_grow_with_members(
    client: Any, many_members: Any, users: Any
) -> None:
    user = users["secretariat"]

    def load(members: list[Any], year: int) -> int:
        rows = [["kode", "tahun", "akses_layak", "akses_aman", "babs"]] + [
            [m.code, year, 70, 10, 2] for m in members
        ]
        commit(dry_run_file(xlsx({"Data": rows}), "a.xlsx", user, current_year=2025), by=user)
        for m in members:
            services.submit(member=m, year=year, by=user)
            services.verify(member=m, year=year, by=user)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("data:national"), {"tahun": year})
        assert page.status_code == 200
        return len(ctx)

    assert load(many_members[:2], 2020) == load(many_members, 2021)


def test_reminders_go_to_members_that_have_not_submitted_once_a_day(
    members: Any, users: Any, open_year: Any
) -> None:
    from akkopsi.data.reminders import send_reminders

    staff = users["bontang"]
    commit(
        dry_run_file(
            xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2024, 5]]}),
            "a.xlsx",
            staff,
            current_year=2025,
        ),
        by=staff,
    )
    services.submit(member=members["6474"], year=2024, by=staff)
    assert (
        send_reminders(open_year) == 1
    )  # Balikpapan has staff with e-mail; Bontang submitted; Buleleng has no addressee
    assert mail.outbox[0].to == ["staf-6471@contoh.go.id"] and "2024" in mail.outbox[0].subject
    assert ReminderLog.objects.count() == 1
    assert send_reminders(open_year) == 0
