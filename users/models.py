from django.conf import settings
from django.db import models


class ColumnPreference(models.Model):
    """The extra attribute columns a staff user chose for a pool's user list."""

    staff_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    connection = models.CharField(max_length=32, default="default")
    pool_id = models.CharField(max_length=64)
    columns = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["staff_user", "connection", "pool_id"],
                name="one_column_choice_per_connection",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_user_id} {self.pool_id}: {', '.join(self.columns)}"
