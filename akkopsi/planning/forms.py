"""Forms of the planner: the plan's situation, a scenario's inputs, the member's catalogue.

The scenario editor and the catalogue are grids of Django formsets (one form per row, one
field per year or figure), so they work without JavaScript; an error is reported next to
its cell and, at the top, as "row, column: message" so that a planner finds it at once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from akkopsi.core.fields import MONEY_DIGITS
from akkopsi.engines.allocation import default_targets
from akkopsi.planning.choices import ApbdMode, TargetKind
from akkopsi.planning.models import CatalogueOverride, Plan, Scenario
from akkopsi.planning.solve import catalogue

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    StrOrPromise = str

HUNDRED = Decimal(100)


def _percent(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        max_digits=7,
        decimal_places=3,
        required=required,
    )


def _money(label: StrOrPromise, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=MONEY_DIGITS, decimal_places=2, required=required
    )


class PlanForm(forms.ModelForm):
    """The situation of the member; the ladder in percent of households (each adds up to 100)."""

    class Meta:
        model = Plan
        fields = [
            "name",
            "base_year",
            "horizon",
            "population",
            "household_size",
            "households",
            "growth_percent",
            "use_population_series",
            "discount_percent",
            "iplt_spare_households",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ladders = []
        for ladder in catalogue().ladders:
            names = []
            for step, step_name in zip(ladder.steps, ladder.step_names, strict=True):
                name = f"b_{ladder.id}_{step}"
                self.fields[name] = _percent(f"{ladder.name}: {step_name} (%)")
                names.append(name)
            self.ladders.append((ladder, names))

    def ladder_fields(self) -> list[tuple[Any, list[Any]]]:
        return [(ladder, [self[n] for n in names]) for ladder, names in self.ladders]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or self.cleaned_data
        for ladder, names in self.ladders:
            parts: list[Decimal | None] = [data.get(n) for n in names]
            given = [part for part in parts if part is not None]
            if len(given) != len(parts):
                continue
            total = sum(given, Decimal(0))
            if abs(total - HUNDRED) > Decimal("0.001"):
                self.add_error(
                    names[0],
                    _("The shares of %(ladder)s add up to %(total)s; they must add up to 100.")
                    % {"ladder": ladder.name, "total": total},
                )
        return data

    def baseline(self) -> dict[tuple[str, str], Decimal]:
        return {
            (ladder.id, n.split("_", 1)[1][len(ladder.id) + 1 :]): self.cleaned_data[n]
            for ladder, names in self.ladders
            for n in names
        }

    def plan_fields(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class ScenarioForm(forms.ModelForm):
    """The scenario's own fields; the grids are formsets (:class:`ScenarioEditor`)."""

    class Meta:
        model = Scenario
        fields = ["name", "description", "apbd_min_percent", "apbd_mode", "interim_targets"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["apbd_mode"]).choices = ApbdMode.choices


class RowForm(forms.Form):
    """One row of a grid; ``row_label`` names it in error messages."""

    row_label = ""


class FixedRows(BaseFormSet):
    """A formset whose rows are fixed by the server (no rows added or removed)."""

    def __init__(self, *args: Any, labels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form, label in zip(self.forms, labels, strict=False):
            form.row_label = label


def fixed_rows(form: type[forms.Form], n: int) -> type[FixedRows]:
    return cast(
        "type[FixedRows]",
        formset_factory(
            form,
            formset=FixedRows,
            extra=0,
            min_num=n,
            max_num=n,
            validate_min=True,
            validate_max=True,
        ),
    )


def year_row_form(years: list[int], field: Any) -> type[RowForm]:
    """A row form with one field ``y<year>`` per plan year, made by ``field(label)``."""
    attrs = {f"y{y}": field(str(y)) for y in years}
    return type("YearRowForm", (RowForm,), attrs)


def cell_errors(*grids: Any) -> list[str]:
    """Every error of the given formsets as "row, column: message"."""
    out = []
    for grid in grids:
        out += [str(e) for e in grid.non_form_errors()]
        for form in grid.forms:
            for name, errors in form.errors.items():
                for error in errors:
                    if name == "__all__":
                        out.append(
                            _("%(row)s: %(error)s") % {"row": form.row_label, "error": error}
                        )
                    else:
                        out.append(
                            _("%(row)s, %(column)s: %(error)s")
                            % {
                                "row": form.row_label,
                                "column": form.fields[name].label,
                                "error": error,
                            }
                        )
    return out


class OptionRowForm(RowForm):
    enabled = forms.BooleanField(label=_("available"), required=False)
    capital_cost_per_household = _money(_("capital cost per household"))
    operating_cost_per_household = _money(_("operating cost per household per year"))
    max_households_per_year = forms.IntegerField(
        label=_("at most households per year"), min_value=0, required=False
    )


class ScenarioEditor:
    """The scenario editor: its fields plus four grids (formsets).

    * targets: one row per national target (sub-sector, step, kind), one cell per plan year
      (percent; empty = no target that year);
    * money: one row per funding source, one cell per year (rupiah);
    * APBD: the APBD total per year (for the 2 % rule);
    * options: one row per option: available, and the scenario's own figures (empty = the
      member's figure, else the catalogue's default).
    """

    def __init__(
        self,
        data: Any,
        *,
        scenario: Scenario,
        plan: Plan,
        inputs: dict[str, Any],
        member_options: tuple[Any, ...] | None = None,
        interim: dict[tuple[str, str, str, int], Decimal] | None = None,
    ) -> None:
        cat = catalogue()
        self.years = years = plan.years
        self.form = ScenarioForm(data, instance=scenario)
        self.targets = self._target_grid(data, inputs["targets"])
        if scenario.interim_targets:
            self._show_interim(interim or {})
        self.rules = list(cat.funding_rules)
        money_rows = [
            {f"y{y}": inputs["envelopes"].get((rule.id, y)) for y in years} for rule in self.rules
        ]
        self.money = fixed_rows(year_row_form(years, _money), len(self.rules))(
            data, initial=money_rows, prefix="money", labels=[r.name for r in self.rules]
        )
        self.apbd = fixed_rows(year_row_form(years, _money), 1)(
            data,
            initial=[{f"y{y}": inputs["apbd"].get(y) for y in years}],
            prefix="apbd",
            labels=[str(_("APBD total"))],
        )
        self.options_list = list(member_options or cat.options)
        self.options = self._option_grid(data, inputs["overrides"])
        self.grids = [self.targets, self.money, self.apbd, self.options]

    def _target_grid(self, data: Any, given: list[tuple[str, str, str, int, Any]]) -> FixedRows:
        """One row per national target, plus the targets set through the API on other steps."""
        cat, years = catalogue(), self.years
        steps = {
            ladder.id: dict(zip(ladder.steps, ladder.step_names, strict=True))
            for ladder in cat.ladders
        }
        ladder_names = {ladder.id: ladder.name for ladder in cat.ladders}
        self.target_keys = [
            (t.sub_sector, t.step, t.kind.value) for t in default_targets(years[-1])
        ]
        have = {(s, k, kind, y): p for s, k, kind, y, p in given}
        self.target_keys += sorted(
            {(s, k, kind) for s, k, kind, _y, _p in given} - set(self.target_keys)
        )
        target_rows = [{f"y{y}": have.get((*key, y)) for y in years} for key in self.target_keys]
        self.target_labels = [
            f"{ladder_names.get(s, s)}: {TargetKind(kind).label} «{steps.get(s, {}).get(k, k)}»"
            for s, k, kind in self.target_keys
        ]
        return fixed_rows(
            year_row_form(years, lambda label: _percent(label, required=False)),
            len(target_rows),
        )(data, initial=target_rows, prefix="targets", labels=self.target_labels)

    def _show_interim(self, interim: dict[tuple[str, str, str, int], Decimal]) -> None:
        """Empty cells show the interim target a solve would add there."""
        for key, form in zip(self.target_keys, self.targets.forms, strict=True):
            for y in self.years:
                value = interim.get((*key, y))
                if value is not None:
                    form.fields[f"y{y}"].widget.attrs["placeholder"] = str(
                        value.quantize(Decimal("0.1"))
                    )

    def _option_grid(self, data: Any, overrides: dict[str, tuple[Any, ...]]) -> FixedRows:
        option_rows = []
        for option in self.options_list:
            on, cap, op, cap_hh = overrides.get(option.id, (True, None, None, None))
            option_rows.append(
                {
                    "enabled": on,
                    "capital_cost_per_household": cap,
                    "operating_cost_per_household": op,
                    "max_households_per_year": cap_hh,
                }
            )
        return fixed_rows(OptionRowForm, len(option_rows))(
            data,
            initial=option_rows,
            prefix="options",
            labels=[o.name for o in self.options_list],
        )

    def is_valid(self) -> bool:
        ok = self.form.is_valid()
        return all([grid.is_valid() for grid in self.grids]) and ok

    def errors(self) -> list[str]:
        return cell_errors(*self.grids)

    def target_grid(self) -> list[tuple[str, Any]]:
        return [(form.row_label, form) for form in self.targets.forms]

    def money_grid(self) -> list[tuple[str, Any]]:
        return [(form.row_label, form) for form in [*self.money.forms, *self.apbd.forms]]

    def option_grid(self) -> list[tuple[Any, Any]]:
        return list(zip(self.options_list, self.options.forms, strict=True))

    def inputs(self) -> dict[str, Any]:
        years = self.years
        targets = [
            (s, k, kind, y, form.cleaned_data[f"y{y}"])
            for (s, k, kind), form in zip(self.target_keys, self.targets.forms, strict=True)
            for y in years
            if form.cleaned_data.get(f"y{y}") is not None
        ]
        envelopes = {
            (rule.id, y): form.cleaned_data[f"y{y}"]
            for rule, form in zip(self.rules, self.money.forms, strict=True)
            for y in years
            if form.cleaned_data.get(f"y{y}")
        }
        apbd = {y: self.apbd.forms[0].cleaned_data.get(f"y{y}") for y in years}
        overrides = {
            o.id: (
                form.cleaned_data["enabled"],
                form.cleaned_data["capital_cost_per_household"],
                form.cleaned_data["operating_cost_per_household"],
                form.cleaned_data["max_households_per_year"],
            )
            for o, form in zip(self.options_list, self.options.forms, strict=True)
        }
        return {"targets": targets, "envelopes": envelopes, "apbd": apbd, "overrides": overrides}

    def scenario_fields(self) -> dict[str, Any]:
        return {f: self.form.cleaned_data[f] for f in ScenarioForm.Meta.fields}


class CatalogueRowForm(RowForm):
    capital_cost = _money(_("capital cost"))
    operating_cost = _money(_("operating cost per year"))
    lifetime_years = forms.IntegerField(
        label=_("lifetime (years)"), min_value=1, max_value=100, required=False
    )
    capacity_households = forms.IntegerField(
        label=_("capacity (households per plant)"), min_value=1, required=False
    )
    source = forms.CharField(label=_("source of the figures"), max_length=300, required=False)

    FIGURES = ("capital_cost", "operating_cost", "lifetime_years", "capacity_households")


class CatalogueEditor:
    """The member's own figures for every option and facility of the catalogue (one grid)."""

    def __init__(self, data: Any, *, rows: dict[str, CatalogueOverride]) -> None:
        cat = catalogue()
        self.items: list[tuple[Any, bool]] = [(o, False) for o in cat.options] + [
            (f, True) for f in cat.facilities
        ]
        initial = []
        for item, _is_facility in self.items:
            row = rows.get(item.id)
            initial.append(
                {
                    name: getattr(row, name) if row is not None else None
                    for name in (*CatalogueRowForm.FIGURES, "source")
                }
            )
        self.grid = fixed_rows(CatalogueRowForm, len(self.items))(
            data, initial=initial, prefix="items", labels=[i.name for i, _f in self.items]
        )
        for (_item, is_facility), form in zip(self.items, self.grid.forms, strict=True):
            if not is_facility:
                form.fields["capacity_households"].disabled = True

    def is_valid(self) -> bool:
        return self.grid.is_valid()

    def errors(self) -> list[str]:
        return cell_errors(self.grid)

    def rows(self) -> list[tuple[Any, bool, Any]]:
        return [(i, f, form) for (i, f), form in zip(self.items, self.grid.forms, strict=True)]

    def figures(self) -> dict[str, dict[str, Any]]:
        """item id -> its figures (None = the default) and the source note."""
        return {
            item.id: {
                name: form.cleaned_data.get(name) for name in (*CatalogueRowForm.FIGURES, "source")
            }
            for (item, _f), form in zip(self.items, self.grid.forms, strict=True)
        }
