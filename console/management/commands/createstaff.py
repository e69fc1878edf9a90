"""`manage.py createstaff <username> --role <role>`: create a staff account, or update
one (its role, email, password; it is made active), from the command line.

Every password, given or generated, goes through Django's password validators
(AUTH_PASSWORD_VALIDATORS) for that account; a refused one is a CommandError with the
validators' messages, and nothing is changed. A new account, a changed role, a
reactivation and a password set on an existing account are audit events (no staff
member; parameters {"via": "createstaff"}). The last active Admin is not demoted.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from console.audit import record_staff_event
from console.roles import ROLES
from console.signin import unlock_account
from console.staff import services

VIA = {"via": "createstaff"}


def generated_password(user) -> str:
    """A random password (16 URL-safe characters) that the validators accept for `user`."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def _event(action: str, username: str, **parameters) -> None:
    record_staff_event(action, username, parameters={**parameters, **VIA})


class Command(BaseCommand):
    help = "Create (or update) a staff account with one of the console's roles."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="The password (checked by the password validators). Without it a random "
            "one is generated and printed.",
        )

    def handle(self, *args, username, role, email, password, **options):
        model = get_user_model()
        try:
            model.username_validator(username)
        except ValidationError as exc:
            raise CommandError(
                f"The username {username!r} is not valid: {exc.messages[0]}"
            ) from exc
        user = model.objects.filter(username=username).first()
        twin = model.objects.filter(username__iexact=username).exclude(username=username).first()
        if user is None and twin is not None:  # as the Staff page's Invite refuses it
            raise CommandError(
                f"A staff account named {twin.get_username()!r} already exists (usernames "
                "are compared ignoring case): use that name, or choose another."
            )
        created = user is None
        if created:
            user = model(username=username, email=email)
        elif email:
            user.email = email
        generated = password is None
        if generated:
            password = generated_password(user)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("The password is refused: " + " ".join(exc.messages)) from exc
        with transaction.atomic():
            self._save(user, created=created, role=role, password=password)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} staff account {username!r} with the {role} role.")
        if generated:
            self.stdout.write(f"Password: {password}")

    def _save(self, user, *, created: bool, role: str, password: str) -> None:
        """Save `user` with `role` and `password`, active, and record what changed."""
        old_role = None if created else services.held_role(user)
        reactivated = not created and not user.is_active
        if not created and old_role != role:
            services.lock_admins()
            problem = services.last_admin_problem(user, role)
            if problem:
                raise CommandError(problem)
        user.set_password(password)
        user.is_active = True
        user.save()
        if old_role != role:
            services.set_role(user, role)
        name = user.get_username()
        if created:
            unlock_account(name)
            _event("StaffCreate", name, role=role, email=user.email)
            return
        _event("StaffResetPassword", name)
        if reactivated:
            _event("StaffReactivate", name)
        if old_role != role:
            _event("StaffChangeRole", name, **{"from": old_role, "to": role})
