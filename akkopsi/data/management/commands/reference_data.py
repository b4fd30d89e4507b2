"""Feed the real published files in ../shared/data through the importer users use.

BPS akses sanitasi layak 2021 (514 kabupaten/kota), Dukcapil population 2024 and DJPK APBD
totals 2021-2025 (with sen) are rewritten into the importer's own layouts (kode, tahun, ...)
and dry-run; rows the importer rejects are listed and left out, the rest is committed in one
import each. Then the national and province figures that follow are printed.

Meant for a throwaway database (``make reference`` uses var/reference.sqlite3): every
kabupaten/kota is registered as a member so that real codes can be checked.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from akkopsi.accounts.models import Role, User
from akkopsi.core.formatting import format_number, format_rupiah
from akkopsi.data.importing.service import commit, dry_run_file
from akkopsi.data.models import ApbdTotal, IndicatorValue
from akkopsi.engines.rules import median
from akkopsi.members.models import Member, MembershipPeriod
from akkopsi.regions.models import Population, Province, Regency


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode()


class Command(BaseCommand):
    help = "Import the real BPS/Dukcapil/DJPK files through the importer and print what happened."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data-dir", default="../shared/data")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["data_dir"])
        if not folder.is_dir():
            self.stdout.write(
                f"{folder} is not there; nothing to check (a fresh clone has no ../shared)."
            )
            return
        if Regency.objects.count() != 514:
            raise CommandError("Load the region registry first (akkopsi load_regions).")
        user, _ = User.objects.get_or_create(
            username="referensi",
            defaults={"role": Role.SECRETARIAT, "full_name": "Pemeriksaan data referensi"},
        )
        existing = set(Member.objects.values_list("regency_id", flat=True))
        new = [
            Member(regency_id=c, membership_number=f"REF-{c}")
            for c in Regency.objects.values_list("code", flat=True)
            if c not in existing
        ]
        Member.objects.bulk_create(new)
        MembershipPeriod.objects.bulk_create(
            [
                MembershipPeriod(member=m, joined_on=date(2010, 1, 1))
                for m in Member.objects.filter(regency_id__in=[n.regency_id for n in new])
            ]
        )

        sanitation = list(csv.DictReader((folder / "sanitasi_airminum_kabkota_2021.csv").open()))
        self._import(
            user,
            "BPS akses sanitasi layak 2021",
            ["kode", "tahun", "indikator", "nilai"],
            [
                [r["kode"], r["tahun"], "akses_layak", r["sanitasi_layak_persen"]]
                for r in sanitation
                if r["sanitasi_layak_persen"]
            ],
        )
        people = list(csv.DictReader((folder / "penduduk_kabkota_2024.csv").open()))
        self._import(
            user,
            "Dukcapil penduduk 2024",
            ["kode", "tahun", "penduduk"],
            [[r["kode"], r["tahun"], r["penduduk_total"]] for r in people],
        )
        apbd = list(csv.DictReader((folder / "apbd_kabkota_2021_2025.csv").open()))
        stage = {"Anggaran": "planned", "Realisasi": "realised"}
        self._import(
            user,
            "DJPK APBD (belanja) 2021-2025",
            ["kode", "tahun", "tahap", "apbd"],
            [
                [r["kode"], r["tahun"], stage[r["jenis"]], r["belanja"]]
                for r in apbd
                if r["belanja"]
            ],
        )
        self._figures()

    def _import(self, user: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
        self.stdout.write(f"\n== {title}: {len(rows):,} rows")
        data = _csv(header, rows)
        preview = dry_run_file(data, f"{title}.csv", user)
        bad_rows = {
            int("".join(ch for ch in p.where.cell if ch.isdigit()) or 0) for p in preview.errors
        }
        if preview.errors:
            by_message = Counter(p.message.split(";")[0] for p in preview.errors)
            self.stdout.write(f"   rejected: {len(bad_rows)} rows")
            for message, n in by_message.most_common(8):
                self.stdout.write(f"     {n:>5} x {message}")
            for p in preview.errors[:5]:
                self.stdout.write(f"     e.g. {p}")
            kept = [r for i, r in enumerate(rows, start=2) if i not in bad_rows]
            data = _csv(header, kept)
            preview = dry_run_file(data, f"{title}.csv", user)
        if preview.warnings:
            self.stdout.write(f"   warned: {len(preview.warnings)}")
            for p in preview.warnings[:5]:
                self.stdout.write(f"     e.g. {p}")
        with transaction.atomic():
            batch = commit(
                preview,
                by=user,
                data=data,
                filename=f"{title}.csv",
                comment="referensi: data resmi" if preview.warnings else "",
            )
        self.stdout.write(
            f"   accepted: {batch.created + batch.changed + batch.unchanged:,} values ({batch.created:,} new, {batch.changed:,} changed)"
        )

    def _figures(self) -> None:
        self.stdout.write("\n== Figures from the imported data")
        layak = list(
            IndicatorValue.objects.filter(indicator__code="akses_layak", year=2021).values_list(
                "member__regency__province_id", "value"
            )
        )
        values = [v for _p, v in layak]
        if values:
            self.stdout.write(
                f"   akses sanitasi layak 2021: {len(values)} kab/kota, median {format_number(median(values), 2)}%, "
                f"lowest {format_number(min(values), 2)}%, highest {format_number(max(values), 2)}%; "
                f"{sum(v >= 90 for v in values)} at or above the RPJMN 2024 target of 90%"
            )
        names = dict(Province.objects.values_list("code", "name"))
        by_prov: dict[str, list[Decimal]] = defaultdict(list)
        for prov, v in layak:
            by_prov[prov].append(v)
        ranked = sorted(((median(v), p) for p, v in by_prov.items()), reverse=True)
        self.stdout.write(
            "   province medians (highest 5, lowest 5): "
            + "; ".join(f"{names[p]} {format_number(m, 1)}%" for m, p in ranked[:5])
            + " ... "
            + "; ".join(f"{names[p]} {format_number(m, 1)}%" for m, p in ranked[-5:])
        )
        totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        counts: Counter[tuple[int, str]] = Counter()
        for year, stage, amount in ApbdTotal.objects.values_list("year", "stage", "amount"):
            totals[(year, stage)] += amount
            counts[(year, stage)] += 1
        for key in sorted(totals):
            self.stdout.write(
                f"   APBD belanja {key[0]} {key[1]:<8}: {counts[key]} kab/kota, total {format_rupiah(totals[key])}"
            )
        population = dict(
            Population.objects.filter(year=2024).values_list("regency_id", "population")
        )
        apbd24 = dict(
            ApbdTotal.objects.filter(year=2024, stage="planned").values_list(
                "member__regency_id", "amount"
            )
        )
        per_capita = sorted((apbd24[c] / population[c], c) for c in apbd24 if c in population)
        if per_capita:
            mid = median(v for v, _c in per_capita)
            assert mid is not None  # per_capita is not empty
            self.stdout.write(
                f"   APBD 2024 per person: median {format_rupiah(mid.quantize(Decimal(1)))}, "
                f"lowest {format_rupiah(per_capita[0][0].quantize(Decimal(1)))} ({per_capita[0][1]}), highest {format_rupiah(per_capita[-1][0].quantize(Decimal(1)))} ({per_capita[-1][1]})"
            )
            self.stdout.write(
                "   (the 2% commitment needs sanitation budget lines, which no public file carries; members report them)"
            )
