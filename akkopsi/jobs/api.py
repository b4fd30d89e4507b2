"""``GET /api/jobs/`` (the jobs one started) and ``GET /api/jobs/<id>/`` (ADR 0054)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets

from akkopsi.jobs.access import own_jobs, visible_jobs
from akkopsi.jobs.models import Job


class JobSerializer(serializers.ModelSerializer[Job]):
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    percent = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)
    outcome = serializers.ChoiceField(
        choices=("", "complete", "partial", "none"),
        read_only=True,
        help_text="For a finished job: every item done, some, or none (an import refused).",
    )
    started_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    result_url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = (
            "id",
            "kind",
            "label",
            "state",
            "status",
            "outcome",
            "started_by",
            "created_at",
            "finished_at",
            "done",
            "failed_items",
            "total",
            "percent",
            "notes",
            "result_url",
            "error",
            "cancel_requested",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_result_url(self, job: Job) -> str | None:
        if not job.result_url:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(job.result_url) if request else job.result_url


class JobViewSet(viewsets.ReadOnlyModelViewSet[Job]):
    """The jobs a user may see: their own; the secretariat and administrators see every job."""

    serializer_class = JobSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Job]:
        rows: Any = visible_jobs if self.action == "retrieve" else own_jobs
        return rows(self.request.user).select_related("started_by")
