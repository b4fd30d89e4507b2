"""Demo Akkopsinergi: three editions around May 2015 (docs/sources.md 5.6 and the seed article).

Edition 1 (March 2015) carries the titles of the real first edition; edition 2 reports the
rakor of 19 May 2015 in Balikpapan (from ANTARA Kaltim, retold); edition 3 (June 2015) is
still in review, so only the secretariat sees it. Bodies not taken from a source say "(demo)".
Data sections are frozen by publishing, as the secretariat would: they read the data as it
stood on the edition's date (No. 2: the members of 19 May 2015, data verified by then, so the
budgets of 2015 are not yet reported), whenever the demo is loaded.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from akkopsi.accounts.models import Role, User
from akkopsi.bulletin import services
from akkopsi.bulletin.choices import SectionKind
from akkopsi.bulletin.models import Article, DataSection, Delivery, Edition, Subscriber
from akkopsi.members.models import Member

WIB = ZoneInfo("Asia/Jakarta")
S = SectionKind

RAKOR = """Wali Kota Bontang **Adi Darma**, Bendahara Umum AKKOPSI, memimpin rapat koordinasi
kelompok kerja AKKOPSI di Balikpapan pada Selasa, 19 Mei 2015. Rakor ini agenda tahunan
aliansi untuk mendorong percepatan pembangunan sanitasi permukiman di Indonesia.

Hadir kelompok kerja dari Kota Palembang, Bandung, Mataram, Banda Aceh, Jambi, Balikpapan
dan Bontang, serta Kabupaten Buleleng, Malang dan Agam.

## Yang dibahas

- perkembangan operasional dan kegiatan Sekretariat Nasional;
- hasil audiensi ke beberapa kementerian;
- pembentukan tim pokja daerah;
- persiapan City Sanitation Summit di Padang, Sumatera Barat;
- penerbitan Akkopsinergi dan iuran anggota;
- perbaikan metodologi dan skema Sanipura Award;
- dukungan teknis bagi wali kota dan bupati tentang mekanisme pengalokasian dan
  perencanaan anggaran sanitasi di kabupaten/kota.

Menurut Adi Darma, sistem perencanaan yang mencakup anggaran kegiatan penting bagi setiap
daerah untuk menunjang sanitasi lingkungan. Anggota AKKOPSI kini **349 kabupaten/kota**,
padahal dulu hanya 120 sampai 130; makin banyak anggota, makin banyak pula masalah
lingkungan yang dapat dihadapi bersama.

*Sumber: ANTARA Kaltim, 19 Mei 2015 (diceritakan ulang oleh redaksi).*
"""

EDITIONS: list[dict[str, Any]] = [
    {
        "number": 1,
        "volume": "Tahun I",
        "issued_on": date(2015, 3, 31),
        "theme": "Genderang Target Universal Akses",
        "foreword": "Edisi perdana, amanat Rakernas Bandung 18 September 2014 kepada Seknas "
        "untuk memperkuat komunikasi, koordinasi dan sinergi anggota.",
        "status": "published",
        "articles": [
            ("Genderang Target Universal Akses", "Redaksi (demo)", None,
             "Target 100-0-100 menuntut kepemimpinan kepala daerah dan anggaran yang "
             "memadai. (demo)"),
            ("Belajar dari Anggaran Jawa Barat", "Redaksi (demo)", "3273",
             "Bagaimana kabupaten/kota di Jawa Barat menganggarkan sanitasi. (demo)"),
            ("Apa yang Beda di CSS XIV Bandung", "Redaksi (demo)", "3273",
             "Catatan dari City Sanitation Summit XIV dan Rakernas di Bandung. (demo)"),
            ("Kick Off PPSP 2015", "Redaksi (demo)", None,
             "Percepatan Pembangunan Sanitasi Permukiman memasuki tahap baru. (demo)"),
        ],
        "sections": [S.MEMBERSHIP],
    },
    {
        "number": 2,
        "volume": "Tahun I",
        "issued_on": date(2015, 5, 19),
        "theme": "Edisi khusus: Rakor Pokja AKKOPSI di Balikpapan",
        "foreword": "Laporan rapat koordinasi kelompok kerja AKKOPSI, 19 Mei 2015.",
        "status": "published",
        "articles": [
            ("Rakor Pokja AKKOPSI di Balikpapan", "Seknas AKKOPSI", "6471", RAKOR),
            ("Menuju City Sanitation Summit XV di Padang", "Redaksi (demo)", "1371",
             "Kota Padang bersiap menjadi tuan rumah CSS XV dan Rakernas VII. (demo)"),
        ],
        "sections": [S.MEMBERSHIP, S.DUES, S.MEETINGS, S.COMMITMENT, S.ACCESS, S.AWARDS],
    },
    {
        "number": 3,
        "volume": "Tahun I",
        "issued_on": date(2015, 6, 30),
        "theme": "Anggaran sanitasi 2% APBD",
        "foreword": "",
        "status": "review",
        "articles": [
            ("Metodologi Sanipura Award diperbaiki", "Redaksi (demo)", None,
             "Tindak lanjut rakor: usulan perbaikan metodologi dan skema. (demo)"),
        ],
        "sections": [S.COMMITMENT],
    },
]  # fmt: skip


def load_bulletin() -> None:
    """Idempotent: does nothing once any edition exists."""
    if Edition.objects.exists():
        return
    editor = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    members = {m.code: m for m in Member.objects.select_related("regency")}
    editions = {}
    for spec in EDITIONS:
        edition = Edition.objects.create(
            number=spec["number"],
            volume=spec["volume"],
            issued_on=spec["issued_on"],
            theme=spec["theme"],
            foreword=spec["foreword"],
        )
        for position, (title, author, code, body) in enumerate(spec["articles"], start=1):
            Article.objects.create(
                edition=edition,
                position=position,
                title=title,
                author=author,
                member=members.get(code) if code else None,
                body=body,
            )
        for offset, kind in enumerate(spec["sections"], start=len(spec["articles"]) + 1):
            DataSection.objects.create(edition=edition, position=offset, kind=kind)
        services.submit_for_review(edition, by=editor)
        if spec["status"] == "published":
            services.publish(edition, by=editor)
            when = timezone.make_aware(datetime.combine(spec["issued_on"], time(10)), WIB)
            Edition.objects.filter(pk=edition.pk).update(published_at=when)
            DataSection.objects.filter(edition=edition).update(frozen_at=when)
        editions[spec["number"]] = edition
    _subscribers(editions[1])


def _subscribers(first: Edition) -> None:
    """Two confirmed demo readers who received edition 1 (the send log), one unconfirmed."""
    now = timezone.now()
    for email, confirmed in [
        ("pembaca.satu@contoh.id", True),
        ("pembaca.dua@contoh.id", True),
        ("belum.konfirmasi@contoh.id", False),
    ]:
        sub = Subscriber.objects.create(email=email, confirmed_at=now if confirmed else None)
        if confirmed:
            Delivery.objects.create(edition=first, subscriber=sub, status="sent")
