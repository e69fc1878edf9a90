from django.apps import AppConfig


class HistoryConfig(AppConfig):
    """A pool's configuration history: a snapshot of its whole configuration after every
    change the console makes, and on a daily read that catches changes made elsewhere;
    any two snapshots diffed."""

    name = "pools.history"
    label = "history"

    def ready(self) -> None:
        from console.audit import event_recorded

        from .services import on_event_recorded

        event_recorded.connect(on_event_recorded, dispatch_uid="pools.history")
