"""``akkopsi composite``: the composite-index engine on CSV files, for analysts.

A thin wrapper: the engine's own command line does the work and gives the exit code.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from akkopsi.awards.engine_messages import located_text, problem_text
from akkopsi.engines.composite import cli


class Command(BaseCommand):
    help = (
        "Compute a composite index: --data DATA.csv --meta META.csv --out RESULTS.csv "
        "[--spec SPEC.toml] [--uncertainty N --seed S --noise F]. With --spec, DATA and META "
        "are COINr's iData and iMeta as they are and SPEC states the build steps in COINr's "
        "terms (example: akkopsi/engines/composite/specs/asem.toml)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data", required=True)
        parser.add_argument("--meta", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--spec", default=None, metavar="SPEC.toml")
        parser.add_argument("--uncertainty", type=int, default=None, metavar="N")
        parser.add_argument("--seed", type=int, default=1, metavar="S")
        parser.add_argument("--noise", type=float, default=0.25, metavar="F")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = ["--data", options["data"], "--meta", options["meta"], "--out", options["out"]]
        argv += ["--seed", str(options["seed"]), "--noise", str(options["noise"])]
        if options["spec"] is not None:
            argv += ["--spec", options["spec"]]
        if options["uncertainty"] is not None:
            argv += ["--uncertainty", str(options["uncertainty"])]
        code = cli.main(argv, describe=located_text, speak=problem_text)
        if code:
            raise CommandError(f"composite: exit code {code}", returncode=code)
