import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from console.roles import ROLES


class Command(BaseCommand):
    help = "Create (or update) a staff account with one of the console's roles."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="The password. Without it a random one is generated and printed.",
        )

    def handle(self, *args, username, role, email, password, **options):
        if not username.strip():
            raise CommandError("The username cannot be empty.")
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        user.set_password(password)
        if email:
            user.email = email
        user.is_active = True
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=ROLES))
        user.groups.add(Group.objects.get(name=role))
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} staff account {username!r} with the {role} role.")
        if generated:
            self.stdout.write(f"Password: {password}")
