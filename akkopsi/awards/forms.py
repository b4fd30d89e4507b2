from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from akkopsi.awards.models import (
    Aggregation,
    Category,
    Criterion,
    Edition,
    MethodologyVersion,
    UncertainImputation,
    UncertainNormalisation,
    Weighting,
)
from akkopsi.members.models import Member
from akkopsi.regions.models import Province, RegencyKind


class BulkFilterForm(forms.Form):
    """Which members are offered for nomination in bulk (a GET form)."""

    scope = forms.ChoiceField(
        label=_("Members"),
        choices=[
            ("verified", _("With verified data for the data year")),
            ("all", _("All active members")),
        ],
        required=False,
    )
    province = forms.ModelChoiceField(
        queryset=Province.objects.order_by("name"), label=_("Province"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *RegencyKind.choices], required=False
    )


class BulkNominationForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("Nominated by the secretariat: verified data for the data year."),
        help_text=_("The same narrative for every member nominated here."),
    )


class NominationForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Member"))
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the kabupaten/kota achieved in sanitation, with the evidence."),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("One PDF or image file, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = members
        if members.count() == 1:
            self.fields["member"].initial = members.first()


class ScoreForm(forms.Form):
    """One rubric choice and a comment per jury criterion."""

    def __init__(
        self, *args: Any, criteria: list[Any], initial_scores: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            prev = initial_scores.get(c.pk)
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.name,
                choices=[("", "–")]
                + [(str(lv["score"]), f"{lv['score']} – {lv['label']}") for lv in c.rubric],
                required=False,
                initial=None
                if prev is None
                else str(int(prev.score) if prev.score == int(prev.score) else prev.score),
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="" if prev is None else prev.comment,
            )

    def scores(self) -> list[tuple[Any, Decimal, str]]:
        """(criterion, score, comment) for each criterion given a score."""
        out = []
        for c in self.criteria:
            raw = self.cleaned_data.get(f"score_{c.pk}")
            if raw is None or raw == "":
                continue
            out.append((c, Decimal(raw), self.cleaned_data.get(f"comment_{c.pk}", "")))
        return out


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligible"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Reason"), max_length=500)


# -- the methodology and edition editors (secretariat) -------------------------------------------


def _number(text: str) -> float:
    """``3``, ``0.5``, ``0,5`` or ``1/3``."""
    text = text.strip().replace(",", ".")
    if "/" in text:
        num, den = text.split("/", 1)
        return float(num) / float(den)
    return float(text)


class PairwiseField(forms.CharField):
    """A pairwise comparison matrix typed as rows of numbers (``1 3 1/5``), one row per line."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "mono"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(" ".join(_fmt_ratio(x) for x in row) for row in value)
        return value

    def to_python(self, value: Any) -> list[list[float]]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        rows = []
        for i, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append([_number(x) for x in line.split()])
            except (ValueError, ZeroDivisionError):
                raise forms.ValidationError(
                    _("Row %(row)s: write numbers such as 3, 0.5 or 1/3.") % {"row": i}
                ) from None
        if rows and any(len(r) != len(rows) for r in rows):
            raise forms.ValidationError(
                _("The comparisons must form a square: as many numbers per row as rows.")
            )
        return rows


def _fmt_ratio(x: float) -> str:
    if x >= 1 or x <= 0:
        return f"{x:g}"
    inv = 1 / x
    return f"1/{round(inv):g}" if abs(inv - round(inv)) < 1e-9 else f"{x:g}"


def _check_ahp(matrix: list[list[float]], n: int, what: str | Promise) -> None:
    from akkopsi.engines.composite import MethodologyError, ahp_weights

    if len(matrix) != n:
        raise forms.ValidationError(
            _("AHP needs a %(n)s x %(n)s matrix, one row per %(what)s.") % {"n": n, "what": what}
        )
    try:
        ahp_weights(matrix)
    except MethodologyError as exc:
        from akkopsi.awards.engine_messages import located_text

        raise forms.ValidationError(located_text(exc)) from exc


class VersionForm(forms.ModelForm):
    uncertain_normalisations = forms.MultipleChoiceField(
        label=_("Normalisation alternatives"),
        choices=UncertainNormalisation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    uncertain_aggregations = forms.MultipleChoiceField(
        label=_("Aggregation alternatives"),
        choices=Aggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    uncertain_imputations = forms.MultipleChoiceField(
        label=_("Imputation alternatives"),
        choices=UncertainImputation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    category_pairwise = PairwiseField(
        label=_("Pairwise comparisons of the categories"), required=False
    )

    class Meta:
        model = MethodologyVersion
        fields = [
            "description",
            "index_aggregation",
            "category_weighting",
            "category_pairwise",
            "winsorise",
            "tie_break",
            "max_arrears_days",
            "weight_noise",
            "uncertain_normalisations",
            "uncertain_aggregations",
            "uncertain_imputations",
            "min_jurors",
            "disagreement",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        from akkopsi.awards.compute import ahp_order

        version = self.instance
        cats = list(version.categories.all()) if version.pk else []
        if data.get("category_weighting") == Weighting.AHP:
            try:
                _check_ahp(
                    data.get("category_pairwise") or [], len(ahp_order(version)), _("category")
                )
            except forms.ValidationError as exc:
                self.add_error("category_pairwise", exc)
        codes = {c.code for c in cats} | set(
            Criterion.objects.filter(category__methodology=version).values_list("code", flat=True)
        )
        tie = [c.strip() for c in (data.get("tie_break") or "").split(",") if c.strip()]
        unknown = [c for c in tie if c not in codes]
        if unknown:
            self.add_error(
                "tie_break",
                _("Unknown category or criterion code: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        if "gmean" in (data.get("uncertain_aggregations") or []) and not data.get(
            "uncertain_normalisations"
        ):
            self.add_error(
                "uncertain_aggregations",
                _(
                    "The geometric mean needs positive normalised values: choose a normalisation "
                    "alternative too (min-max 1-100 or rank)."
                ),
            )
        return data


class CategoryForm(forms.ModelForm):
    pairwise = PairwiseField(label=_("Pairwise comparisons of the criteria"), required=False)

    class Meta:
        model = Category
        fields = [
            "code",
            "name",
            "weight",
            "aggregation",
            "missing",
            "min_coverage",
            "weighting",
            "pairwise",
            "position",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("weighting") == Weighting.AHP and self.instance.pk:
            n = self.instance.criteria.count()
            try:
                _check_ahp(data.get("pairwise") or [], n, _("criterion"))
            except forms.ValidationError as exc:
                self.add_error("pairwise", exc)
        return data


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "code",
            "name",
            "source",
            "indicator",
            "denominator",
            "rubric",
            "direction",
            "transform",
            "normalisation",
            "lower",
            "upper",
            "target",
            "weight",
            "position",
        ]
        widgets = {"rubric": forms.Textarea(attrs={"rows": 2, "class": "mono"})}


CategoryFormSet = forms.inlineformset_factory(
    MethodologyVersion, Category, form=CategoryForm, extra=1, can_delete=True
)
CriterionFormSet = forms.inlineformset_factory(
    Category, Criterion, form=CriterionForm, extra=1, can_delete=True
)


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = [
            "year",
            "data_year",
            "methodology",
            "nominations_open",
            "nominations_close",
            "jury_closes",
            "announcement",
            "scorecards_preview",
            "open_categories",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("nominations_open", "nominations_close", "jury_closes", "announcement")
        } | {"open_categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = cast(forms.ModelMultipleChoiceField, self.fields["open_categories"])
        categories.queryset = Category.objects.select_related("methodology").order_by(
            "methodology__name", "methodology__version", "position"
        )
        categories.label_from_instance = lambda c: f"{c.methodology} · {c.name}"  # type: ignore[assignment]
        if self.instance.pk and self.instance.runs.exists():
            self.fields["methodology"].disabled = True
            self.fields["methodology"].help_text = _(
                "Results have been computed with this methodology: it no longer changes."
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        order = ["nominations_open", "nominations_close", "jury_closes", "announcement"]
        days: list[Any] = [data.get(k) for k in order]
        if all(days) and days != sorted(days):
            raise forms.ValidationError(
                _(
                    "The timeline must run in order: nominations open, nominations close, "
                    "the jury closes, the announcement."
                )
            )
        method = data.get("methodology")
        cats = data.get("open_categories") or []
        if method is not None and any(c.methodology_id != method.pk for c in cats):
            self.add_error(
                "open_categories", _("Open only categories of the chosen methodology version.")
            )
        return data


class JuryForm(forms.Form):
    """The jurors of each category of an edition."""

    def __init__(self, *args: Any, categories: list[Any], jurors: Any, seats: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for cat in categories:
            self.fields[f"jury_{cat.pk}"] = forms.ModelMultipleChoiceField(
                queryset=jurors,
                label=cat.name,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[s for s, c in seats if c == cat.pk],
            )

    def juries(self) -> list[tuple[Any, Any]]:
        """(category, jurors chosen) for each category."""
        return [(cat, self.cleaned_data[f"jury_{cat.pk}"]) for cat in self.categories]


class CriteriaFormSet(CriterionFormSet):  # type: ignore[misc,valid-type]
    """The criteria formset with the two form hooks the view kit uses to show a service's
    errors (as errors of the whole formset)."""

    fields: dict[str, Any] = {}

    def add_error(self, field: str | None, errors: Any) -> None:
        self.non_form_errors().extend(errors if isinstance(errors, list) else [errors])


class VersionAndCategoriesForm(VersionForm):
    """A draft version's settings with its categories (a formset, ``self.categories``),
    valid when both are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else None
        self.categories = CategoryFormSet(data, instance=self.instance, prefix="cat")

    def is_valid(self) -> bool:
        return all([super().is_valid(), self.categories.is_valid()])
