"""Forms of the planner: the plan's situation and a scenario's inputs (shape only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akkopsi.engines.allocation import default_targets
from akkopsi.planning.choices import ApbdMode, TargetKind
from akkopsi.planning.models import Plan, Scenario
from akkopsi.planning.solve import catalogue

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


def _money(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=20, decimal_places=2, required=required
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
        data = super().clean()
        for ladder, names in self.ladders:
            parts = [data.get(n) for n in names]
            if None in parts:
                continue
            total = sum(parts, Decimal(0))
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
    """Targets, envelopes per source and year, APBD totals, option overrides."""

    class Meta:
        model = Scenario
        fields = ["name", "description", "apbd_min_percent", "apbd_mode", "interim_targets"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, plan: Plan, inputs: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["apbd_mode"].choices = ApbdMode.choices
        cat = catalogue()
        self.years = plan.years
        steps = {
            ladder.id: dict(zip(ladder.steps, ladder.step_names, strict=True))
            for ladder in cat.ladders
        }
        ladder_names = {ladder.id: ladder.name for ladder in cat.ladders}
        have = {(s, k, kind): (y, p) for s, k, kind, y, p in inputs["targets"]}
        self.target_rows = []
        for t in default_targets(self.years[-1]):
            key = f"t_{t.sub_sector}_{t.step}_{t.kind.value}"
            year, pct = have.get((t.sub_sector, t.step, t.kind.value), (self.years[-1], None))
            label = f"{ladder_names[t.sub_sector]}: {TargetKind(t.kind.value).label} «{steps[t.sub_sector][t.step]}»"
            self.fields[key] = _percent(label, required=False)
            self.fields[key + "_y"] = forms.IntegerField(label=_("year"), min_value=1900)
            self.initial.setdefault(key, pct)
            self.initial.setdefault(key + "_y", year)
            self.target_rows.append((t, key))
        self.source_rows = []
        for rule in cat.funding_rules:
            names = []
            for y in self.years:
                name = f"e_{rule.id}_{y}"
                self.fields[name] = _money(f"{rule.name} {y}")
                self.initial.setdefault(name, inputs["envelopes"].get((rule.id, y)))
                names.append(name)
            self.source_rows.append((rule, names))
        self.apbd_names = []
        for y in self.years:
            name = f"a_{y}"
            self.fields[name] = _money(f"APBD {y}")
            self.initial.setdefault(name, inputs["apbd"].get(y))
            self.apbd_names.append(name)
        self.option_rows = []
        for option in cat.options:
            on, cap, op, cap_hh = inputs["overrides"].get(option.id, (True, None, None, None))
            p = f"o_{option.id}"
            self.fields[p + "_on"] = forms.BooleanField(label=option.name, required=False)
            self.fields[p + "_cap"] = _money(_("capital cost per household"))
            self.fields[p + "_op"] = _money(_("operating cost per household per year"))
            self.fields[p + "_max"] = forms.IntegerField(
                label=_("at most households per year"), min_value=0, required=False
            )
            for suffix, value in (("_on", on), ("_cap", cap), ("_op", op), ("_max", cap_hh)):
                self.initial.setdefault(p + suffix, value)
            self.option_rows.append((option, p))

    def grids(self) -> dict[str, Any]:
        return {
            "targets": [(t, self[k], self[k + "_y"]) for t, k in self.target_rows],
            "sources": [(rule, [self[n] for n in names]) for rule, names in self.source_rows],
            "apbd": [self[n] for n in self.apbd_names],
            "options": [
                (o, self[p + "_on"], self[p + "_cap"], self[p + "_op"], self[p + "_max"])
                for o, p in self.option_rows
            ],
        }

    def inputs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "targets": [
                (t.sub_sector, t.step, t.kind.value, d[k + "_y"], d[k])
                for t, k in self.target_rows
                if d.get(k) is not None
            ],
            "envelopes": {
                (rule.id, y): d[n]
                for rule, names in self.source_rows
                for y, n in zip(self.years, names, strict=True)
                if d.get(n)
            },
            "apbd": {y: d[n] for y, n in zip(self.years, self.apbd_names, strict=True)},
            "overrides": {
                o.id: (d[p + "_on"], d[p + "_cap"], d[p + "_op"], d[p + "_max"])
                for o, p in self.option_rows
            },
        }

    def scenario_fields(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}
