"""Files a job makes (a zip of PDFs): in the default storage under ``jobs/<id>/``, served
only to whoever may see the job (``views.FileView``)."""

from __future__ import annotations

from akkopsi.jobs.models import Job


def job_folder(job: Job) -> str:
    return f"jobs/{job.pk}"


def zip_name(job: Job) -> str:
    return f"{job_folder(job)}/{job.kind.replace('.', '-')}-{job.pk}.zip"
