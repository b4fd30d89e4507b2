"""The web form of one member-year, read and saved as the importer reads files: every typed
value goes through the same checks as an upload, and a save is refused when someone else
saved meanwhile (the form's version, ``importing.preview.fingerprint``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BoundField, RadioSelect
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.dates import today
from akkopsi.core.formatting import format_number, format_rupiah
from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector, ValueKind
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
from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    Indicator,
    IndicatorValue,
    ReopenRequest,
    Submission,
)
from akkopsi.data.review import return_reasons
from akkopsi.members.models import Member

BUDGET_KEYS: list[tuple[str, str, str]] = [
    (sub, src, Stage.PLANNED.value) for sub in SubSector.values for src in FundingSource.values
] + [(sub, src, Stage.REALISED.value) for sub in SubSector.values for src in FundingSource.values]

VALUE_HEADER = ["kode", "tahun", "indikator", "nilai", "komentar"]
BUDGET_HEADER = ["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"]
APBD_HEADER = ["kode", "tahun", "tahap", "apbd"]


#: The label of each budget line's input ("Air limbah domestik, APBD kabupaten/kota, Rencana").
def budget_labels() -> dict[tuple[str, str, str], str]:
    subs, srcs, stages = (dict(c.choices) for c in (SubSector, FundingSource, Stage))
    return {
        (sub, src, st): f"{subs[sub]}, {srcs[src]}, {stages[st]}" for sub, src, st in BUDGET_KEYS
    }


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def as_input(kind: str | None, value: Decimal) -> str:
    """A stored value as its input shows it: 74,2 · 2011 · 1 (yes) · 1.234.567 rupiah."""
    if kind is None:  # money
        return format_number(value, 2 if value != value.to_integral_value() else 0)
    if kind in {ValueKind.YEAR, ValueKind.BOOLEAN, ValueKind.COUNT, ValueKind.LEVEL}:
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def as_text(kind: str | None, unit: str, value: Decimal) -> str:
    """A stored value as a sentence shows it: 74,2% · 2011 · Ya · Rp1.234.567 · 12,5 ha."""
    if kind is None:
        return format_rupiah(value)
    if kind == ValueKind.BOOLEAN:
        return str(_("Yes") if value else _("No"))
    if kind == ValueKind.YEAR:
        return str(int(value))
    number = format_number(value, _places(value))
    if kind == ValueKind.PERCENT:
        return f"{number}%"
    return f"{number} {unit}" if kind == ValueKind.NUMBER else number


def stored_values(
    member: Member, years: list[int], indicators: list[Indicator]
) -> dict[int, dict[str, tuple[str, str]]]:
    """Per year, the stored values by form field: (as the input shows it, as text)."""
    kinds = {i.code: (i.kind, i.unit) for i in indicators}
    out: dict[int, dict[str, tuple[str, str]]] = {y: {} for y in years}

    def put(year: int, field: str, kind: str | None, unit: str, value: Decimal) -> None:
        out[year][field] = (as_input(kind, value), as_text(kind, unit, value))

    values = IndicatorValue.objects.filter(member=member, year__in=years)
    for code, year, value in values.values_list("indicator__code", "year", "value"):
        if code in kinds:
            put(year, f"ind_{code}", *kinds[code], value)
    apbd = ApbdTotal.objects.filter(member=member, year__in=years)
    for stage, year, amount in apbd.values_list("stage", "year", "amount"):
        put(year, f"apbd_{stage}", None, "", amount)
    lines = BudgetLine.objects.filter(member=member, year__in=years)
    for sub, src, stage, year, amount in lines.values_list(
        "subsector", "source", "stage", "year", "amount"
    ):
        put(year, f"b_{sub}_{src}_{stage}", None, "", amount)
    return out


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
    last_year: dict[str, tuple[str, str]]
    has_data: bool
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
        stored = stored_values(member, [year - 1, year], indicators)
        initial = {f: shown for f, (shown, _text) in stored[year].items()}
        form = _form(data or None, indicators, initial={**initial, "version": version})
        page = cls(
            member, year, indicators, scope, form, submission, stored[year - 1], bool(initial), data
        )
        if page.locked:
            for field in form.fields.values():
                field.disabled = True
        return page

    @property
    def locked(self) -> bool:
        """Submitted or verified data is read-only; a request to reopen it is the way back."""
        return self.submission is not None and self.submission.is_locked

    def save(self, by: User) -> bool:
        """Check the typed values as an import and save them; False when the form says why not."""
        form = self.form
        if self.locked:
            form.add_error(None, _("This data was submitted and can no longer be changed here."))
            return False
        valid = form.is_valid()
        # The values the form could read are checked too, so every problem shows at once.
        sheets = entry_sheets(self.member, self.year, form.cleaned_data, self.indicators)
        self.preview = preview = dry_run_sheets(sheets, by, current_year=today().year)
        for problem in preview.errors:
            field = problem.where.cell
            form.add_error(field if field in form.fields else None, problem.message)
        if not (valid and preview.ok):
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
        self.form = _form(data, self.indicators)
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
        # Why the secretariat returned each value (the review screen's per-value reasons).
        reasons = return_reasons(self.submission) if self.submission is not None else {}
        return {
            "member": self.member,
            "year": self.year,
            "form": form,
            "indicators": self.indicators,
            "grid": self._grid(),
            "submission": self.submission,
            "status": status_text(self.submission),
            "locked": self.locked,
            "preview": self.preview,
            "indicator_fields": [
                (
                    *self._row(f"ind_{i.code}"),
                    "%" if i.kind == ValueKind.PERCENT else "",
                    reasons.get(i.code, ""),
                )
                for i in self.indicators
            ],
            "apbd_fields": [self._row(f"apbd_{stage}") for stage in Stage.values],
            "summary": error_summary(form),
            **self._last_request(),
            "can_submit": not self.locked and self.has_data and not form.is_bound,
        }

    def _last_request(self) -> dict[str, ReopenRequest | None]:
        """The staff's last request to open locked data again, if it waits or was refused."""
        last = None
        if self.locked and self.submission is not None:
            last = self.submission.reopen_requests.order_by("-created_at", "-pk").first()
        return {
            "reopen_pending": last if last is not None and last.is_pending else None,
            "reopen_refused": last if last is not None and last.refused_at else None,
        }

    def _row(self, name: str) -> tuple[BoundField, tuple[str, str] | None]:
        """A field and last year's value beside it (as the input takes it, as text)."""
        return self.form[name], self.last_year.get(name)

    def _grid(self) -> list[tuple[Any, list[tuple[Any, Any, Any]]]]:
        return [
            (
                sub_label,
                [
                    (
                        src_label,
                        self._row(f"b_{sub}_{src}_{Stage.PLANNED}"),
                        self._row(f"b_{sub}_{src}_{Stage.REALISED}"),
                    )
                    for src, src_label in FundingSource.choices
                ],
            )
            for sub, sub_label in SubSector.choices
        ]


def _form(data: Any, indicators: list[Indicator], **kwargs: Any) -> EntryForm:
    return EntryForm(
        data,
        indicators=indicators,
        budget_keys=BUDGET_KEYS,
        budget_labels=budget_labels(),
        **kwargs,
    )


def error_summary(form: EntryForm) -> list[tuple[str, str, str]]:
    """Every problem of the form for the summary at its top: (anchor, label, message)."""
    items = [("", "", str(message)) for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        field = form[name]
        radio = isinstance(field.field.widget, RadioSelect)
        anchor = f"{field.auto_id}_0" if radio else str(field.auto_id)
        items += [(anchor, str(field.label), str(message)) for message in errors]
    return items


def status_text(submission: Submission | None) -> str:
    """Where the submission stands, in a sentence (with the secretariat's reason)."""
    if submission is None or submission.status == SubmissionStatus.DRAFT:
        return ""
    if submission.status == SubmissionStatus.SUBMITTED:
        return _("Submitted on %(day)s; waiting for the secretariat's verification.") % {
            "day": _day(submission.submitted_at)
        }
    if submission.status == SubmissionStatus.VERIFIED:
        return _("Verified on %(day)s by the secretariat.") % {"day": _day(submission.verified_at)}
    return _("Returned for correction by the secretariat: %(reason)s") % {
        "reason": submission.comment or "–"
    }


def _day(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j F Y") if moment else "–"
