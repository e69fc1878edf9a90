"""Fixtures for the app clients tab: the client with a secret and the form helper are
shared with the pool tab's tests (the reviewed edit is one flow for both)."""

from tests.pools.conftest import form_values, secret_client  # noqa: F401
