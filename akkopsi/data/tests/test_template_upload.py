"""The XLSX template (Indonesian, drop-downs, the open year) and the upload dry run (only real
changes, budget values shown, explanations typed in the preview)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from akkopsi.data import models as dm
from akkopsi.data.importing.checks import same_value
from akkopsi.data.tests.conftest import xlsx
from akkopsi.data.workbook import MONEY_FORMAT

pytestmark = pytest.mark.django_db


def _workbook(response: Any) -> Any:
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


def _store(member: Any, code: str, year: int, value: str, comment: str = "") -> None:
    dm.IndicatorValue.objects.create(
        member=member,
        indicator=dm.Indicator.objects.get(code=code),
        year=year,
        value=Decimal(value),
        comment=comment,
    )


def _preview(client: Any, data: bytes, name: str = "isi.xlsx") -> Any:
    response = client.post(reverse("data:upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return response


def _validations(ws: Any) -> dict[str, str]:
    """First cell of each validated range -> its type."""
    return {str(dv.sqref).split(":")[0]: dv.type for dv in ws.data_validations.dataValidation}


# -- the template ---------------------------------------------------------------------------


def test_template_is_indonesian_for_the_open_year_with_validations(
    client: Any, users: Any, open_year: Any
) -> None:
    dm.ReportingYear.objects.create(
        year=2025, opens_on=date(2026, 1, 1), deadline=date(2026, 3, 31), is_open=False
    )
    client.force_login(users["secretariat"])
    wb = _workbook(client.get(reverse("data:template")))  # no year asked: the open year
    assert wb.sheetnames == ["Petunjuk", "Data", "Anggaran", "APBD", "Keterangan"]
    data, budget, apbd = wb["Data"], wb["Anggaran"], wb["APBD"]
    header = [c.value for c in data[1]]
    assert header[:3] == ["kode", "nama", "tahun"] and header[-1] == "komentar"
    assert {r[2].value for r in data.iter_rows(min_row=2)} == {2024}
    assert [c.value for c in budget[1]] == [
        "kode", "nama", "tahun", "subsektor", "sumber", "tahap", "nilai"
    ]  # fmt: skip
    stages = [r[5].value for r in budget.iter_rows(min_row=2) if r[0].value == "6474"]
    assert stages.count("rencana") == stages.count("realisasi") == 35
    assert [r[3].value for r in apbd.iter_rows(min_row=2)][:2] == ["rencana", "realisasi"]
    every_text = {
        str(c.value).lower() for ws in wb for row in ws.iter_rows() for c in row if c.value
    }
    assert not {"planned", "realised"} & every_text
    assert "Templat data sanitasi AKKOPSI, tahun 2024" in every_text | {wb["Petunjuk"]["A1"].value}
    checks = _validations(data)
    boolean = get_col(header, "sk_pokja")
    assert checks["A2"] == "list" and checks["C2"] == "list" and checks[f"{boolean}2"] == "list"
    assert checks[f"{get_col(header, 'akses_layak')}2"] == "decimal"
    assert _validations(budget) == {
        "A2": "list", "C2": "list", "D2": "list", "E2": "list", "F2": "list", "G2": "decimal"
    }  # fmt: skip
    assert data.freeze_panes == "D2" and budget.freeze_panes == "D2"
    assert budget["G2"].number_format == MONEY_FORMAT
    lists = wb["Keterangan"]
    assert {c.value for c in lists["A"][1:]} >= {"6474", "6471"}
    assert [c.value for c in lists["F"][1:3]] == ["rencana", "realisasi"]


def get_col(header: list[Any], name: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(header.index(name) + 1)


def test_staff_template_is_their_member_with_last_year_optional(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    _store(members["6474"], "akses_layak", 2023, "70.5")
    _store(members["6474"], "sk_pokja", 2023, "1")
    client.force_login(users["bontang"])
    wb = _workbook(client.get(reverse("data:template")))
    data = wb["Data"]
    header = [c.value for c in data[1]]
    assert [r[0].value for r in data.iter_rows(min_row=2)] == ["6474"]
    row = data[2]
    assert row[header.index("akses_layak")].value is None  # nothing stored for 2024 yet
    guide = [[c.value for c in r] for r in wb["Petunjuk"].iter_rows()]
    head = next(r for r in guide if r[0] == "kode indikator")
    assert "nilai 2023" in head
    line = next(r for r in guide if r[0] == "akses_layak")
    assert line[head.index("nilai 2023")] == 70.5
    prefilled = _workbook(client.get(reverse("data:template"), {"sebelumnya": "1"}))["Data"][2]
    assert prefilled[header.index("akses_layak")].value == 70.5
    assert prefilled[header.index("sk_pokja")].value == "ya"
    # another member's template: refused
    assert client.get(reverse("data:template"), {"member": "6471"}).status_code in {403, 404}


def test_template_permissions(client: Any, users: Any, open_year: Any) -> None:
    url = reverse("data:template")
    assert client.get(url).status_code == 302  # public: to the login page
    for role in ("treasurer", "jury"):
        client.force_login(users[role])
        assert client.get(url).status_code == 403, role
    client.force_login(users["secretariat"])
    national = _workbook(client.get(url))["Data"]
    assert {r[0].value for r in national.iter_rows(min_row=2)} >= {"6474", "6471"}


def test_the_filled_template_round_trips_with_rencana_and_realisasi(
    client: Any, users: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    wb = _workbook(client.get(reverse("data:template")))
    header = [c.value for c in wb["Data"][1]]
    wb["Data"][2][header.index("akses_layak")].value = 81.25
    wb["Data"][2][header.index("sk_pokja")].value = "ya"
    for r in wb["Anggaran"].iter_rows(min_row=2):
        if (r[3].value, r[4].value) == ("air_limbah", "apbd_kabkota"):
            r[6].value = 2_000_000 if r[5].value == "rencana" else "1.500.000"
    wb["APBD"]["E2"], wb["APBD"]["E3"] = 900_000_000, "850.000.000"
    buf = io.BytesIO()
    wb.save(buf)
    preview = _preview(client, buf.getvalue())
    assert preview.context["preview"].ok, [str(p) for p in preview.context["preview"].errors]
    assert preview.context["counts"]["new"] == 6
    confirm = client.post(reverse("data:upload_confirm"), {"token": preview.context["token"]})
    assert confirm.status_code == 302
    stored = {b.stage: b.amount for b in dm.BudgetLine.objects.filter(subsector="air_limbah")}
    assert stored == {"planned": Decimal("2000000"), "realised": Decimal("1500000")}
    assert dm.ApbdTotal.objects.get(stage="realised").amount == Decimal("850000000")
    assert dm.IndicatorValue.objects.get(indicator__code="sk_pokja").value == 1


# -- the dry run: only real changes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "given"),
    [
        (Decimal("74.2000"), 74.2),
        (Decimal("74.2000"), Decimal("74.20")),
        (Decimal("74.2000"), "74.20"),
        (Decimal("25000000.00"), 25_000_000),
        (Decimal("0.1000"), 0.1),
        ("", None),
        (None, "  "),
        ("IPAL baru", " IPAL baru "),
    ],
)
def test_equal_values_of_other_types_are_the_same(stored: Any, given: Any) -> None:
    assert same_value(stored, given)


@pytest.mark.parametrize(
    ("stored", "given"), [(Decimal("74.2"), 74.21), ("", "baru"), (Decimal("1"), "ya")]
)
def test_different_values_are_not_the_same(stored: Any, given: Any) -> None:
    assert not same_value(stored, given)


def test_dry_run_counts_only_real_changes(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    bontang = members["6474"]
    for code, value in (("akses_layak", "74.2"), ("akses_aman", "12.5"), ("babs", "3")):
        _store(bontang, code, 2024, value)
    _store(bontang, "sk_pokja", 2024, "1")
    dm.BudgetLine.objects.create(
        member=bontang,
        year=2024,
        subsector="air_limbah",
        source="apbd_kabkota",
        stage="planned",
        amount=Decimal("25000000.00"),
    )
    data = xlsx(
        {
            "Data": [
                ["kode", "tahun", "akses_layak", "akses_aman", "babs", "sk_pokja", "komentar"],
                # a komentar on the row changes nothing by itself
                ["6474", 2024, 74.2, "12,50", "2", "ya", "data Dinkes"],
            ],
            "Anggaran": [
                ["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"],
                ["6474", 2024, "air_limbah", "apbd_kabkota", "rencana", "25.000.000"],
                ["6474", 2024, "persampahan", "apbd_kabkota", "rencana", 7_500_000],
            ],
        }
    )
    client.force_login(users["bontang"])
    response = _preview(client, data)
    counts = response.context["counts"]
    assert (counts["new"], counts["changed"], counts["unchanged"]) == (1, 1, 4)
    [(old, new)] = response.context["changed_values"]
    assert new.indicator == "babs" and old.value == Decimal("3") and new.value == Decimal("2")
    page = response.content.decode()
    assert 'id="count-changed">1<' in page and "Rp7.500.000" in page  # the new budget line
    assert "Persampahan" in page and "Rencana" in page
    client.post(reverse("data:upload_confirm"), {"token": response.context["token"]})
    babs = dm.IndicatorValue.objects.get(indicator__code="babs")
    assert babs.value == 2 and babs.comment == "data Dinkes"
    assert dm.IndicatorValue.objects.get(indicator__code="akses_layak").comment == ""


# -- explanations -------------------------------------------------------------------------


def _jump(members: Any, komentar: str | None = None) -> bytes:
    """akses_layak 60 stored for 2023; the file says 90 for 2024 (a jump asking for a comment)."""
    _store(members["6474"], "akses_layak", 2023, "60")
    header = ["kode", "tahun", "akses_layak", "akses_aman"]
    row: list[Any] = ["6474", 2024, 90, 20]
    if komentar is not None:
        header, row = [*header, "komentar"], [*row, komentar]
    return xlsx({"Data": [header, row]})


def test_komentar_column_explains_the_flag(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    response = _preview(client, _jump(members, "IPAL komunal baru beroperasi"))
    preview = response.context["preview"]
    assert len(preview.warnings) == 1 and not preview.unexplained
    # shown in its field, to keep or to edit
    assert 'name="penjelasan:Data!C2"' in response.content.decode()
    assert ">IPAL komunal baru beroperasi</textarea>" in response.content.decode()
    confirm = client.post(reverse("data:upload_confirm"), {"token": response.context["token"]})
    assert confirm.status_code == 302
    stored = dm.IndicatorValue.objects.get(indicator__code="akses_layak", year=2024)
    assert stored.value == 90 and stored.comment == "IPAL komunal baru beroperasi"


def test_explanation_typed_in_the_preview_is_stored(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    response = _preview(client, _jump(members))
    page = response.content.decode()
    assert 'name="penjelasan:Data!C2"' in page and "required" in page
    token = response.context["token"]
    refused = client.post(reverse("data:upload_confirm"), {"token": token})
    assert refused.status_code == 400
    assert "Jelaskan setiap nilai yang ditandai" in refused.content.decode()
    assert not dm.IndicatorValue.objects.filter(year=2024).exists()  # nothing written
    saved = client.post(
        reverse("data:upload_confirm"),
        {"token": token, "penjelasan:Data!C2": "Sambungan rumah baru 2024"},
    )
    assert saved.status_code == 302
    stored = dm.IndicatorValue.objects.get(indicator__code="akses_layak", year=2024)
    assert stored.comment == "Sambungan rumah baru 2024"
    assert dm.IndicatorValue.objects.get(indicator__code="akses_aman").comment == ""


def test_an_explanation_for_a_cell_that_is_not_flagged_is_ignored(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    token = _preview(client, _jump(members)).context["token"]
    client.post(
        reverse("data:upload_confirm"),
        {"token": token, "penjelasan:Data!C2": "alasan", "penjelasan:Data!D2": "sisipan"},
    )
    assert dm.IndicatorValue.objects.get(indicator__code="akses_aman").comment == ""


# -- bad input, atomicity, permissions -----------------------------------------------------


def test_bad_cell_names_sheet_row_column_and_nothing_is_written(
    client: Any, users: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    data = xlsx(
        {
            "Data": [
                ["kode", "tahun", "akses_layak", "akses_aman"],
                ["6474", 2024, 80, "banyak"],
            ]
        }
    )
    response = _preview(client, data)
    assert response.context["token"] == ""
    problem = response.context["preview"].errors[0]
    assert (problem.where.sheet, problem.where.cell) == ("Data", "D2")
    # Named by its label, not its code (the entry-form change): sheet, cell and indicator.
    assert "akses sanitasi aman" in problem.message and "bukan angka" in problem.message
    assert "akses_aman" not in problem.message
    page = response.content.decode()
    assert "Tidak ada yang disimpan" in page and "confirm-form" not in page
    assert client.post(reverse("data:upload_confirm"), {"token": "palsu"}).status_code == 302
    assert not dm.IndicatorValue.objects.exists() and not dm.ImportBatch.objects.exists()


def test_staff_upload_only_their_own_member(client: Any, users: Any, open_year: Any) -> None:
    client.force_login(users["bontang"])
    data = xlsx({"Data": [["kode", "tahun", "akses_layak"], ["6471", 2024, 80]]})
    response = _preview(client, data)
    assert "kabupaten/kota Anda sendiri" in str(response.context["preview"].errors[0])
    client.force_login(users["secretariat"])
    assert _preview(client, data).context["preview"].ok  # the secretariat: national
    for role in ("treasurer", "jury"):
        client.force_login(users[role])
        assert client.get(reverse("data:upload")).status_code == 403, role
    client.logout()
    assert client.get(reverse("data:upload")).status_code == 302


def _rows(members: list[Any]) -> bytes:
    head = ["kode", "tahun", "akses_layak", "akses_aman", "babs"]
    budget = [["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"]]
    budget += [[m.code, 2024, "air_limbah", "apbn", "rencana", 1_000_000] for m in members]
    data = [head] + [[m.code, 2024, 70, 20, 2] for m in members]
    return xlsx({"Data": data, "Anggaran": budget})


def _queries(client: Any, data: bytes) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as previewed:
        token = _preview(client, data).context["token"]
    with CaptureQueriesContext(connection) as confirmed:
        response = client.post(reverse("data:upload_confirm"), {"token": token})
    assert response.status_code == 302
    return len(previewed), len(confirmed)


def test_preview_and_confirm_queries_do_not_grow_with_the_rows(
    client: Any, users: Any, many_members: Any
) -> None:
    client.force_login(users["secretariat"])
    few = _queries(client, _rows(many_members[:3]))
    dm.IndicatorValue.objects.all().delete()
    dm.BudgetLine.objects.all().delete()
    many = _queries(client, _rows(many_members))
    assert many == few
