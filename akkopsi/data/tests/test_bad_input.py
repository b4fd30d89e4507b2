"""A corpus of bad workbooks and payloads: each is refused with the precise message (in
Indonesian, naming sheet and cell) and nothing is written. Quirks that are safely understood
are in test_cells.py; docs/data-import.md lists every decision."""

from __future__ import annotations

from typing import Any

import pytest

from akkopsi.data.importing.service import commit, dry_run_file
from akkopsi.data.models import ApbdTotal, BudgetLine, ImportBatch, IndicatorValue
from akkopsi.data.tests.conftest import xlsx

pytestmark = pytest.mark.django_db

H = ["kode", "tahun", "indikator", "nilai"]
B = ["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"]
A = ["kode", "tahun", "tahap", "apbd"]


def ok_long(*rows: list[Any]) -> bytes:
    return xlsx({"Data": [H, *rows]})


CORPUS: list[tuple[str, bytes, str, str]] = [
    # (case, file, cell, expected message fragment)
    (
        "text in a number cell",
        ok_long(["6474", 2024, "akses_layak", "delapan puluh"]),
        "Data!D2",
        "bukan angka",
    ),
    (
        "value above the valid range",
        ok_long(["6474", 2024, "akses_layak", 120]),
        "Data!D2",
        "harus di antara 0 dan 100",
    ),
    (
        "negative percentage",
        ok_long(["6474", 2024, "babs", -3]),
        "Data!D2",
        "harus di antara 0 dan 100",
    ),
    (
        "unknown member code",
        ok_long(["9999", 2024, "akses_layak", 80]),
        "Data!A2",
        "tidak ada anggota dengan kode 9999",
    ),
    (
        "code with three digits",
        ok_long(["647", 2024, "akses_layak", 80]),
        "Data!A2",
        "bukan kode kabupaten/kota empat angka",
    ),
    (
        "unknown indicator",
        ok_long(["6474", 2024, "akses_bagus", 80]),
        "Data!C2",
        "kode indikator tidak dikenal",
    ),
    ("year as text", ok_long(["6474", "dua ribu", "akses_layak", 80]), "Data!B2", "bukan tahun"),
    ("year in the future", ok_long(["6474", 2031, "akses_layak", 80]), "Data!B2", "di masa depan"),
    ("year with decimals", ok_long(["6474", 2024.5, "akses_layak", 80]), "Data!B2", "bukan tahun"),
    (
        "duplicate within the file",
        ok_long(["6474", 2024, "akses_layak", 80], ["6474", 2024, "akses_layak", 81]),
        "Data!D3",
        "dua kali",
    ),
    (
        "percent written as 0-1",
        ok_long(["6474", 2024, "akses_layak", 0.8], ["6471", 2024, "akses_layak", 0.75]),
        "Data!D2",
        "pecahan",
    ),
    (
        "count with decimals",
        ok_long(["6474", 2024, "iplt_beroperasi", 1.5]),
        "Data!D2",
        "bilangan bulat",
    ),
    (
        "yes/no written as a word not understood",
        ok_long(["6474", 2024, "sk_pokja", "mungkin"]),
        "Data!D2",
        "bukan ya/tidak",
    ),
    (
        "date in a number cell",
        xlsx(
            {
                "Data": [
                    H,
                    ["6474", 2024, "akses_layak", __import__("datetime").datetime(2024, 1, 1)],
                ]
            }
        ),
        "Data!D2",
        "tanggal",
    ),
    (
        "misplaced separators",
        ok_long(["6474", 2024, "akses_layak", "8.0.5"]),
        "Data!D2",
        "bukan angka",
    ),
    (
        "percent sign on a count",
        ok_long(["6474", 2024, "iplt_beroperasi", "2%"]),
        "Data!D2",
        "tanda persen",
    ),
    (
        "missing code",
        ok_long([None, 2024, "akses_layak", 80]),
        "Data!A2",
        "kode kabupaten/kota tidak ada",
    ),
    ("missing year", ok_long(["6474", None, "akses_layak", 80]), "Data!B2", "tahun tidak ada"),
    (
        "merged cells",
        xlsx(
            {"Data": [H, ["6474", 2024, "akses_layak", 80], ["6474", 2024, "babs", 2]]},
            merge="A2:A3",
        ),
        "",
        "sel yang digabung",
    ),
    (
        "extra unknown sheet",
        xlsx(
            {"Data": [H, ["6474", 2024, "akses_layak", 80]], "Catatan": [["apa", "saja"], [1, 2]]}
        ),
        "Catatan!1",
        "tidak cocok dengan tata letak",
    ),
    (
        "header with unknown indicator column",
        xlsx({"Data": [["kode", "tahun", "akses_layak", "akses_lain"], ["6474", 2024, 80, 1]]}),
        "Data!1",
        "kolom indikator tidak dikenal",
    ),
    (
        "value in a column without header",
        xlsx({"Data": [H, ["6474", 2024, "akses_layak", 80, "liar"]]}),
        "Data!E2",
        "tanpa judul",
    ),
    (
        "a column named twice",
        xlsx(
            {
                "Data": [
                    ["kode", "tahun", "indikator", "nilai", "nilai"],
                    ["6474", 2024, "akses_layak", 80, 81],
                ]
            }
        ),
        "Data!1",
        "dua kali",
    ),
    ("not an XLSX but a PDF", b"%PDF-1.4 not a spreadsheet", "", "bukan lembar kerja"),
    ("an old .xls file", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "", ".xls"),
    ("an empty file", b"", "", "kosong"),
    ("a broken zip pretending to be XLSX", b"PK\x03\x04garbage", "", "tidak dapat dibuka"),
    (
        "a huge file",
        b"kode,tahun,indikator,nilai\n" + b"6474,2024,akses_layak,80\n" * 480_000,
        "",
        "lebih besar dari",
    ),
    ("a sheet with only a header", xlsx({"Data": [H]}), "", "tidak berisi data"),
    (
        "negative money",
        xlsx(
            {"Anggaran": [B, ["6474", 2024, "air_limbah", "apbd_kabkota", "planned", -5_000_000]]}
        ),
        "Anggaran!F2",
        "negatif",
    ),
    (
        "money with three decimals",
        xlsx(
            {"Anggaran": [B, ["6474", 2024, "air_limbah", "apbd_kabkota", "planned", "1500,125"]]}
        ),
        "Anggaran!F2",
        "lebih dari dua desimal",
    ),
    (
        "unknown funding source",
        xlsx({"Anggaran": [B, ["6474", 2024, "air_limbah", "arisan", "planned", 5]]}),
        "Anggaran!D2",
        "sumber tidak dikenal",
    ),
    (
        "unknown stage",
        xlsx({"Anggaran": [B, ["6474", 2024, "air_limbah", "apbd_kabkota", "kira-kira", 5]]}),
        "Anggaran!E2",
        "tahap tidak dikenal",
    ),
    (
        "unknown sub-sector",
        xlsx({"Anggaran": [B, ["6474", 2024, "air_minum", "apbd_kabkota", "planned", 5]]}),
        "Anggaran!C2",
        "subsektor tidak dikenal",
    ),
    (
        "APBD total of zero",
        xlsx({"APBD": [A, ["6474", 2024, "planned", 0]]}),
        "APBD!D2",
        "lebih dari nol",
    ),
    (
        "sanitation spending above the APBD",
        xlsx(
            {
                "APBD": [A, ["6474", 2024, "planned", "1.000.000.000"]],
                "Anggaran": [
                    B,
                    ["6474", 2024, "air_limbah", "apbd_kabkota", "planned", "800.000.000"],
                    ["6474", 2024, "persampahan", "apbd_kabkota", "planned", "300.000.000"],
                ],
            }
        ),
        "",
        "melebihi total APBD",
    ),
    (
        "realised data for a future year",
        xlsx({"APBD": [A, ["6474", 2030, "realised", "1.000.000.000"]]}),
        "APBD!B2",
        "di masa depan",
    ),
]


@pytest.mark.parametrize(("case", "data", "cell", "message"), CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_file_is_refused_with_a_precise_message(
    members: Any, users: Any, case: str, data: bytes, cell: str, message: str
) -> None:
    preview = dry_run_file(
        data,
        "uji.xlsx" if data[:2] == b"PK" else "uji.csv",
        users["secretariat"],
        current_year=2025,
    )
    assert not preview.ok, case
    texts = [str(p) for p in preview.errors]
    assert any(message in t for t in texts), texts
    if cell:
        assert any(t.startswith(cell) for t in texts if message in t), texts
    with pytest.raises(Exception):  # noqa: B017 - ImportRefused
        commit(preview, by=users["secretariat"])
    assert (
        not IndicatorValue.objects.exists()
        and not BudgetLine.objects.exists()
        and not ApbdTotal.objects.exists()
    )
    assert not ImportBatch.objects.exists()


def test_corpus_has_at_least_thirty_cases() -> None:
    assert len(CORPUS) >= 30


def test_one_bad_row_stops_the_whole_file(members: Any, users: Any) -> None:
    data = ok_long(
        ["6474", 2024, "akses_layak", 80],
        ["6471", 2024, "akses_layak", 70],
        ["6474", 2024, "babs", "banyak"],
    )
    preview = dry_run_file(data, "uji.xlsx", users["secretariat"], current_year=2025)
    assert len(preview.errors) == 1 and len(preview.values.new) == 2
    assert not IndicatorValue.objects.exists()


def test_every_problem_is_listed_not_just_the_first(members: Any, users: Any) -> None:
    data = ok_long(
        ["9999", 2024, "akses_layak", 80],
        ["6474", 2031, "babs", 2],
        ["6474", 2024, "xx", 1],
        ["6474", 2024, "babs", "?"],
    )
    preview = dry_run_file(data, "uji.xlsx", users["secretariat"], current_year=2025)
    assert [p.where.cell for p in preview.errors] == ["A2", "B3", "C4", "D5"]


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (
            {
                "values": [
                    {"kode": "6474", "tahun": "2024", "indikator": "akses_layak", "nilai": "abc"}
                ]
            },
            "values!values[0].nilai",
        ),
        (
            {
                "values": [
                    {"kode": "6471", "tahun": "2024", "indikator": "akses_layak", "nilai": "80"}
                ]
            },
            "hanya boleh melaporkan data kabupaten/kota Anda sendiri",
        ),
        (
            {
                "budget": [
                    {
                        "kode": "6474",
                        "tahun": "2024",
                        "subsektor": "air_limbah",
                        "sumber": "apbn",
                        "tahap": "planned",
                        "nilai": "-1",
                    }
                ]
            },
            "negatif",
        ),
        (
            {"apbd": [{"kode": "6474", "tahun": "2023", "tahap": "planned", "apbd": "1000"}]},
            "tidak dibuka untuk pelaporan",
        ),
    ],
)
def test_bad_api_payloads_are_refused(
    client: Any, users: Any, open_year: Any, payload: dict[str, Any], fragment: str
) -> None:
    client.force_login(users["bontang"])
    response = client.post("/api/data/import/", payload, content_type="application/json")
    assert response.status_code == 400
    assert any(fragment in e for e in response.json()["errors"]), response.json()
    assert (
        not IndicatorValue.objects.exists()
        and not BudgetLine.objects.exists()
        and not ApbdTotal.objects.exists()
    )


def test_api_payload_of_wrong_shape(client: Any, users: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        "/api/data/import/", {"values": [{"kode": "6474"}]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "tahun" in response.json()["values"]["0"]
