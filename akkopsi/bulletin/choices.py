from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")


class SectionKind(models.TextChoices):
    MEMBERSHIP = "membership", _("Membership count and growth")
    COMMITMENT = "commitment", _("Members meeting 2 percent of APBD")
    ACCESS = "access", _("Access indicators against national targets")
    AWARDS = "awards", _("Latest award winners")
    MEETINGS = "meetings", _("Upcoming meetings and summit")
    DUES = "dues", _("Dues collection rate")


class SendStatus(models.TextChoices):
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
