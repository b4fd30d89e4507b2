"""The checks of a dry run that need the database: file-level rules, warnings against the
stored values and the comparison (new, changed, unchanged) of every record."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from akkopsi.core.formatting import format_number
from akkopsi.data.choices import FundingSource, ValueKind
from akkopsi.data.flags import Spread, is_jump
from akkopsi.data.importing.parse import Context
from akkopsi.data.importing.preview import Diff, Preview, Scope, fingerprint
from akkopsi.data.importing.records import Parsed, Where
from akkopsi.data.models import ApbdTotal, BudgetLine, IndicatorValue
from akkopsi.regions.models import Population


def check_and_compare(parsed: Parsed, ctx: Context) -> Preview:
    preview = Preview(parsed=parsed)
    _percent_as_fraction(parsed, ctx)
    # Before the comparison reads: a write in between makes the commit refuse, never pass.
    preview.scope = Scope.of(parsed)
    preview.fingerprint = fingerprint(preview.scope)
    existing = _existing_values(parsed)
    _diff_values(preview, existing)
    # Only what would be written is flagged: an unchanged value is what is stored already.
    written = [*preview.values.new, *(r for _old, r in preview.values.changed)]
    _warn_year_on_year(parsed, ctx, existing, written)
    _warn_outliers(parsed, ctx, existing, written)
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
                    % {"indicator": ctx.indicators[code].name},
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
    parsed: Parsed,
    ctx: Context,
    existing: dict[tuple[int, int, int], IndicatorValue],
    written: list[Any],
) -> None:
    names = _names(ctx)
    thresholds = {
        i.id: i.yoy_threshold for i in ctx.indicators.values() if i.yoy_threshold is not None
    }
    in_file = {(r.member_id, r.indicator_id, r.year): r.value for r in parsed.values}
    for r in written:
        limit = thresholds.get(r.indicator_id)
        if limit is None:
            continue
        key = (r.member_id, r.indicator_id, r.year - 1)
        previous = in_file.get(key)
        if previous is None and key in existing:
            previous = existing[key].value
        if previous is not None and is_jump(r.value, previous, limit):
            parsed.warn(
                r.where,
                r.value,
                _(
                    "%(indicator)s changed by %(delta)s from %(year)s (%(prev)s); more than %(limit)s asks for a comment"
                )
                % {
                    "indicator": names.get(r.indicator, r.indicator),
                    "delta": _num(abs(r.value - previous)),
                    "year": r.year - 1,
                    "prev": _num(previous),
                    "limit": _num(limit),
                },
            )


def _names(ctx: Context) -> dict[str, str]:
    """Messages name an indicator by its label; the code is for machines (columns, the API)."""
    return {i.code: i.name for i in ctx.indicators.values()}


def _warn_outliers(
    parsed: Parsed,
    ctx: Context,
    existing: dict[tuple[int, int, int], IndicatorValue],
    written: list[Any],
) -> None:
    """Modified z-score (Iglewicz-Hoaglin, as DHIS2 flags outliers) among all members' values;
    the message says it in plain words (far from the other members' middle value)."""
    names = _names(ctx)
    pool: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for (member_id, indicator_id, year), v in existing.items():
        pool[(indicator_id, year)][member_id] = v.value
    for r in parsed.values:
        pool[(r.indicator_id, r.year)][r.member_id] = r.value
    stats = {key: Spread.of(values.values()) for key, values in pool.items()}
    for r in written:
        s = stats.get((r.indicator_id, r.year))
        if s is None:
            continue
        mid_f = float(s.median)
        if s.is_outlier(r.value):
            parsed.warn(
                r.where,
                r.value,
                _(
                    "%(indicator)s for %(year)s is very different from the other members' values (half of them report %(median)s or less); check it or explain it in the comment"
                )
                % {
                    "indicator": names.get(r.indicator, r.indicator),
                    "year": r.year,
                    "median": _num(Decimal(str(round(mid_f, 2)))),
                },
            )


def _diff_values(preview: Preview, existing: dict[tuple[int, int, int], IndicatorValue]) -> None:
    for r in preview.parsed.values:
        old = existing.get((r.member_id, r.indicator_id, r.year))
        if old is None:
            preview.values.new.append(r)
        elif not same_value(old.value, r.value) or (
            r.comment and not same_value(old.comment, r.comment)
        ):
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
            _classify(preview.budget, old, r, old is not None and same_value(old.amount, r.amount))
    if parsed.apbd:
        members = {r.member_id for r in parsed.apbd}
        years = {r.year for r in parsed.apbd}
        stored_a = {
            (a.member_id, a.year, a.stage): a
            for a in ApbdTotal.objects.filter(member_id__in=members, year__in=years)
        }
        for a in parsed.apbd:
            old_a = stored_a.get((a.member_id, a.year, a.stage))
            _classify(
                preview.apbd, old_a, a, old_a is not None and same_value(old_a.amount, a.amount)
            )


def same_value(stored: Any, given: Any) -> bool:
    """Equal by value, whatever the types: 74.2 = 74.20 = "74,2"-read Decimal = float 74.2,
    "" = None = "  " for text. A float is taken by its shortest repr (what the user typed)."""
    a, b = _comparable(stored), _comparable(given)
    return a == b


def _comparable(x: Any) -> Any:
    if x is None or (isinstance(x, str) and not x.strip()):
        return None
    if isinstance(x, bool):
        return Decimal(int(x))
    if isinstance(x, int | float | Decimal):
        return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if isinstance(x, str):
        try:
            number = Decimal(x.strip())
        except ArithmeticError:
            return x.strip()
        return number if number.is_finite() else x.strip()
    return x


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
    for a in parsed.apbd:
        totals[(a.member_id, a.year, a.stage)] = a.amount
        where[(a.member_id, a.year, a.stage)] = a.where
        codes[a.member_id] = a.code
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
        _classify(
            preview.population,
            old,
            r,
            old is not None and same_value(old.population, r.population),
        )


def _num(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 2
    return format_number(value, places)
