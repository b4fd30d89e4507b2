"""Dry run and commit: the one import path for uploads, the web form, the API and `make reference`.

A dry run reads, checks and compares with the database without writing anything, and says
what would be new, changed or unchanged, with every error and warning. A commit repeats the
checks inside one transaction and writes everything or nothing. Queries per import are a
fixed handful (one per table read, bulk writes), whatever the number of rows.

Concurrency: a preview records the ``fingerprint`` of the stored rows it compared against. A
commit claims its confirmation token (once), locks the submissions of the member-years it
writes, reads those rows again and writes only when they are still as the preview saw them;
otherwise it refuses with ``ImportConflict`` and writes nothing (docs/data-import.md).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from akkopsi.accounts.permissions import Permission, can, own_member_id
from akkopsi.core.bulk import insert_with_history
from akkopsi.core.money import column_maximum
from akkopsi.data.choices import FundingSource, SubmissionStatus, ValueKind
from akkopsi.data.importing.parse import Context, IndicatorInfo, parse_sheets
from akkopsi.data.importing.reading import Deadline, Sheet, UnreadableFile, read_file
from akkopsi.data.importing.records import Omitted, Parsed, Problem, Where, summarise
from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    ConfirmToken,
    ImportBatch,
    Indicator,
    IndicatorValue,
    ReportingYear,
    Submission,
)
from akkopsi.engines import rules
from akkopsi.members.models import Member
from akkopsi.regions.models import Population, Regency

OUTLIER_Z = Decimal("3.5")
OUTLIER_MIN_UNITS = 8


@dataclass(slots=True)
class Diff:
    new: list[Any] = field(default_factory=list)
    changed: list[tuple[Any, Any]] = field(default_factory=list)  # (existing object, record)
    unchanged: int = 0


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


def build_context(user: Any, *, current_year: int | None = None) -> Context:
    year = current_year or timezone.localdate().year
    indicators = {
        i.code: IndicatorInfo(
            i.id, i.code, i.kind, i.min_value, i.max_value, i.yoy_threshold, i.name
        )
        for i in Indicator.objects.filter(active=True)
    }
    members = dict(Member.objects.values_list("regency_id", "id"))
    own = own_member_id(user)
    secretariat = can(user, Permission.MANAGE_MEMBERS)
    locked_statuses = (
        [SubmissionStatus.VERIFIED]
        if secretariat
        else [SubmissionStatus.VERIFIED, SubmissionStatus.SUBMITTED]
    )
    locked_q = Submission.objects.filter(status__in=locked_statuses)
    if own is not None:
        locked_q = locked_q.filter(member_id=own)
    ctx = Context(
        members=members,
        indicators=indicators,
        current_year=year,
        own_member_id=own,
        locked=set(locked_q.values_list("member_id", "year")),
        may_import_population=can(user, Permission.MANAGE_REGIONS),
        budget_maximum=column_maximum(BudgetLine._meta.get_field("amount")),
        apbd_maximum=column_maximum(ApbdTotal._meta.get_field("amount")),
    )
    if not secretariat:
        ctx.open_years = set(
            ReportingYear.objects.filter(is_open=True).values_list("year", flat=True)
        )
    if ctx.may_import_population:
        ctx.regencies = set(Regency.objects.values_list("code", flat=True))
    return ctx


def dry_run_file(
    data: bytes, filename: str, user: Any, *, current_year: int | None = None
) -> Preview:
    deadline = Deadline()
    try:
        sheets = read_file(data, filename, deadline)
        preview = dry_run_sheets(sheets, user, current_year=current_year, deadline=deadline)
    except UnreadableFile as exc:
        parsed = Parsed()
        parsed.error(Where(filename, "-"), None, str(exc))
        return Preview(parsed=parsed, sha256=hashlib.sha256(data).hexdigest())
    preview.sha256 = hashlib.sha256(data).hexdigest()
    return preview


def dry_run_sheets(
    sheets: list[Sheet],
    user: Any,
    *,
    current_year: int | None = None,
    deadline: Deadline | None = None,
) -> Preview:
    ctx = build_context(user, current_year=current_year)
    ctx.deadline = deadline
    parsed = parse_sheets(sheets, ctx)
    if parsed.rows == 0 and not parsed.problems:
        parsed.error(
            Where(sheets[0].name if sheets else "-", "-"),
            None,
            _("The file %(name)s has no data.") % {"name": sheets[0].name if sheets else ""},
        )
    return check_and_compare(parsed, ctx)


def check_and_compare(parsed: Parsed, ctx: Context) -> Preview:
    preview = Preview(parsed=parsed)
    _percent_as_fraction(parsed, ctx)
    # Before the comparison reads: a write in between makes the commit refuse, never pass.
    preview.scope = Scope.of(parsed)
    preview.fingerprint = fingerprint(preview.scope)
    existing = _existing_values(parsed)
    _warn_year_on_year(parsed, ctx, existing)
    _warn_outliers(parsed, existing)
    _diff_values(preview, existing)
    _diff_money(preview)
    _budget_within_apbd(preview)
    _diff_population(preview)
    return preview


# -- file-level rules ----------------------------------------------------------------------


def _percent_as_fraction(parsed: Parsed, ctx: Context) -> None:
    """Percentages written as 0-1 (0,85 for 85%) are refused when a whole indicator looks so."""
    by_indicator: dict[str, list[Any]] = defaultdict(list)
    kinds = {i.code: i.kind for i in ctx.indicators.values()}
    for r in parsed.values:
        if kinds.get(r.indicator) == ValueKind.PERCENT:
            by_indicator[r.indicator].append(r)
    bad: set[int] = set()
    for code, records in by_indicator.items():
        if (
            len(records) >= 2
            and all(r.value <= 1 for r in records)
            and any(0 < r.value < 1 for r in records)
        ):
            for r in records:
                parsed.error(
                    r.where,
                    r.value,
                    _(
                        "%(indicator)s looks like a fraction (0-1); percentages are written 0-100, e.g. 85 for 85%%"
                    )
                    % {"indicator": code},
                )
                bad.add(id(r))
    if bad:
        parsed.values = [r for r in parsed.values if id(r) not in bad]


def _existing_values(parsed: Parsed) -> dict[tuple[int, int, int], IndicatorValue]:
    """Every stored value of the file's indicators in the file's years and the year before."""
    if not parsed.values:
        return {}
    indicators = {r.indicator_id for r in parsed.values}
    years = {r.year for r in parsed.values} | {r.year - 1 for r in parsed.values}
    rows = IndicatorValue.objects.filter(indicator_id__in=indicators, year__in=years).only(
        "id", "member_id", "indicator_id", "year", "value", "comment"
    )
    return {(v.member_id, v.indicator_id, v.year): v for v in rows}


def _warn_year_on_year(
    parsed: Parsed, ctx: Context, existing: dict[tuple[int, int, int], IndicatorValue]
) -> None:
    thresholds = {
        i.id: i.yoy_threshold for i in ctx.indicators.values() if i.yoy_threshold is not None
    }
    in_file = {(r.member_id, r.indicator_id, r.year): r.value for r in parsed.values}
    for r in parsed.values:
        limit = thresholds.get(r.indicator_id)
        if limit is None:
            continue
        key = (r.member_id, r.indicator_id, r.year - 1)
        previous = in_file.get(key)
        if previous is None and key in existing:
            previous = existing[key].value
        if previous is not None and abs(r.value - previous) > limit:
            parsed.warn(
                r.where,
                r.value,
                _(
                    "%(indicator)s changed by %(delta)s from %(year)s (%(prev)s); more than %(limit)s asks for a comment"
                )
                % {
                    "indicator": r.indicator,
                    "delta": _num(abs(r.value - previous)),
                    "year": r.year - 1,
                    "prev": _num(previous),
                    "limit": _num(limit),
                },
            )


def _warn_outliers(parsed: Parsed, existing: dict[tuple[int, int, int], IndicatorValue]) -> None:
    """Modified z-score (Iglewicz-Hoaglin, as DHIS2 flags outliers) among all members' values."""
    pool: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for (member_id, indicator_id, year), v in existing.items():
        pool[(indicator_id, year)][member_id] = v.value
    for r in parsed.values:
        pool[(r.indicator_id, r.year)][r.member_id] = r.value
    stats: dict[tuple[int, int], tuple[float, float] | None] = {}
    for key, values in pool.items():
        numbers = list(values.values())
        if len(numbers) < OUTLIER_MIN_UNITS:
            stats[key] = None
            continue
        mid = rules.median(numbers) or Decimal(0)
        mad = rules.median(abs(x - mid) for x in numbers) or Decimal(0)
        stats[key] = (float(mid), float(mad)) if mad > 0 else None
    for r in parsed.values:
        s = stats.get((r.indicator_id, r.year))
        if s is None:
            continue
        median, mad = s
        z = 0.6745 * (float(r.value) - median) / mad
        if abs(z) > float(OUTLIER_Z):
            parsed.warn(
                r.where,
                r.value,
                _(
                    "%(indicator)s is far from other members' values for %(year)s (median %(median)s, modified z-score %(z)s)"
                )
                % {
                    "indicator": r.indicator,
                    "year": r.year,
                    "median": _num(Decimal(str(round(median, 2)))),
                    "z": _num(Decimal(str(round(z, 1)))),
                },
            )


def _diff_values(preview: Preview, existing: dict[tuple[int, int, int], IndicatorValue]) -> None:
    for r in preview.parsed.values:
        old = existing.get((r.member_id, r.indicator_id, r.year))
        if old is None:
            preview.values.new.append(r)
        elif old.value != r.value or (r.comment and r.comment != old.comment):
            preview.values.changed.append((old, r))
        else:
            preview.values.unchanged += 1


def _diff_money(preview: Preview) -> None:
    parsed = preview.parsed
    if parsed.budget:
        members = {r.member_id for r in parsed.budget}
        years = {r.year for r in parsed.budget}
        stored = {
            (b.member_id, b.year, b.subsector, b.source, b.stage): b
            for b in BudgetLine.objects.filter(member_id__in=members, year__in=years)
        }
        for r in parsed.budget:
            old = stored.get((r.member_id, r.year, r.subsector, r.source, r.stage))
            _classify(preview.budget, old, r, old is not None and old.amount == r.amount)
    if parsed.apbd:
        members = {r.member_id for r in parsed.apbd}
        years = {r.year for r in parsed.apbd}
        stored_a = {
            (a.member_id, a.year, a.stage): a
            for a in ApbdTotal.objects.filter(member_id__in=members, year__in=years)
        }
        for r in parsed.apbd:
            old = stored_a.get((r.member_id, r.year, r.stage))
            _classify(preview.apbd, old, r, old is not None and old.amount == r.amount)


def _classify(diff: Diff, old: Any, record: Any, same: bool) -> None:
    if old is None:
        diff.new.append(record)
    elif same:
        diff.unchanged += 1
    else:
        diff.changed.append((old, record))


def _budget_within_apbd(preview: Preview) -> None:
    """APBD-funded sanitation spending may not exceed the APBD total (file and stored values together)."""
    parsed = preview.parsed
    keys = {
        (r.member_id, r.year, r.stage)
        for r in parsed.budget
        if r.source == FundingSource.APBD_KABKOTA
    }
    keys |= {(r.member_id, r.year, r.stage) for r in parsed.apbd}
    if not keys:
        return
    members = {k[0] for k in keys}
    years = {k[1] for k in keys}
    lines: dict[tuple[int, int, str, str], Decimal] = {
        (b.member_id, b.year, b.stage, b.subsector): b.amount
        for b in BudgetLine.objects.filter(
            member_id__in=members, year__in=years, source=FundingSource.APBD_KABKOTA
        )
    }
    totals = {
        (a.member_id, a.year, a.stage): a.amount
        for a in ApbdTotal.objects.filter(member_id__in=members, year__in=years)
    }
    where: dict[tuple[int, int, str], Where] = {}
    codes: dict[int, str] = {}
    for r in parsed.budget:
        if r.source == FundingSource.APBD_KABKOTA:
            lines[(r.member_id, r.year, r.stage, r.subsector)] = r.amount
            where.setdefault((r.member_id, r.year, r.stage), r.where)
            codes[r.member_id] = r.code
    for r in parsed.apbd:
        totals[(r.member_id, r.year, r.stage)] = r.amount
        where[(r.member_id, r.year, r.stage)] = r.where
        codes[r.member_id] = r.code
    spent: dict[tuple[int, int, str], Decimal] = defaultdict(Decimal)
    for (member_id, year, stage, _sub), amount in lines.items():
        spent[(member_id, year, stage)] += amount
    for key in sorted(keys):
        total = totals.get(key)
        if total is not None and spent.get(key, Decimal(0)) > total:
            parsed.error(
                where[key],
                None,
                _(
                    "APBD-funded sanitation spending of %(code)s in %(year)s (%(spent)s) exceeds its APBD total (%(total)s)"
                )
                % {
                    "code": codes.get(key[0], key[0]),
                    "year": key[1],
                    "spent": _num(spent[key]),
                    "total": _num(total),
                },
            )


def _diff_population(preview: Preview) -> None:
    parsed = preview.parsed
    if not parsed.population:
        return
    codes = {r.code for r in parsed.population}
    years = {r.year for r in parsed.population}
    stored = {
        (p.regency_id, p.year): p
        for p in Population.objects.filter(regency_id__in=codes, year__in=years)
    }
    for r in parsed.population:
        old = stored.get((r.code, r.year))
        _classify(preview.population, old, r, old is not None and old.population == r.population)


def _num(value: Decimal) -> str:
    from akkopsi.core.formatting import format_number

    places = 0 if value == value.to_integral_value() else 2
    return format_number(value, places)


# -- state of the stored rows --------------------------------------------------------------


def fingerprint(scope: Scope, *, lock: bool = False) -> str:
    """SHA-256 of the stored state of every key in ``scope``: id, value and last change of each
    row (or its absence), and the status of each member-year's submission (none = draft).

    A fixed number of queries (one per table in the scope). ``lock`` locks the population rows
    (member-years are locked through their submission by the commit).
    """
    entries: list[tuple[Any, ...]] = []
    if scope.values:
        rows = IndicatorValue.objects.filter(
            member_id__in={k[0] for k in scope.values},
            indicator_id__in={k[1] for k in scope.values},
            year__in={k[2] for k in scope.values},
        ).values_list("member_id", "indicator_id", "year", "id", "value", "comment", "updated_at")
        stored: dict[Any, tuple[Any, ...]] = {r[:3]: r[3:] for r in rows}
        entries += [("v", *k, stored.get(k)) for k in sorted(scope.values)]
    if scope.budget:
        rows = BudgetLine.objects.filter(
            member_id__in={k[0] for k in scope.budget}, year__in={k[1] for k in scope.budget}
        ).values_list(
            "member_id", "year", "subsector", "source", "stage", "id", "amount", "updated_at"
        )
        stored = {r[:5]: r[5:] for r in rows}
        entries += [("b", *k, stored.get(k)) for k in sorted(scope.budget)]
    if scope.apbd:
        rows = ApbdTotal.objects.filter(
            member_id__in={k[0] for k in scope.apbd}, year__in={k[1] for k in scope.apbd}
        ).values_list("member_id", "year", "stage", "id", "amount", "updated_at")
        stored = {r[:3]: r[3:] for r in rows}
        entries += [("a", *k, stored.get(k)) for k in sorted(scope.apbd)]
    if scope.population:
        qs = Population.objects.filter(
            regency_id__in={k[0] for k in scope.population},
            year__in={k[1] for k in scope.population},
        )
        if lock:
            qs = qs.select_for_update().order_by("regency_id", "year")
        stored = {
            r[:2]: r[2:]
            for r in qs.values_list("regency_id", "year", "id", "population", "updated_at")
        }
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
    from akkopsi.data.choices import Stage

    return Scope(
        values=frozenset((member_id, i, year) for i in indicator_ids),
        budget=frozenset((member_id, year, sub, src, stage) for sub, src, stage in budget_keys),
        apbd=frozenset((member_id, year, stage) for stage in Stage.values),
    )


# -- commit ------------------------------------------------------------------------------


class ImportRefused(Exception):
    def __init__(self, preview: Preview) -> None:
        super().__init__(f"{len(preview.errors)} errors")
        self.preview = preview


class ImportConflict(ImportRefused):
    """The stored data changed since the preview (or the form was opened): nothing was written."""


class AlreadyConfirmed(Exception):
    """The confirmation token was used already; ``batch_id`` is the import it made, if known."""

    def __init__(self, batch_id: int | None) -> None:
        super().__init__(_("This upload was already confirmed."))
        self.batch_id = batch_id


def changed_message() -> str:
    return _("The data changed since your preview; look again.")


def issue_token(token: str, preview: Preview, user: Any) -> ConfirmToken:
    """Record a dry run's confirmation token with the fingerprint the user saw."""
    return ConfirmToken.objects.create(token=token, user=user, fingerprint=preview.fingerprint)


def token_used(token: str, user: Any) -> AlreadyConfirmed | None:
    """A cheap look before re-reading the file: the answer a used token gets."""
    row = (
        ConfirmToken.objects.filter(token=token, user=user, used_at__isnull=False)
        .values_list("batch_id")
        .first()
    )
    return None if row is None else AlreadyConfirmed(row[0])


def commit(
    preview: Preview,
    *,
    by: Any,
    data: bytes | None = None,
    filename: str = "",
    comment: str = "",
    member: Member | None = None,
    token: str | None = None,
    expected: list[tuple[Scope, str]] | None = None,
) -> ImportBatch:
    """Write a checked preview in one transaction. Warnings without a comment need ``comment``.

    ``token`` is claimed first (``AlreadyConfirmed`` when used) and its fingerprint must still
    hold; each (scope, fingerprint) in ``expected`` too (the web form's version, an API
    client's). Otherwise ``ImportConflict`` and nothing is written. No IntegrityError escapes.
    """
    try:
        return _commit(
            preview,
            by=by,
            data=data,
            filename=filename,
            comment=comment,
            member=member,
            token=token,
            expected=expected or [],
        )
    except IntegrityError:
        # A row inserted meanwhile by another import: its transaction won; this one wrote nothing.
        raise ImportConflict(_with_error(preview, changed_message())) from None


@transaction.atomic
def _commit(
    preview: Preview,
    *,
    by: Any,
    data: bytes | None,
    filename: str,
    comment: str,
    member: Member | None,
    token: str | None,
    expected: list[tuple[Scope, str]],
) -> ImportBatch:
    if not preview.ok:
        raise ImportRefused(preview)
    uncommented = [w for w in preview.warnings]
    if uncommented and not comment.strip():
        raise ImportRefused(
            _with_error(
                preview,
                _("%(n)s values were flagged; give a comment explaining them before confirming")
                % {"n": len(uncommented)},
            )
        )
    now = timezone.now()
    reason = f"import: {filename or 'formulir'}"
    _take_write_lock()
    checks = [(preview.scope, preview.fingerprint), *expected]
    if token is not None:
        claimed = ConfirmToken.objects.filter(token=token, user=by, used_at__isnull=True)
        if claimed.update(used_at=now) != 1:
            raise AlreadyConfirmed(
                ConfirmToken.objects.filter(token=token).values_list("batch_id", flat=True).first()
            )
        seen = ConfirmToken.objects.values_list("fingerprint", flat=True).get(token=token)
        checks.append((preview.scope, seen))
    pairs: set[tuple[int, int]] = set()
    for scope, _fp in checks:
        pairs |= scope.pairs
    _lock_submissions(pairs, now, by, reason)
    current: dict[Scope, str] = {}
    for scope, seen_fp in checks:
        if scope not in current:
            current[scope] = fingerprint(scope, lock=True)
        if current[scope] != seen_fp:
            raise ImportConflict(_with_error(preview, changed_message()))
    counts = preview.counts()
    batch = ImportBatch(
        file_name=filename or "formulir",
        sha256=preview.sha256,
        uploaded_by=by,
        member=member,
        rows=counts["rows"],
        created=counts["new"],
        changed=counts["changed"],
        unchanged=counts["unchanged"],
        warnings=counts["warnings"],
        comment=comment.strip(),
    )
    if data is not None:
        batch.file.save(filename or "import.bin", ContentFile(data), save=False)
    batch.save()
    if token is not None:
        ConfirmToken.objects.filter(token=token).update(batch=batch)
    try:
        _write(preview, batch, by=by, comment=comment, now=now)
    except IntegrityError:
        if batch.file:
            batch.file.delete(save=False)
        raise
    return batch


def _take_write_lock() -> None:
    """SQLite has no row locks: take its single-writer lock before reading what to compare.

    A deferred SQLite transaction that reads first and writes later fails ("database is
    locked") when another writer committed in between; one that writes first waits its turn.
    An UPDATE that matches no row takes the lock and changes nothing.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Submission._meta.db_table} SET id = id WHERE 0")


def _lock_submissions(pairs: set[tuple[int, int]], now: Any, by: Any, reason: str) -> None:
    """Lock the submission of every member-year written, creating the missing ones.

    Every writer of a member-year's values (imports, the form, the API, the workflow's status
    steps) locks this row first, so they take turns. Rows are locked and created in key order
    (no deadlock between two imports). A submission created meanwhile by another transaction
    makes the insert fail once; it is then locked like the others.
    """
    if not pairs:
        return
    members = {m for m, _y in pairs}
    years = {y for _m, y in pairs}
    for attempt in (1, 2):
        have = set(
            Submission.objects.select_for_update()
            .filter(member_id__in=members, year__in=years)
            .order_by("member_id", "year")
            .values_list("member_id", "year")
        )
        missing = [
            Submission(member_id=m, year=y, created_at=now, updated_at=now)
            for m, y in sorted(pairs - have)
        ]
        if not missing:
            return
        try:
            with transaction.atomic():
                bulk_create_with_history(
                    missing,
                    Submission,
                    batch_size=2000,
                    default_user=by,
                    default_change_reason=reason,
                )
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _write(preview: Preview, batch: ImportBatch, *, by: Any, comment: str, now: Any) -> None:
    flagged = {(w.where.sheet, w.where.cell) for w in preview.warnings}

    def note(record: Any) -> str:
        if (record.where.sheet, record.where.cell) in flagged and comment.strip():
            return "; ".join(x for x in (record.comment, comment.strip()) if x)
        return record.comment

    reason = f"import {batch.pk}: {batch.file_name}"
    kw = {"default_user": by, "default_change_reason": reason}
    stamps = {"batch": batch, "created_at": now, "updated_at": now}
    if preview.values.new:
        insert_with_history(
            IndicatorValue,
            ["member", "indicator", "year", "value", "comment"],
            [(r.member_id, r.indicator_id, r.year, r.value, note(r)) for r in preview.values.new],
            constants=stamps,
            marker="batch",
            key=["member", "indicator", "year"],
            user=by,
            reason=reason,
        )
    if preview.values.changed:
        objs = []
        for old, r in preview.values.changed:
            old.value, old.comment, old.batch, old.updated_at = (
                r.value,
                note(r) or old.comment,
                batch,
                now,
            )
            objs.append(old)
        bulk_update_with_history(
            objs, IndicatorValue, ["value", "comment", "batch", "updated_at"], batch_size=2000, **kw
        )
    if preview.budget.new:
        insert_with_history(
            BudgetLine,
            ["member", "year", "subsector", "source", "stage", "amount"],
            [
                (r.member_id, r.year, r.subsector, r.source, r.stage, r.amount)
                for r in preview.budget.new
            ],
            constants=stamps,
            marker="batch",
            key=["member", "year", "subsector", "source", "stage"],
            user=by,
            reason=reason,
        )
    if preview.budget.changed:
        objs = []
        for old, r in preview.budget.changed:
            old.amount, old.batch, old.updated_at = r.amount, batch, now
            objs.append(old)
        bulk_update_with_history(
            objs, BudgetLine, ["amount", "batch", "updated_at"], batch_size=2000, **kw
        )
    if preview.apbd.new:
        insert_with_history(
            ApbdTotal,
            ["member", "year", "stage", "amount"],
            [(r.member_id, r.year, r.stage, r.amount) for r in preview.apbd.new],
            constants=stamps,
            marker="batch",
            key=["member", "year", "stage"],
            user=by,
            reason=reason,
        )
    if preview.apbd.changed:
        objs = []
        for old, r in preview.apbd.changed:
            old.amount, old.batch, old.updated_at = r.amount, batch, now
            objs.append(old)
        bulk_update_with_history(
            objs, ApbdTotal, ["amount", "batch", "updated_at"], batch_size=2000, **kw
        )
    if preview.population.new:
        bulk_create_with_history(
            [
                Population(
                    regency_id=r.code,
                    year=r.year,
                    population=r.population,
                    source=batch.file_name,
                    created_at=now,
                    updated_at=now,
                )
                for r in preview.population.new
            ],
            Population,
            batch_size=2000,
            **kw,
        )
    if preview.population.changed:
        objs = []
        for old, r in preview.population.changed:
            old.population, old.source, old.updated_at = r.population, batch.file_name, now
            objs.append(old)
        bulk_update_with_history(
            objs, Population, ["population", "source", "updated_at"], batch_size=2000, **kw
        )


def _with_error(preview: Preview, message: str) -> Preview:
    """A copy of ``preview`` with one more error; the original stays usable."""
    from dataclasses import replace

    parsed = replace(preview.parsed, problems=list(preview.parsed.problems))
    parsed.error(Where("-", "-"), None, message)
    return replace(preview, parsed=parsed)
