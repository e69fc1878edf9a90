"""Running background jobs inside a test, on whichever engine the settings choose."""

from __future__ import annotations

from console import jobs
from console.models import Job


def run_one() -> Job | None:
    """Run the next task waiting on the engine, in this process; the job it ran (as it
    is now), or None when nothing waits."""
    ran = jobs.run_queued(limit=1)
    return ran[0] if ran else None


def run_all() -> list[Job]:
    """Run everything waiting on the engine; the jobs, in the order they ran."""
    return jobs.run_queued()


def outcomes(job: Job) -> dict[str, str]:
    """{item name: outcome} of a job's items, in order ("" while waiting)."""
    return dict(job.items.order_by("position").values_list("name", "outcome"))
