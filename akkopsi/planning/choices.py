from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    AT_LEAST = "at_least", _("at least this share at the step or above")
    AT_MOST = "at_most", _("at most this share at the step or below")


class ApbdMode(models.TextChoices):
    CHECK = "check", _("only check the commitment")
    FLOOR = "floor", _("force the program to use at least the commitment")
