"""CSV input and output: META (COINr iMeta columns plus method columns), DATA (COINr
iData layout) and RESULTS. Every reading error names the file, the row (the header is
row 1, as a spreadsheet shows it) and the column; RESULTS are written atomically.

META columns (case-sensitive headers): required ``Level, iCode, Parent``; optional
``iName, Direction (1/-1, default 1), Weight (default 1), Type (Indicator, Aggregate;
rows typed Group, Denominator or Other are skipped), Denominator, Target, Transform
(none, log, ln, log_ct; "log" = plain ln with goalposts/dist2targ, COINr log_CT
otherwise), Normalise (minmax, goalposts, zscore, rank, dist2targ; default minmax),
Lower, Upper (goalposts in original units, or the min-max output range), Floor and Scale
(goalposts and dist2targ output range, default 0 and 1), Treat (none, winsorise), WinMax, Aggregation
(amean, gmean), Missing (reweight, exclude, impute_mean, impute_median), MinCoverage,
ImputeBy`` (group column for ``impute_*``).

DATA: a ``uCode`` column, optional ``uName``, one numeric column per indicator and
denominator named in META; every other column is kept as a group column. Empty cells,
``NA`` and ``-`` are missing values.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from akkopsi.engines.errors import Place

from .errors import CompositeIssue, InputFileError, MethodologyError
from .types import (
    Aggregate,
    CompositeResult,
    Indicator,
    IndicatorTable,
    Methodology,
    MissingPolicy,
    Normalisation,
    Treatment,
    UncertaintyResult,
)

__all__ = ["read_data", "read_meta", "write_results"]

_MISSING = {"", "na", "nan", "-", "null"}
_SKIP_TYPES = {"group", "denominator", "other"}


def _where(path: Path, row: int | None = None, col: str | None = None) -> Place:
    return Place(file=path.name, row=row, column=col)


def _rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(CompositeIssue.FILE_NOT_FOUND, where=str(path)) from None
    except UnicodeDecodeError:
        raise InputFileError(CompositeIssue.FILE_NOT_UTF8, where=str(path)) from None
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputFileError(CompositeIssue.FILE_EMPTY, where=path.name) from None
    seen: set[str] = set()
    for h in header:
        if not h:
            raise InputFileError(CompositeIssue.EMPTY_HEADER, where=_where(path, 1))
        if h in seen:
            raise InputFileError(
                CompositeIssue.DUPLICATE_HEADER, where=_where(path, 1, h), column=h
            )
        seen.add(h)

    def gen() -> Iterator[tuple[int, dict[str, str]]]:
        for r, cells in enumerate(reader, start=2):
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise InputFileError(
                    CompositeIssue.ROW_LENGTH,
                    where=_where(path, r),
                    cells=len(cells),
                    columns=len(header),
                )
            yield r, {h: c.strip() for h, c in zip(header, cells, strict=True)}

    return header, gen()


def _number(text: str, path: Path, row: int, col: str) -> float:
    if text.lower() in _MISSING:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise InputFileError(
            CompositeIssue.CELL_NOT_NUMBER, where=_where(path, row, col), text=text
        ) from None
    if math.isinf(value):
        raise InputFileError(CompositeIssue.CELL_INFINITE, where=_where(path, row, col))
    return value


# ---------------------------------------------------------------------------------------------
# META
# ---------------------------------------------------------------------------------------------


def _opt_num(rec: dict[str, str], col: str, path: Path, row: int) -> float | None:
    text = rec.get(col, "")
    value = _number(text, path, row, col)
    return None if math.isnan(value) else value


def _int(rec: dict[str, str], col: str, path: Path, row: int, default: int | None = None) -> int:
    value = _opt_num(rec, col, path, row)
    if value is None:
        if default is None:
            raise InputFileError(
                CompositeIssue.CELL_REQUIRED, where=_where(path, row, col), column=col
            )
        return default
    if value != int(value):
        raise InputFileError(
            CompositeIssue.NOT_INTEGER, where=_where(path, row, col), column=col, value=rec[col]
        )
    return int(value)


def _choice(
    rec: dict[str, str], col: str, options: tuple[str, ...], default: str, path: Path, row: int
) -> str:
    value = rec.get(col, "").strip().lower()
    if not value:
        return default
    if value not in options:
        raise InputFileError(
            CompositeIssue.UNKNOWN_CHOICE,
            where=_where(path, row, col),
            value=rec[col],
            choices=", ".join(options),
        )
    return value


def _normalisation(rec: dict[str, str], method: str, path: Path, row: int) -> Normalisation:
    """The normalisation of a META row (its goalposts, scale, floor and target columns)."""
    lower = _opt_num(rec, "Lower", path, row)
    upper = _opt_num(rec, "Upper", path, row)
    scale = _opt_num(rec, "Scale", path, row)
    floor = _opt_num(rec, "Floor", path, row)
    target = _opt_num(rec, "Target", path, row)
    if method == "minmax":
        return Normalisation.minmax(
            0.0 if lower is None else lower, 100.0 if upper is None else upper
        )
    if method == "goalposts":
        if lower is None or upper is None:
            col = "Lower" if lower is None else "Upper"
            raise InputFileError(
                CompositeIssue.GOALPOSTS_NEED_LOWER_UPPER, where=_where(path, row, col)
            )
        return Normalisation.goalposts(
            lower, upper, 1.0 if scale is None else scale, 0.0 if floor is None else floor
        )
    if method == "zscore":
        return Normalisation.zscore()
    if method == "rank":
        return Normalisation.rank()
    if target is None:
        raise InputFileError(
            CompositeIssue.DIST2TARG_NEEDS_TARGET_COLUMN, where=_where(path, row, "Target")
        )
    return Normalisation.dist2targ(
        target,
        scale=1.0 if scale is None else scale,
        floor=0.0 if floor is None else floor,
    )


def _indicator(rec: dict[str, str], path: Path, row: int) -> Indicator:
    code = rec["iCode"]
    method = _choice(
        rec,
        "Normalise",
        ("minmax", "goalposts", "zscore", "rank", "dist2targ"),
        "minmax",
        path,
        row,
    )
    transform = _choice(rec, "Transform", ("none", "log", "ln", "log_ct"), "none", path, row)
    if transform == "log":
        transform = "ln" if method in ("goalposts", "dist2targ") else "log_ct"
    try:
        norm = _normalisation(rec, method, path, row)
        treat = _choice(rec, "Treat", ("none", "winsorise"), "none", path, row)
        treatment = Treatment()
        if treat == "winsorise":
            treatment = Treatment.winsorise(_int(rec, "WinMax", path, row, default=5))
    except MethodologyError as exc:
        raise InputFileError(
            exc.error_code, where=_where(path, row, exc.field or "Normalise"), **exc.params
        ) from None
    direction = _int(rec, "Direction", path, row, default=1)
    weight = _opt_num(rec, "Weight", path, row)
    return Indicator(
        code=code,
        parent=rec.get("Parent", ""),
        name=rec.get("iName", ""),
        direction=direction,
        weight=1.0 if weight is None else weight,
        denominator=rec.get("Denominator") or None,
        transform=transform,  # type: ignore[arg-type]
        treatment=treatment,
        normalisation=norm,
    )


def _aggregate(rec: dict[str, str], level: int, path: Path, row: int) -> Aggregate:
    agg = _choice(rec, "Aggregation", ("amean", "gmean"), "amean", path, row)
    missing = _choice(
        rec,
        "Missing",
        ("reweight", "exclude", "impute_mean", "impute_median"),
        "reweight",
        path,
        row,
    )
    coverage = _opt_num(rec, "MinCoverage", path, row)
    try:
        policy = MissingPolicy(
            missing,  # type: ignore[arg-type]
            group=rec.get("ImputeBy") or None,
            min_coverage=0.0 if coverage is None else coverage,
        )
    except MethodologyError as exc:
        raise InputFileError(
            exc.error_code, where=_where(path, row, exc.field), **exc.params
        ) from None
    weight = _opt_num(rec, "Weight", path, row)
    return Aggregate(
        code=rec["iCode"],
        level=level,
        parent=rec.get("Parent") or None,
        name=rec.get("iName", ""),
        weight=1.0 if weight is None else weight,
        aggregation=agg,  # type: ignore[arg-type]
        missing=policy,
    )


def read_meta(path: str | os.PathLike[str]) -> Methodology:
    """Read and validate a META CSV into a :class:`Methodology`."""
    p = Path(path)
    header, rows = _rows(p)
    for col in ("Level", "iCode", "Parent"):
        if col not in header:
            raise InputFileError(
                CompositeIssue.REQUIRED_COLUMN_MISSING, where=_where(p, 1, col), column=col
            )
    indicators: list[Indicator] = []
    aggregates: list[Aggregate] = []
    where_of: dict[str, int] = {}
    for row, rec in rows:
        kind = rec.get("Type", "").strip().lower()
        if kind in _SKIP_TYPES:
            continue
        if kind and kind not in ("indicator", "aggregate"):
            raise InputFileError(
                CompositeIssue.UNKNOWN_TYPE, where=_where(p, row, "Type"), type=rec["Type"]
            )
        code = rec["iCode"]
        if not code:
            raise InputFileError(CompositeIssue.EMPTY_ICODE, where=_where(p, row, "iCode"))
        if code in where_of:
            raise InputFileError(
                CompositeIssue.DUPLICATE_ICODE,
                where=_where(p, row, "iCode"),
                node=code,
                row=where_of[code],
            )
        where_of[code] = row
        level = _int(rec, "Level", p, row)
        if (kind == "indicator" and level != 1) or (kind == "aggregate" and level < 2):
            raise InputFileError(
                CompositeIssue.LEVEL_TYPE_MISMATCH,
                where=_where(p, row, "Level"),
                level=level,
                type=rec["Type"],
            )
        if level == 1:
            if not rec.get("Parent"):
                raise InputFileError(
                    CompositeIssue.INDICATOR_NEEDS_PARENT, where=_where(p, row, "Parent")
                )
            indicators.append(_indicator(rec, p, row))
        elif level >= 2:
            aggregates.append(_aggregate(rec, level, p, row))
        else:
            raise InputFileError(
                CompositeIssue.LEVEL_TOO_LOW, where=_where(p, row, "Level"), level=level
            )
    try:
        return Methodology(tuple(indicators), tuple(aggregates), name=p.stem)
    except MethodologyError as exc:
        at = where_of.get(exc.code or "")
        raise InputFileError(
            exc.error_code, where=_where(p, at, exc.field or "iCode"), **exc.params
        ) from None


# ---------------------------------------------------------------------------------------------
# DATA
# ---------------------------------------------------------------------------------------------


def read_data(path: str | os.PathLike[str], method: Methodology) -> IndicatorTable:
    """Read a DATA CSV; every indicator and denominator column of ``method`` must be
    present and numeric; other columns become group columns."""
    p = Path(path)
    header, rows = _rows(p)
    if "uCode" not in header:
        raise InputFileError(
            CompositeIssue.REQUIRED_COLUMN_MISSING, where=_where(p, 1, "uCode"), column="uCode"
        )
    needed: list[str] = []
    for ind in method.indicators:
        for col in (ind.code, ind.denominator):
            if col is not None and col not in needed:
                needed.append(col)
    for col in needed:
        if col not in header:
            raise InputFileError(
                CompositeIssue.META_COLUMN_NOT_IN_DATA, where=_where(p, 1, col), column=col
            )
    other = [h for h in header if h not in needed and h not in ("uCode", "uName")]
    units: list[str] = []
    names: list[str] = []
    first_row: dict[str, int] = {}
    values: list[list[float]] = []
    groups: dict[str, list[str]] = {g: [] for g in other}
    for row, rec in rows:
        code = rec["uCode"]
        if not code:
            raise InputFileError(CompositeIssue.EMPTY_UCODE, where=_where(p, row, "uCode"))
        if code in first_row:
            raise InputFileError(
                CompositeIssue.DUPLICATE_UNIT_ROW,
                where=_where(p, row, "uCode"),
                unit=code,
                row=first_row[code],
            )
        first_row[code] = row
        units.append(code)
        names.append(rec.get("uName", ""))
        values.append([_number(rec[c], p, row, c) for c in needed])
        for g in other:
            groups[g].append(rec[g])
    if not units:
        raise InputFileError(CompositeIssue.DATA_NO_UNITS, where=p.name)
    arr = np.array(values, dtype=np.float64).reshape(len(units), len(needed))
    return IndicatorTable(
        tuple(units),
        tuple(needed),
        arr,
        tuple(names) if "uName" in header else None,
        {g: tuple(v) for g, v in groups.items()},
    )


# ---------------------------------------------------------------------------------------------
# RESULTS
# ---------------------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    x = float(value)
    if math.isnan(x):
        return ""
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def write_results(
    path: str | os.PathLike[str],
    result: CompositeResult,
    uncertainty: UncertaintyResult | None = None,
) -> None:
    """Write ``uCode``, one score column per aggregate (level order, index last) and the
    index ``Rank`` (plus ``RankMedian``, ``RankQ5``, ``RankQ95`` with uncertainty). The file
    is written to a temporary name and renamed, so a failure leaves no partial file."""
    out = Path(path)
    header = ["uCode", *result.aggregate_codes, "Rank"]
    if uncertainty is not None:
        header += ["RankMedian", "RankQ5", "RankQ95"]
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            for i, unit in enumerate(result.units):
                row = [unit, *(_fmt(v) for v in result.scores[i]), _fmt(result.index_ranks[i])]
                if uncertainty is not None:
                    row += [
                        _fmt(uncertainty.median[i]),
                        _fmt(uncertainty.q5[i]),
                        _fmt(uncertainty.q95[i]),
                    ]
                w.writerow(row)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
