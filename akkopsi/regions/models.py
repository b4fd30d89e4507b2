"""The region registry: provinces, kabupaten/kota and kecamatan with Kemendagri codes."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.models import TimeStampedModel


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        if self.name.startswith(("DKI", "DI ")):
            return self.name
        return f"Provinsi {self.name}"


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


class RegencyQuerySet(models.QuerySet):
    def search(self, text: str) -> RegencyQuerySet:
        text = text.strip()
        if not text:
            return self
        if text.isdigit():
            return self.filter(code__startswith=text)
        for prefix in ("kabupaten ", "kab. ", "kab ", "kota "):
            if text.lower().startswith(prefix):
                return self.filter(
                    kind=RegencyKind.KOTA if prefix.startswith("kota") else RegencyKind.KABUPATEN,
                    name__icontains=text[len(prefix) :].strip(),
                )
        return self.filter(name__icontains=text)


class Regency(models.Model):
    """A kabupaten (regency) or kota (city): the unit the alliance's members are."""

    code = models.CharField(
        _("Kemendagri code"),
        max_length=4,
        primary_key=True,
        validators=[RegexValidator(r"^\d{4}$", _("A kabupaten/kota code has four digits."))],
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="regencies"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RegencyKind.choices)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Without the Kabupaten/Kota prefix.")
    )

    objects = RegencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """As Indonesians write it: 'Kota Bontang', 'Kabupaten Buleleng'."""
        return f"{'Kota' if self.kind == RegencyKind.KOTA else 'Kabupaten'} {self.name}"


class District(models.Model):
    """A kecamatan."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="districts",
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self) -> str:
        return self.name


class Population(TimeStampedModel):
    """Population of a kabupaten/kota in a year, entered or imported, for per-capita figures."""

    regency = models.ForeignKey(
        Regency,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="populations",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990)])
    population = models.PositiveIntegerField(_("population"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["regency", "year"]
        verbose_name = _("population")
        verbose_name_plural = _("population")
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "year"],
                name="%(app_label)s_%(class)s_unique_regency_year",
                violation_error_message=_(
                    "This kabupaten/kota already has a population for that year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(population__gt=0),
                name="%(app_label)s_%(class)s_positive",
                violation_error_message=_("Population must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regency} {self.year}: {self.population}"
