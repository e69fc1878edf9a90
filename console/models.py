from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")

    def prune(self, *, before) -> int:
        """Delete events older than `before`: only the retention command calls this."""
        return models.QuerySet.delete(self.filter(created__lt=before))[0]


class AuditEvent(models.Model):
    """One mutating call to Cognito, whether it succeeded or failed. Append-only."""

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        # Sent, but no answer came back, and reading Cognito back did not tell.
        UNKNOWN = "unknown", "Unknown"

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept apart from the foreign key so the event still says who, if the account goes.
    staff_username = models.CharField(max_length=150, blank=True, db_index=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    pool_id = models.CharField(max_length=64, blank=True, db_index=True)
    # The connection (its slug) and AWS account the change was made in; empty for
    # events that touch no account (a staff account's).
    connection = models.CharField(max_length=32, blank=True, db_index=True)
    account_id = models.CharField(max_length=12, blank=True)
    target_type = models.CharField(max_length=32, blank=True)
    target_id = models.CharField(max_length=512, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, db_index=True)
    error_code = models.CharField(max_length=128, blank=True)
    error_message = models.TextField(blank=True)
    aws_request_id = models.CharField(max_length=128, blank=True)
    # The staff member's address (console.signin.client_address: the peer, or the one
    # the trusted proxies name); empty for work a background worker does.
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        # The audit page's address filter, newest first.
        indexes = [models.Index(fields=["ip_address", "created"], name="audit_address_time")]

    def __str__(self) -> str:
        return (
            f"{self.created:%Y-%m-%d %H:%M:%S} {self.staff_username} {self.action} {self.outcome}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class Job(models.Model):
    """Our record of one piece of background work (a bulk action, an export, an import
    upload): who asked, its parameters, its progress and its idempotency key.

    The work itself runs as a Django Tasks `@task` on the configured engine (the
    database backend, or RQ on Redis); console/jobs.py claims this record for one run at
    a time, saves progress as it goes and dispatches the job again when its worker died,
    so a staff member can close the page and a restarted worker picks up where the last
    one stopped. Per-item outcomes (one per user of a bulk action) are `JobItem` rows.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        # Ran to the end, but some of its items failed (see its items).
        PARTIAL = "partial", "Finished with errors"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=64, db_index=True)
    # The connection (its slug) whose account the job's calls go to, and the role its
    # starter needs on the job's pool (params["pool_id"]) for it to run.
    connection = models.CharField(max_length=32, blank=True, default="default")
    role = models.CharField(max_length=16, blank=True)
    # Unique per piece of work: starting the same work twice returns the same job.
    key = models.CharField(max_length=128, unique=True)
    params = models.JSONField(default=dict)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_id = models.CharField(max_length=64, blank=True)
    # The address of the staff member who started it: its runs' audit events carry it.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The @task that runs it (its module path) and the engine's id of the last dispatch.
    task_path = models.CharField(max_length=255, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    dispatched = models.DateTimeField(null=True, blank=True, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    # When the current (or last) run claimed it: `started` is the first run's. The time
    # left is reckoned at this run's pace, so a dead worker's silence does not slow it.
    claimed = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=128, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # Handler-defined progress state (e.g. where an export got to), saved as it goes.
    state = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.SUCCEEDED,
            self.Status.PARTIAL,
            self.Status.FAILED,
            self.Status.CANCELLED,
        }

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.is_finished else 0)


class JobItem(models.Model):
    """One item of a job (a user of a bulk action) and its outcome, once it has one.

    Unique per job and name, so an item is recorded once however often the job is
    resumed. `outcome` is empty while the item waits.
    """

    class Outcome(models.TextChoices):
        PENDING = "", "Waiting"
        OK = "ok", "Done"
        FAILED = "failed", "Failed"
        # Sent, but no answer came back, and reading Cognito back did not tell.
        UNKNOWN = "unknown", "Unknown"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=512)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True, default="")
    code = models.CharField(max_length=128, blank=True)
    error = models.TextField(blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="jobitem_position"),
            models.UniqueConstraint(fields=["job", "name"], name="jobitem_name"),
        ]
        indexes = [models.Index(fields=["job", "outcome", "position"], name="jobitem_outcome")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.name} {self.outcome or 'waiting'}"


class StaffIdentity(models.Model):
    """A staff account's identity at the single sign-on provider: its issuer and `sub`.

    OIDC sign-in finds the staff account by this pair, never by a name or an email the
    provider sends (those can change, and can be reused by someone else). An account
    is bound on its first single sign-on (console/oidc.py); a provider identity is
    never bound to an account that has a usable local password.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    # The email the provider gave at binding time (for the Staff page; not a key).
    email = models.EmailField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="staffidentity_iss_sub")
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.issuer} {self.subject}"


class SignInAttempt(models.Model):
    """One password sign-in from an address that the per-address throttle counts
    (console/signin.py): a row is written *before* the password is checked, so that
    requests sent at the same time see each other and no more than the limit are
    checked; it is deleted again unless the attempt ended as a failure whose password
    was checked. Rows older than the window are pruned as new ones arrive.
    """

    address = models.GenericIPAddressField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address", "created"], name="signin_address_time")]

    def __str__(self) -> str:
        return f"{self.address} {self.created:%Y-%m-%d %H:%M:%S}"
