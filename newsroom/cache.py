"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per
operation.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation, and
building one fills its table of ~170 response callbacks (about 0.2 ms), for each of the
operations of a cached API response (its throttle's counter, the response): a client holds no
connection of its own (its pool does, and the pool starts afresh in a forked worker), so one per
pool serves every request. `count_hit` counts a request in one round trip (the API's throttles).
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

    def count_hit(self, key: str, timeout: int) -> int:
        """Add one to the counter at `key`, created at 0 to expire `timeout` seconds later, and give
        its new value: SET NX + INCR in one round trip (Django's incr() takes two, and fails on a
        missing key)."""
        key = self.make_and_validate_key(key)
        with self._cache.get_client(key, write=True).pipeline(transaction=False) as pipe:
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
            return int(pipe.execute()[-1])
