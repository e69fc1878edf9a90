"""AWS accounts the console reaches (connections) and the roles granted in them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from console.cognito.accounts import DEFAULT_KEY, Account

SLUG_RE = r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$"


class Connection(models.Model):
    """One AWS account: how the console reaches it and how its pages are marked.

    The default connection (slug "default") uses the standard credential chain, as a
    console without connections did; every other one assumes `role_arn`.
    """

    class Environment(models.TextChoices):
        PRODUCTION = "production", "Production"
        STAGING = "staging", "Staging"
        DEVELOPMENT = "development", "Development"

    slug = models.CharField(
        max_length=32,
        unique=True,
        validators=[RegexValidator(SLUG_RE)],
        help_text="Its short name in addresses: /c/<slug>/pools/…",
    )
    name = models.CharField(max_length=64, unique=True)
    account_id = models.CharField(max_length=12, blank=True)
    role_arn = models.CharField(max_length=2048, blank=True)
    external_id = models.CharField(max_length=1224, blank=True)
    #: The Regions whose pools are listed; empty for settings.COGNITO_REGIONS.
    regions = models.JSONField(default=list, blank=True)
    environment = models.CharField(
        max_length=16, choices=Environment.choices, default=Environment.DEVELOPMENT
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.slug == DEFAULT_KEY

    @property
    def is_production(self) -> bool:
        return self.environment == self.Environment.PRODUCTION

    def account(self) -> Account:
        """The service layer's record of this connection (console.cognito.accounts)."""
        return Account(
            key=self.slug,
            role_arn=self.role_arn,
            external_id=self.external_id,
            account_id=self.account_id,
            regions=tuple(self.regions or ()),
            name=self.name,
        )

    def region_list(self) -> list[str]:
        return list(self.regions or settings.COGNITO_REGIONS)


class Grant(models.Model):
    """A staff member's role in one connection (pool_id "") or one pool of it.

    The most specific grant wins: a pool's grant over its connection's, a connection's
    over the staff member's console-wide role (their Django group). Role NONE takes
    every access away there ("nothing on production").
    """

    NONE = "none"
    ROLE_CHOICES = [
        ("Viewer", "Viewer"),
        ("Operator", "Operator"),
        ("Admin", "Admin"),
        (NONE, "No access"),
    ]

    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="console_grants"
    )
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="grants")
    pool_id = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=16, choices=ROLE_CHOICES)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["connection__name", "pool_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_user", "connection", "pool_id"], name="one_grant_per_place"
            )
        ]

    def __str__(self) -> str:
        where = f"{self.connection.slug}/{self.pool_id}" if self.pool_id else self.connection.slug
        return f"{self.staff_user_id} {self.role} on {where}"
