"""From sheets to typed records: recognise each sheet's layout and check every cell.

Layouts (columns; header names are case-insensitive):
- indicators, long:  kode, tahun, indikator, nilai [, komentar]
- indicators, wide:  kode, tahun, <one column per indicator code> [, nama] [, komentar]
  (the template's "Data" sheet; the row's komentar explains the row's flagged values)
- budget lines:      kode, tahun, subsektor, sumber, tahap, nilai
- APBD totals:       kode, tahun, tahap, apbd
- population:        kode, tahun, penduduk
A sheet named "Petunjuk" or "Keterangan" (the template's instructions) is skipped; any other
sheet whose columns fit no layout is an error, so nothing in a file is silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from akkopsi.data.choices import STAGE_ALIASES, FundingSource, Stage, SubSector, ValueKind
from akkopsi.data.importing.cells import (
    CellError,
    is_blank,
    parse_boolean,
    parse_code,
    parse_decimal,
    parse_money,
    parse_year,
)
from akkopsi.data.importing.reading import Sheet
from akkopsi.data.importing.records import (
    ApbdRecord,
    BudgetRecord,
    Parsed,
    PopulationRecord,
    ValueRecord,
    Where,
)

SOURCE_ALIASES = {
    "dak": "apbn",
    "apbd": "apbd_kabkota",
    "apbd_kab/kota": "apbd_kabkota",
    "apbd_kabupaten/kota": "apbd_kabkota",
    "apbd_prov": "apbd_provinsi",
    "donor": "hibah",
    "masyarakat": "swadaya",
}
SKIPPED_SHEETS = {"petunjuk", "keterangan", "instructions", "readme"}
KEY = ("kode", "tahun")
LONG = {"kode", "tahun", "indikator", "nilai"}
BUDGET = {"kode", "tahun", "subsektor", "sumber", "tahap", "nilai"}
APBD = {"kode", "tahun", "tahap", "apbd"}
POPULATION = {"kode", "tahun", "penduduk"}
MAX_POPULATION = 2_147_483_647  # the column's range (PositiveIntegerField)
WIDE_EXTRA = {"nama", "komentar", "nama_kabupaten/kota", "kabupaten/kota"}


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    id: int
    code: str
    kind: str
    min_value: Decimal
    max_value: Decimal
    yoy_threshold: Decimal | None
    name: str


@dataclass(slots=True)
class Context:
    """What validation needs from the database, loaded once per import."""

    members: dict[str, int]  # code -> member id
    indicators: dict[str, IndicatorInfo]
    current_year: int
    own_member_id: int | None = None  # member staff: only this member
    open_years: set[int] | None = None  # member staff: only these years
    locked: set[tuple[int, int]] = field(default_factory=set)  # (member_id, year) not writable
    regencies: set[str] = field(default_factory=set)  # for population
    may_import_population: bool = False
    budget_maximum: Decimal | None = None  # largest amount of the columns (None: a budget line's)
    apbd_maximum: Decimal | None = None
    deadline: Any = None  # reading.Deadline of the whole dry run


def _lookup(choices: Any, raw: Any, aliases: Mapping[str, str] | None = None) -> str | None:
    text = str(raw or "").strip().lower().replace(" ", "_")
    if aliases and text in aliases:
        return aliases[text]
    for value, label in choices.choices:
        if text in {value, str(label).lower().replace(" ", "_")}:
            return value
    return None


class SheetParser:
    def __init__(self, ctx: Context, out: Parsed) -> None:
        self.ctx = ctx
        self.out = out
        self.seen: dict[tuple[Any, ...], Where] = {}

    def parse(self, sheets: list[Sheet]) -> Parsed:
        for sheet in sheets:
            if sheet.name.strip().lower() in SKIPPED_SHEETS:
                continue
            cols = set(sheet.header)
            duplicated = {c for c in sheet.header if c and sheet.header.count(c) > 1}
            if duplicated:
                self.out.error(
                    Where(sheet.name, f"{sheet.header_row}"),
                    ", ".join(sorted(duplicated)),
                    _("the header names a column twice"),
                )
                continue
            if cols >= BUDGET:
                rows = self._budget
            elif cols >= APBD:
                rows = self._apbd
            elif cols >= POPULATION and not (cols & set(self.ctx.indicators)):
                rows = self._population
            elif cols >= LONG:
                rows = self._long
            elif set(KEY) <= cols and cols & set(self.ctx.indicators):
                unknown = cols - set(KEY) - WIDE_EXTRA - set(self.ctx.indicators) - {""}
                if unknown:
                    self.out.error(
                        Where(sheet.name, f"{sheet.header_row}"),
                        ", ".join(sorted(unknown)),
                        _("unknown indicator column(s); see the indicator catalogue for the codes"),
                    )
                    continue
                rows = self._wide
            else:
                self.out.error(
                    Where(sheet.name, f"{sheet.header_row}"),
                    ", ".join(c for c in sheet.header if c)[:60],
                    _(
                        "the columns fit no known layout (indicators: kode, tahun, indikator, nilai; budget: kode, tahun, subsektor, sumber, tahap, nilai; APBD: kode, tahun, tahap, apbd)"
                    ),
                )
                continue
            for row in sheet.rows:
                self.out.rows += 1
                if self.ctx.deadline is not None and self.out.rows % 1000 == 0:
                    self.ctx.deadline.check()
                extra = [c for k, c in row.cells.items() if k.startswith("_extra")]
                if extra:
                    self.out.error(
                        Where(sheet.name, extra[0].ref),
                        extra[0].value,
                        _("a value stands in a column without a header"),
                    )
                    continue
                rows(sheet.name, row.cells)
        return self.out

    # -- shared checks -------------------------------------------------------------------
    def _key(self, sheet: str, cells: dict[str, Any]) -> tuple[int, str, int] | None:
        """(member id, code, year) of a row, when the row may write that member-year."""
        code_cell, year_cell = cells.get("kode"), cells.get("tahun")
        member = self._member(sheet, code_cell)
        if member is None or code_cell is None:
            return None
        member_id, code = member
        if year_cell is None or is_blank(year_cell.value):
            self.out.error(
                Where(sheet, year_cell.ref if year_cell else code_cell.ref),
                None,
                _("the year is missing"),
            )
            return None
        year = self._year(sheet, year_cell, member_id, code)
        return None if year is None else (member_id, code, year)

    def _member(self, sheet: str, code_cell: Any) -> tuple[int, str] | None:
        """The member of a row's code, when there is one the user may report for."""
        if code_cell is None or is_blank(code_cell.value):
            ref = code_cell.ref if code_cell else "?"
            self.out.error(Where(sheet, ref), None, _("the kabupaten/kota code is missing"))
            return None
        try:
            code = parse_code(code_cell.value)
        except CellError as exc:
            self.out.error(Where(sheet, code_cell.ref), code_cell.value, f"kode: {exc}")
            return None
        member_id = self.ctx.members.get(code)
        if member_id is None:
            self.out.error(
                Where(sheet, code_cell.ref), code, _("no member has code %(code)s") % {"code": code}
            )
            return None
        if self.ctx.own_member_id is not None and member_id != self.ctx.own_member_id:
            self.out.error(
                Where(sheet, code_cell.ref),
                code,
                _("you may only report data of your own kabupaten/kota"),
            )
            return None
        return member_id, code

    def _year(self, sheet: str, year_cell: Any, member_id: int, code: str) -> int | None:
        """The year of a row, when it is one the member's data may be written for."""
        try:
            year = parse_year(year_cell.value)
        except CellError as exc:
            self.out.error(Where(sheet, year_cell.ref), year_cell.value, f"tahun: {exc}")
            return None
        if year > self.ctx.current_year:
            self.out.error(
                Where(sheet, year_cell.ref),
                year,
                _("%(year)s is in the future; only data of past and current years can be reported")
                % {"year": year},
            )
            return None
        if self.ctx.open_years is not None and year not in self.ctx.open_years:
            self.out.error(
                Where(sheet, year_cell.ref),
                year,
                _("the year %(year)s is not open for reporting") % {"year": year},
            )
            return None
        if (member_id, year) in self.ctx.locked:
            self.out.error(
                Where(sheet, year_cell.ref),
                year,
                _(
                    "the data of %(code)s for %(year)s is verified or awaiting verification and cannot be changed; ask the secretariat to reopen it"
                )
                % {"code": code, "year": year},
            )
            return None
        return year

    def _duplicate(self, key: tuple[Any, ...], where: Where) -> bool:
        first = self.seen.get(key)
        if first is not None:
            self.out.error(
                where,
                None,
                _("the same value is given twice in this file (first at %(first)s)")
                % {"first": first},
            )
            return True
        self.seen[key] = where
        return False

    def _indicator_value(
        self,
        sheet: str,
        member_id: int,
        code: str,
        year: int,
        info: IndicatorInfo,
        cell: Any,
        comment: str,
        explanation: str = "",
    ) -> None:
        if is_blank(cell.value):
            return
        where = Where(sheet, cell.ref)
        try:
            if info.kind == ValueKind.BOOLEAN:
                value = parse_boolean(cell.value)
            else:
                value = parse_decimal(cell.value, percent=info.kind == ValueKind.PERCENT)
        except CellError as exc:
            self.out.error(where, cell.value, f"{info.name} {exc}")
            return
        if not info.min_value <= value <= info.max_value:
            self.out.error(
                where,
                cell.value,
                _("%(indicator)s must lie between %(lo)s and %(hi)s")
                % {
                    "indicator": info.name,
                    "lo": _plain(info.min_value),
                    "hi": _plain(info.max_value),
                },
            )
            return
        if (
            info.kind in {ValueKind.COUNT, ValueKind.YEAR, ValueKind.LEVEL}
            and value != value.to_integral_value()
        ):
            self.out.error(
                where,
                cell.value,
                _("%(indicator)s must be a whole number") % {"indicator": info.name},
            )
            return
        if self._duplicate(("v", member_id, info.id, year), where):
            return
        self.out.values.append(
            ValueRecord(
                member_id,
                code,
                info.id,
                info.code,
                year,
                value,
                comment,
                where,
                explanation=explanation,
                label=info.name,
            )
        )

    # -- layouts -------------------------------------------------------------------------
    def _long(self, sheet: str, cells: dict[str, Any]) -> None:
        key = self._key(sheet, cells)
        if key is None:
            return
        ind_cell = cells["indikator"]
        info = self.ctx.indicators.get(str(ind_cell.value or "").strip().lower())
        if info is None:
            self.out.error(Where(sheet, ind_cell.ref), ind_cell.value, _("unknown indicator code"))
            return
        comment = _text(cells.get("komentar"))
        self._indicator_value(sheet, *key, info, cells["nilai"], comment)

    def _wide(self, sheet: str, cells: dict[str, Any]) -> None:
        key = self._key(sheet, cells)
        if key is None:
            return
        # One komentar for the row's values: the explanation of its flagged values (stored with
        # the values written), not a comment that would make every value of the row "changed".
        explanation = _text(cells.get("komentar"))
        for column, cell in cells.items():
            info = self.ctx.indicators.get(column)
            if info is not None:
                self._indicator_value(sheet, *key, info, cell, "", explanation)

    def _budget(self, sheet: str, cells: dict[str, Any]) -> None:
        key = self._key(sheet, cells)
        if key is None:
            return
        member_id, code, year = key
        subsector = _lookup(SubSector, cells["subsektor"].value)
        source = _lookup(FundingSource, cells["sumber"].value, SOURCE_ALIASES)
        stage = _lookup(Stage, cells["tahap"].value, STAGE_ALIASES)
        if is_blank(cells["nilai"].value):
            return
        for name, found, choices in (
            ("subsektor", subsector, SubSector),
            ("sumber", source, FundingSource),
            ("tahap", stage, Stage),
        ):
            if found is None:
                allowed = ", ".join(choices.values)
                self.out.error(
                    Where(sheet, cells[name].ref),
                    cells[name].value,
                    _("unknown %(column)s; use one of: %(allowed)s")
                    % {"column": name, "allowed": allowed},
                )
                return
        amount = self._money(sheet, cells["nilai"], "nilai", self.ctx.budget_maximum)
        if amount is None:
            return
        where = Where(sheet, cells["nilai"].ref)
        if self._duplicate(("b", member_id, year, subsector, source, stage), where):
            return
        self.out.budget.append(
            BudgetRecord(
                member_id, code, year, str(subsector), str(source), str(stage), amount, where
            )
        )

    def _apbd(self, sheet: str, cells: dict[str, Any]) -> None:
        key = self._key(sheet, cells)
        if key is None:
            return
        member_id, code, year = key
        stage = _lookup(Stage, cells["tahap"].value, STAGE_ALIASES)
        if stage is None:
            self.out.error(
                Where(sheet, cells["tahap"].ref),
                cells["tahap"].value,
                _("unknown tahap; use planned/rencana or realised/realisasi"),
            )
            return
        amount = self._money(sheet, cells["apbd"], "apbd", self.ctx.apbd_maximum)
        if amount is None:
            return
        where = Where(sheet, cells["apbd"].ref)
        if amount == 0:
            self.out.error(where, cells["apbd"].value, _("the APBD total must be more than zero"))
            return
        if self._duplicate(("a", member_id, year, stage), where):
            return
        self.out.apbd.append(ApbdRecord(member_id, code, year, stage, amount, where))

    def _population(self, sheet: str, cells: dict[str, Any]) -> None:
        code_cell, year_cell, pop_cell = (
            cells["kode"],  # the sheet's header has these columns, so every row has them
            cells["tahun"],
            cells["penduduk"],
        )
        if not self.ctx.may_import_population:
            self.out.error(
                Where(sheet, code_cell.ref if code_cell else "?"),
                None,
                _("only the secretariat imports population"),
            )
            return
        try:
            code = parse_code(code_cell.value if code_cell else None)
            year = parse_year(year_cell.value if year_cell else None)
        except CellError as exc:
            self.out.error(
                Where(sheet, (code_cell or year_cell).ref if (code_cell or year_cell) else "?"),
                None,
                str(exc),
            )
            return
        if code not in self.ctx.regencies:
            self.out.error(
                Where(sheet, code_cell.ref),
                code,
                _("there is no kabupaten/kota with code %(code)s") % {"code": code},
            )
            return
        try:
            number = parse_decimal(pop_cell.value)
        except CellError as exc:
            self.out.error(Where(sheet, pop_cell.ref), pop_cell.value, f"penduduk: {exc}")
            return
        if number <= 0 or number != number.to_integral_value() or number > MAX_POPULATION:
            self.out.error(
                Where(sheet, pop_cell.ref),
                pop_cell.value,
                _("population must be a whole number above zero"),
            )
            return
        where = Where(sheet, pop_cell.ref)
        if self._duplicate(("p", code, year), where):
            return
        self.out.population.append(PopulationRecord(code, year, int(number), where))

    def _money(self, sheet: str, cell: Any, column: str, maximum: Decimal | None) -> Decimal | None:
        if is_blank(cell.value):
            return None  # an empty amount means "no value" (the template leaves them empty)
        try:
            return parse_money(cell.value, maximum)
        except CellError as exc:
            self.out.error(Where(sheet, cell.ref), cell.value, f"{column}: {exc}")
            return None


def _text(cell: Any) -> str:
    return "" if cell is None or cell.value is None else str(cell.value).strip()


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def parse_sheets(sheets: list[Sheet], ctx: Context) -> Parsed:
    return SheetParser(ctx, Parsed()).parse(sheets)
