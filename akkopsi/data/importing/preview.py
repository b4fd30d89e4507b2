"""What a dry run produced (``Preview``, its ``Diff`` per table) and the state it saw.

``Scope`` names the keys an import writes (or a form shows); ``fingerprint`` hashes the stored
state of those keys, so that a commit can tell whether anything changed since the preview
(docs/data-import.md, ADR 25).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from akkopsi.data.choices import Stage, SubmissionStatus
from akkopsi.data.importing.records import (
    Omitted,
    Parsed,
    Problem,
    ValueRecord,
    Where,
    summarise,
)
from akkopsi.data.models import ApbdTotal, BudgetLine, IndicatorValue, Submission
from akkopsi.regions.models import Population


@dataclass(slots=True)
class Diff:
    new: list[Any] = field(default_factory=list)
    changed: list[tuple[Any, Any]] = field(default_factory=list)  # (existing object, record)
    unchanged: int = 0


@dataclass(slots=True)
class Flagged:
    """A value the checks flagged (``messages``), and the record it would be written from."""

    record: ValueRecord
    messages: list[str]

    @property
    def key(self) -> str:
        """The name of its explanation field on the preview page: the cell, e.g. "Data!F2"."""
        return str(self.record.where)

    @property
    def explained(self) -> bool:
        return bool(self.record.comment.strip() or self.record.explanation.strip())


@dataclass(frozen=True, slots=True)
class Scope:
    """The keys an import writes (or a form shows): the rows whose state a fingerprint covers."""

    values: frozenset[tuple[int, int, int]] = frozenset()  # member, indicator, year
    budget: frozenset[tuple[int, int, str, str, str]] = frozenset()  # member, year, sub, src, stage
    apbd: frozenset[tuple[int, int, str]] = frozenset()  # member, year, stage
    population: frozenset[tuple[str, int]] = frozenset()  # regency code, year

    @classmethod
    def of(cls, parsed: Parsed) -> Scope:
        return cls(
            values=frozenset((r.member_id, r.indicator_id, r.year) for r in parsed.values),
            budget=frozenset(
                (r.member_id, r.year, r.subsector, r.source, r.stage) for r in parsed.budget
            ),
            apbd=frozenset((r.member_id, r.year, r.stage) for r in parsed.apbd),
            population=frozenset((r.code, r.year) for r in parsed.population),
        )

    @property
    def pairs(self) -> set[tuple[int, int]]:
        """The member-years written: the submissions a commit locks."""
        return (
            {(m, y) for m, _i, y in self.values}
            | {(k[0], k[1]) for k in self.budget}
            | {(m, y) for m, y, _s in self.apbd}
        )


@dataclass(slots=True)
class Preview:
    parsed: Parsed
    values: Diff = field(default_factory=Diff)
    budget: Diff = field(default_factory=Diff)
    apbd: Diff = field(default_factory=Diff)
    population: Diff = field(default_factory=Diff)
    sha256: str = ""
    scope: Scope = field(default_factory=Scope)
    fingerprint: str = ""

    @property
    def errors(self) -> list[Problem]:
        return self.parsed.errors

    @property
    def warnings(self) -> list[Problem]:
        return self.parsed.warnings

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def listed_errors(self) -> list[Problem]:
        """What a page or the API lists: the first problems of each kind (records.summarise)."""
        return self.errors

    @property
    def more_errors(self) -> list[Omitted]:
        return list(self.parsed.omitted.values())

    @property
    def listed_warnings(self) -> list[Problem]:
        return summarise(self.warnings)[0]

    @property
    def more_warnings(self) -> list[Omitted]:
        return summarise(self.warnings)[1]

    @property
    def flagged(self) -> list[Flagged]:
        """Each flagged value with its warning(s), in the file's order: what an explanation is
        typed for on the preview page (records without one first show an empty field)."""
        by_where: dict[Where, Flagged] = {}
        records = {r.where: r for r in self.parsed.values}
        for w in self.warnings:
            record = records.get(w.where)
            if record is None:
                continue
            if w.where in by_where:
                by_where[w.where].messages.append(w.message)
            else:
                by_where[w.where] = Flagged(record, [w.message])
        return list(by_where.values())

    @property
    def unexplained(self) -> list[Flagged]:
        """Flagged values with neither a comment nor an explanation (file or preview)."""
        return [f for f in self.flagged if not f.explained]

    def explain(self, explanations: Mapping[str, str]) -> None:
        """Explanations typed in the preview, by cell ("Data!F2"): set on the flagged records
        only (a key naming any other cell is ignored); an empty one leaves the file's."""
        for f in self.flagged:
            text = explanations.get(str(f.record.where), "").strip()
            if text:
                f.record.explanation = text[:2000]

    def listing(self) -> dict[str, list[str]]:
        """Errors and warnings as the API gives them: bounded, the rest counted per kind."""
        return {
            "errors": [str(p) for p in self.listed_errors] + [str(o) for o in self.more_errors],
            "warnings": [str(p) for p in self.listed_warnings]
            + [str(o) for o in self.more_warnings],
        }

    def counts(self) -> dict[str, int]:
        diffs = (self.values, self.budget, self.apbd, self.population)
        return {
            "rows": self.parsed.rows,
            "new": sum(len(d.new) for d in diffs),
            "changed": sum(len(d.changed) for d in diffs),
            "unchanged": sum(d.unchanged for d in diffs),
            "errors": self.parsed.error_count,
            "warnings": len(self.warnings),
        }


# -- state of the stored rows --------------------------------------------------------------


def fingerprint(scope: Scope, *, lock: bool = False) -> str:
    """SHA-256 of the stored state of every key in ``scope``: id, value and last change of each
    row (or its absence), and the status of each member-year's submission (none = draft).

    A fixed number of queries (one per table in the scope). ``lock`` locks the population rows
    (member-years are locked through their submission by the commit).
    """
    entries: list[tuple[Any, ...]] = []
    if scope.values:
        stored = _stored(
            IndicatorValue.objects.filter(
                member_id__in={k[0] for k in scope.values},
                indicator_id__in={k[1] for k in scope.values},
                year__in={k[2] for k in scope.values},
            ),
            ["member_id", "indicator_id", "year", "id", "value", "comment", "updated_at"],
        )
        entries += [("v", *k, stored.get(k)) for k in sorted(scope.values)]
    if scope.budget:
        stored = _stored(
            BudgetLine.objects.filter(
                member_id__in={k[0] for k in scope.budget}, year__in={k[1] for k in scope.budget}
            ),
            ["member_id", "year", "subsector", "source", "stage", "id", "amount", "updated_at"],
        )
        entries += [("b", *k, stored.get(k)) for k in sorted(scope.budget)]
    if scope.apbd:
        stored = _stored(
            ApbdTotal.objects.filter(
                member_id__in={k[0] for k in scope.apbd}, year__in={k[1] for k in scope.apbd}
            ),
            ["member_id", "year", "stage", "id", "amount", "updated_at"],
        )
        entries += [("a", *k, stored.get(k)) for k in sorted(scope.apbd)]
    if scope.population:
        qs = Population.objects.filter(
            regency_id__in={k[0] for k in scope.population},
            year__in={k[1] for k in scope.population},
        )
        if lock:
            qs = qs.select_for_update().order_by("regency_id", "year")
        stored = _stored(qs, ["regency_id", "year", "id", "population", "updated_at"])
        entries += [("p", *k, stored.get(k)) for k in sorted(scope.population)]
    pairs = scope.pairs
    if pairs:
        status = {
            r[:2]: r[2]
            for r in Submission.objects.filter(
                member_id__in={m for m, _y in pairs}, year__in={y for _m, y in pairs}
            ).values_list("member_id", "year", "status")
        }
        entries += [
            ("s", *k, str(status.get(k, SubmissionStatus.DRAFT.value))) for k in sorted(pairs)
        ]
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(repr(tuple(_canonical(x) for x in entry)).encode())
    return digest.hexdigest()


def _stored(qs: QuerySet[Any], columns: list[str]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Key columns (up to ``id``) -> the state columns (``id`` and after) of each row."""
    width = columns.index("id")
    return {r[:width]: r[width:] for r in qs.values_list(*columns)}


def _canonical(x: Any) -> Any:
    """The same text for the same stored value, whatever the backend returned."""
    if isinstance(x, tuple):
        return tuple(_canonical(y) for y in x)
    if isinstance(x, Decimal):
        return format(x.normalize(), "f") if x else "0"
    if hasattr(x, "isoformat"):
        return x.isoformat()
    return x


def form_scope(member_id: int, year: int, indicator_ids: list[int], budget_keys: Any) -> Scope:
    """Everything the web form of one member-year shows: its version covers all of it."""
    return Scope(
        values=frozenset((member_id, i, year) for i in indicator_ids),
        budget=frozenset((member_id, year, sub, src, stage) for sub, src, stage in budget_keys),
        apbd=frozenset((member_id, year, stage) for stage in Stage.values),
    )
