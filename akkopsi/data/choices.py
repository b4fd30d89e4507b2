from django.db import models
from django.utils.translation import gettext_lazy as _


class SubSector(models.TextChoices):
    AIR_LIMBAH = "air_limbah", _("Air limbah domestik")
    PERSAMPAHAN = "persampahan", _("Persampahan")
    DRAINASE = "drainase", _("Drainase lingkungan")
    HIGIENE = "higiene", _("Higiene/STBM")
    KELEMBAGAAN = "kelembagaan", _("Kelembagaan")


class FundingSource(models.TextChoices):
    APBD_KABKOTA = "apbd_kabkota", _("APBD kabupaten/kota")
    APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
    APBN = "apbn", _("APBN (including DAK)")
    HIBAH = "hibah", _("Hibah/donor")
    CSR = "csr", _("CSR")
    KPBU = "kpbu", _("KPBU")
    SWADAYA = "swadaya", _("Swadaya masyarakat")


class Stage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REALISED = "realised", _("Realised")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither")


class ValueKind(models.TextChoices):
    PERCENT = "percent", _("Percent (0-100)")
    NUMBER = "number", _("Number")
    COUNT = "count", _("Count")
    YEAR = "year", _("Year")
    BOOLEAN = "boolean", _("Yes/no (1/0)")
    LEVEL = "level", _("Level (coded)")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    VERIFIED = "verified", _("Verified")


#: Words users write in files for each choice (lower-case), beside the codes themselves.
STAGE_ALIASES = {
    "rencana": Stage.PLANNED,
    "anggaran": Stage.PLANNED,
    "planned": Stage.PLANNED,
    "realisasi": Stage.REALISED,
    "realised": Stage.REALISED,
    "realized": Stage.REALISED,
}
