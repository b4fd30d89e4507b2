"""The web form of one member-year, read and saved as the importer reads files: every typed
value goes through the same checks as an upload, and a save is refused when someone else
saved meanwhile (the form's version, ``importing.preview.fingerprint``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.dates import today
from akkopsi.data.choices import FundingSource, Stage, SubSector
from akkopsi.data.forms import EntryForm
from akkopsi.data.importing.preview import Preview, Scope
from akkopsi.data.importing.reading import Cell, Row, Sheet
from akkopsi.data.importing.service import (
    ImportConflict,
    commit,
    dry_run_sheets,
    fingerprint,
    form_scope,
)
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, Submission
from akkopsi.members.models import Member

BUDGET_KEYS: list[tuple[str, str, str]] = [
    (sub, src, Stage.PLANNED.value) for sub in SubSector.values for src in FundingSource.values
] + [(sub, src, Stage.REALISED.value) for sub in SubSector.values for src in FundingSource.values]

VALUE_HEADER = ["kode", "tahun", "indikator", "nilai", "komentar"]
BUDGET_HEADER = ["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"]
APBD_HEADER = ["kode", "tahun", "tahap", "apbd"]


def _text(value: Any) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def entry_initial(member: Member, year: int) -> dict[str, Any]:
    """The stored values of a member-year as the form's fields show them."""
    initial: dict[str, Any] = {}
    for code, value in IndicatorValue.objects.filter(member=member, year=year).values_list(
        "indicator__code", "value"
    ):
        initial[f"ind_{code}"] = _text(value)
    for stage, amount in ApbdTotal.objects.filter(member=member, year=year).values_list(
        "stage", "amount"
    ):
        initial[f"apbd_{stage}"] = _text(amount)
    for sub, src, stage, amount in BudgetLine.objects.filter(member=member, year=year).values_list(
        "subsector", "source", "stage", "amount"
    ):
        initial[f"b_{sub}_{src}_{stage}"] = _text(amount)
    return initial


def entry_sheets(
    member: Member, year: int, data: dict[str, Any], indicators: list[Indicator]
) -> list[Sheet]:
    """The form as the importer reads files: cells are named by their form field."""
    key = {"kode": Cell("kode", member.code), "tahun": Cell("tahun", year)}
    comment = Cell("komentar", data.get("komentar", ""))

    def row(number: int, field: str, value_column: str, **columns: Any) -> Row:
        cells = {name: Cell(field, value) for name, value in columns.items()}
        return Row(number, {**key, **cells, value_column: Cell(field, data[field])})

    def typed(field: str) -> bool:
        return bool(data.get(field, "").strip())

    values = [
        Row(n, {**row(n, f, "nilai", indikator=ind.code).cells, "komentar": comment})
        for n, ind in enumerate(indicators)
        if typed(f := f"ind_{ind.code}")
    ]
    budget = [
        row(0, f, "nilai", subsektor=sub, sumber=src, tahap=stage)
        for sub, src, stage in BUDGET_KEYS
        if typed(f := f"b_{sub}_{src}_{stage}")
    ]
    apbd = [row(0, f, "apbd", tahap=stage) for stage in Stage.values if typed(f := f"apbd_{stage}")]
    return [
        Sheet(name=_("form"), header=VALUE_HEADER, rows=values),
        Sheet(name=_("form"), header=BUDGET_HEADER, rows=budget),
        Sheet(name=_("form"), header=APBD_HEADER, rows=apbd),
    ]


@dataclass
class EntryPage:
    """The entry form of one member-year: what it shows, and saving it with the actor."""

    member: Member
    year: int
    indicators: list[Indicator]
    scope: Scope
    form: EntryForm
    submission: Submission | None
    data: QueryDict | None = None
    preview: Preview | None = None

    @classmethod
    def open(cls, member: Member, year: int, data: QueryDict | None) -> EntryPage:
        """``data``: the posted form, None for a GET."""
        indicators = list(Indicator.objects.filter(active=True))
        submission = Submission.objects.filter(member=member, year=year).first()
        # The version of what the form shows, read before the values (optimistic concurrency).
        scope = form_scope(member.pk, year, [i.pk for i in indicators], BUDGET_KEYS)
        version = fingerprint(scope) if data is None else ""
        initial = {**entry_initial(member, year), "version": version}
        form = EntryForm(
            data or None, initial=initial, indicators=indicators, budget_keys=BUDGET_KEYS
        )
        return cls(member, year, indicators, scope, form, submission, data)

    def save(self, by: User) -> bool:
        """Check the typed values as an import and save them; False when the form says why not."""
        form = self.form
        if not form.is_valid():
            return False
        sheets = entry_sheets(self.member, self.year, form.cleaned_data, self.indicators)
        self.preview = preview = dry_run_sheets(sheets, by, current_year=today().year)
        for problem in preview.errors:
            field = problem.where.cell
            form.add_error(field if field in form.fields else None, problem.message)
        if not preview.ok:
            return False
        if preview.warnings and not form.cleaned_data["komentar"].strip():
            form.add_error(
                "komentar",
                _("Some values were flagged; explain them in the comment before saving."),
            )
            return False
        return self._commit(preview, by)

    def _commit(self, preview: Preview, by: User) -> bool:
        seen = self.form.cleaned_data["version"]
        try:
            commit(
                preview,
                by=by,
                comment=self.form.cleaned_data["komentar"],
                filename=_("web form"),
                member=self.member,
                expected=[(self.scope, seen)] if seen else None,
            )
        except ImportConflict:
            self._show_conflict()
            return False
        return True

    def _show_conflict(self) -> None:
        """Someone saved meanwhile: show it; the typed values stay, under the new version."""
        assert self.data is not None
        data = self.data.copy()
        data["version"] = fingerprint(self.scope)
        self.form = EntryForm(data, indicators=self.indicators, budget_keys=BUDGET_KEYS)
        self.form.is_valid()
        self.form.add_error(
            None,
            _(
                "The data changed since you opened this form (someone else saved it); "
                "look again at the values stored now and save again."
            ),
        )
        self.submission = Submission.objects.filter(member=self.member, year=self.year).first()

    def context(self) -> dict[str, Any]:
        form = self.form
        grid = [
            (
                sub_label,
                [
                    (
                        src_label,
                        form[f"b_{sub}_{src}_{Stage.PLANNED}"],
                        form[f"b_{sub}_{src}_{Stage.REALISED}"],
                    )
                    for src, src_label in FundingSource.choices
                ],
            )
            for sub, sub_label in SubSector.choices
        ]
        return {
            "member": self.member,
            "year": self.year,
            "form": form,
            "indicators": self.indicators,
            "grid": grid,
            "submission": self.submission,
            "preview": self.preview,
            "indicator_fields": [form[f"ind_{i.code}"] for i in self.indicators],
        }
