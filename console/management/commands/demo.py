"""`make run`: the embedded Cognito backend, demo data in three AWS accounts (one
connection each: development, production, staging), a demo admin, and the console."""

import os
import secrets
import shlex
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from console.cognito.pools import pool_get
from console.cognito.transport import clear_clients
from console.connections.models import Connection
from console.connections.services import default_connection, prefix_of
from console.emulator import start_server
from console.emulator.demo import (
    ACCOUNT,
    ACME_POOL_NAME,
    DEVELOPMENT_NAME,
    load_accounts,
    load_demo,
)
from console.signin import unlock_account
from users.search.services import snapshot_enable

DEMO_LABEL = "Local demo backend (in memory)"


#: The demo backend's settings, for `make worker` (a second worker beside `make run`).
DEMO_ENV = Path(settings.BASE_DIR) / "var" / "demo.env"


def _write_env(environ: dict[str, str]) -> None:
    DEMO_ENV.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lines = [f"{name}={shlex.quote(value)}" for name, value in environ.items()]
    DEMO_ENV.write_text("\n".join(lines) + "\n")
    DEMO_ENV.chmod(0o600)


def _keep_a_worker(workers: list, stop: threading.Event, command) -> None:
    """Start the demo's worker, and start it again whenever it exits (killed, crashed)."""
    while not stop.is_set():
        if not workers or workers[-1].poll() is not None:
            if workers:
                command.stderr.write(
                    f"The demo's worker exited ({workers[-1].returncode}); starting another."
                )
            workers.append(
                subprocess.Popen([sys.executable, "manage.py", "worker"], env=os.environ.copy())
            )
        stop.wait(2)


def _keep(connection: Connection, fields: dict) -> Connection:
    """Save `fields` on `connection` when any differs (a second run writes nothing)."""
    changed = [name for name, value in fields.items() if getattr(connection, name) != value]
    for name in changed:
        setattr(connection, name, fields[name])
    if changed or connection.pk is None:
        connection.save()
    return connection


def demo_connections(accounts: list[dict]) -> list[Connection]:
    """The demo's Connection rows, made or brought up to date: the default connection
    (moto's default account) named DEVELOPMENT_NAME, environment development, and one
    per item of `accounts` (`load_accounts`' answer: slug, name, account_id,
    environment, role_arn, external_id). Returns them, the default first.

    Raises CommandError when another connection already has one of the names.
    """
    try:
        with transaction.atomic():
            rows = [
                _keep(
                    default_connection(),
                    {
                        "name": DEVELOPMENT_NAME,
                        "account_id": ACCOUNT,
                        "environment": Connection.Environment.DEVELOPMENT,
                    },
                )
            ]
            for account in accounts:
                row = Connection.objects.filter(slug=account["slug"]).first()
                fields = {
                    name: account[name]
                    for name in ("name", "account_id", "role_arn", "external_id", "environment")
                }
                rows.append(_keep(row or Connection(slug=account["slug"]), fields))
    except IntegrityError as exc:
        raise CommandError(
            "A connection already has one of the demo's names "
            f"({DEVELOPMENT_NAME}, {', '.join(a['name'] for a in accounts)}): rename it on "
            "the Connections page, then start the demo again."
        ) from exc
    return rows


class Command(BaseCommand):
    help = "Start the embedded Cognito backend with demo data and serve the console locally."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--backend-port",
            type=int,
            default=0,
            help="Port of the embedded backend (default: any free port).",
        )

    def handle(self, *args, port, backend_port, **options):
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        try:  # every password the console sets passes the validators, this one too
            validate_password(password, get_user_model()(username="admin"))
        except ValidationError as exc:
            raise CommandError("DEMO_ADMIN_PASSWORD: " + " ".join(exc.messages)) from exc
        server, url = start_server(port=backend_port)
        self.stdout.write(f"Embedded Cognito backend (moto) on {url}")
        # The console only learns an endpoint; everything else is as against AWS.
        environ = {
            "COGNITO_ENDPOINT_URL": url,
            "COGNITO_BACKEND_LABEL": DEMO_LABEL,
            "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "demo"),
            "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "demo"),
            "AWS_DEFAULT_REGION": settings.COGNITO_REGIONS[0],
            # The demo account's role for import-job logs, prefilled on new imports.
            "COGNITO_IMPORT_ROLE_ARN": settings.COGNITO_IMPORT_ROLE_ARN
            or "arn:aws:iam::123456789012:role/CognitoImportLogs",
        }
        os.environ.update(environ)
        settings.COGNITO_ENDPOINT_URL = url
        settings.COGNITO_BACKEND_LABEL = DEMO_LABEL
        settings.COGNITO_IMPORT_ROLE_ARN = environ["COGNITO_IMPORT_ROLE_ARN"]
        clear_clients()
        cache.clear()

        summary = load_demo(endpoint_url=url, region=settings.COGNITO_REGIONS[0])
        self.stdout.write(f"Demo data loaded: {summary}")
        # Two more accounts on the same backend, each reached by the console's role there.
        accounts = load_accounts(endpoint_url=url, region=settings.COGNITO_REGIONS[0])
        connections = demo_connections(accounts)
        for account in accounts:
            done = "created" if account["created"] else "already there"
            pools = ", ".join(account["pools"])
            self.stdout.write(
                f"Account {account['account_id']} ({account['name']}): {pools}, {done}"
            )

        user, _ = get_user_model().objects.get_or_create(username="admin")
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name="Admin"))
        unlock_account("admin")  # a demo restarted after a lock-out starts unlocked
        # The Acme pool's users are searchable by any attribute (the Search tab): its
        # snapshot is on, and the worker below makes its first refresh.
        acme = pool_get(pool_id=summary["pools"][ACME_POOL_NAME])
        snapshot_enable(staff=user, pool=acme)

        self.stdout.write("")
        self.stdout.write(f"  Console:  http://127.0.0.1:{port}/")
        self.stdout.write("  Accounts (one connection each, on the Connections page):")
        for connection in connections:
            how = (
                "the console's own credentials"
                if connection.is_default
                else f"role {connection.role_arn}, external ID {connection.external_id}"
            )
            self.stdout.write(
                f"    {connection.name:<20} {connection.account_id}  "
                f"{connection.get_environment_display():<12} "
                f"http://127.0.0.1:{port}{prefix_of(connection)}/pools/  ({how})"
            )
        self.stdout.write("  Sign in:  admin")
        if os.environ.get("DEMO_ADMIN_PASSWORD"):
            self.stdout.write("  Password: (from DEMO_ADMIN_PASSWORD)")
        else:
            self.stdout.write(f"  Password: {password}")
        self.stdout.write("")
        # Bulk actions, exports and import uploads run outside the request, in a worker
        # that is started again if it dies. Another worker: `make worker` (var/demo.env).
        _write_env(environ)
        # Stopped with SIGTERM as with Ctrl-C: the worker and var/demo.env go too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        stop = threading.Event()
        workers: list[subprocess.Popen] = []
        threading.Thread(target=_keep_a_worker, args=(workers, stop, self), daemon=True).start()
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)
        finally:
            stop.set()
            # The worker goes before the backend: a job in hand could not finish without it
            # (it is left "running" and resumed by the next `make run`'s worker, if any).
            for worker in workers:
                worker.kill()
                worker.wait(timeout=10)
            DEMO_ENV.unlink(missing_ok=True)
            server.stop()
