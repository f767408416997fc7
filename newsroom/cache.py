"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per
operation.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation, and
building one fills its table of ~170 response callbacks (about 0.2 ms). A cached API response
takes five operations (the throttle's history read and written, the content version, the
response): a millisecond of a 1.5 ms request. A client holds no connection of its own (its pool
does, and the pool starts afresh in a forked worker), so one per pool serves every request.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with `ReusingRedisCacheClient`."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
