"""The pace of a background job (a calibration run, a batch execution): pending for the first tenth of
the emulator's ``job_seconds`` it was created with, then running until they have passed, then finished.
A job keeps the ``job_seconds`` of its creation, so a later change of the setting does not move it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

PENDING_SHARE: Final = 0.1
"""The share of its ``job_seconds`` a job reads as pending."""


def phases(created_at: str, job_seconds: Any) -> tuple[datetime, datetime]:
    """When a job created at ``created_at`` (ISO 8601) at that pace leaves ``pending``, and when it has
    finished (both ``created_at`` when ``job_seconds`` is 0 or not set)."""
    created = datetime.fromisoformat(created_at)
    pace = float(job_seconds or 0.0)
    return created + timedelta(seconds=pace * PENDING_SHARE), created + timedelta(seconds=pace)
