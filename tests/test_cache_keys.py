"""Metadata cache keys are safe for every cache backend, whatever ID a URL brings."""

from __future__ import annotations

import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning, memcache_key_warnings

from console.cognito.cachekeys import metadata_key

ODD = ["us-east-1_abc def", "\x00", "\n", "x" * 300, "é/ü?#%", "", "a:b"]


@pytest.mark.parametrize("part", ODD)
def test_it_makes_keys_memcached_accepts(part):
    key = metadata_key("membership", part)
    assert list(memcache_key_warnings(f":1:{key}")) == []


def test_it_keeps_distinct_parts_apart():
    keys = {metadata_key("client", a, b) for a, b in [("a:b", "c"), ("a", "b:c"), ("a", "bc")]}
    assert len(keys) == 3
    assert metadata_key("pool", "x" * 300) != metadata_key("pool", "x" * 301)


def test_it_warns_on_no_page_with_an_odd_pool_id(viewer_client):
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        for part in ("us-east-1_abc%20def", "%00", "%0A"):
            assert viewer_client.get(f"/pools/{part}/groups/").status_code < 500
