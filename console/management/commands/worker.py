"""`manage.py worker`: run background jobs on the configured engine.

- CONSOLE_TASK_BACKEND=db (the default): django-tasks-db's worker (`db_worker`), the
  console's database as the queue.
- CONSOLE_TASK_BACKEND=rq: an RQ worker (`rqworker`) on CONSOLE_RQ_URL, with RQ's
  scheduler.

Beside the engine's worker, a thread sweeps every JOB_SWEEP_EVERY seconds for jobs
whose worker died (console.jobs.resume_stalled) and dispatches them again, and calls
each app's `sweep()` hook (`<app>.tasks.sweep`, e.g. deleting expired exports). Run as
many workers as you like, on as many hosts: a job runs once at a time.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from console import jobs
from console.cognito import NotAuthorized
from console.cognito.backend import backend_problem

log = logging.getLogger(__name__)


def task_modules() -> list:
    """Every installed app's `tasks` module (importing them declares their @tasks)."""
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(importlib.import_module(f"{config.name}.tasks"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
    return modules


#: Days the database engine keeps its own rows of finished tasks (the console's Job
#: records stay: they are the history staff see).
ENGINE_RESULTS_KEPT_DAYS = 7
_pruned_at = 0.0


def sweep_once(modules) -> None:
    """One sweep: lost jobs dispatched again, the database engine's finished task rows
    older than ENGINE_RESULTS_KEPT_DAYS removed (hourly), then every app's `sweep()`."""
    global _pruned_at
    jobs.resume_stalled()
    if settings.CONSOLE_TASK_BACKEND == "db" and time.monotonic() - _pruned_at > 3600:
        call_command("prune_db_task_results", min_age_days=ENGINE_RESULTS_KEPT_DAYS, verbosity=0)
        _pruned_at = time.monotonic()
    for module in modules:
        hook = getattr(module, "sweep", None)
        if callable(hook):
            hook()


def _sweeper(modules, stop: threading.Event) -> None:
    from django.db import connection

    while not stop.wait(settings.JOB_SWEEP_EVERY):
        try:
            sweep_once(modules)
        except Exception:  # the sweep must outlive a passing database error
            log.exception("The job sweep failed; trying again in %ss", settings.JOB_SWEEP_EVERY)
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Run background jobs (bulk actions, exports, import uploads) on the task engine."

    def check_cognito(self) -> None:
        """Refuse to start without AWS credentials: every job this worker took would
        fail. Cognito out of reach is only a warning (jobs wait it out, or stop and
        say so)."""
        problem = backend_problem()
        if problem is None:
            return
        if isinstance(problem, NotAuthorized):  # no credentials, or IAM refuses them
            raise CommandError(
                f"This worker cannot use Cognito, so it does not start: {problem.message} "
                f"{problem.advice} It needs the same settings as the web processes "
                "(COGNITO_ENDPOINT_URL, COGNITO_REGIONS, AWS credentials); under `make run`, "
                "start another worker with `make worker`."
            )
        self.stderr.write(f"Warning: Cognito does not answer yet ({problem.message}).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run what is queued in this process, then stop."
        )

    def handle(self, *args, once, verbosity, **options):
        self.check_cognito()
        modules = task_modules()
        sweep_once(modules)
        if once:
            for job in jobs.run_queued():
                self.stdout.write(f"{job.kind} #{job.pk}: {job.status}")
            return
        stop = threading.Event()
        threading.Thread(target=_sweeper, args=(modules, stop), daemon=True).start()
        engine = settings.CONSOLE_TASK_BACKEND
        self.stdout.write(f"Worker started on the {engine!r} engine ({jobs.worker_name()}).")
        try:
            if engine == "rq":
                call_command(
                    "rqworker",
                    "default",
                    job_class="django_tasks_rq.backend.Job",
                    with_scheduler=True,
                    verbosity=verbosity,
                )
            else:
                call_command("db_worker", queue_name="*", reload=False, verbosity=verbosity)
        finally:
            stop.set()
