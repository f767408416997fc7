"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per
operation.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation, and
building one fills its table of ~170 response callbacks (about 0.2 ms), for each of the
operations of a cached API response (its throttle's counter, the response): a client holds no
connection of its own (its pool does, and the pool starts afresh in a forked worker), so one per
pool serves every request. `count_hit` counts a request in one command (the API's throttles).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

#: INCR a counter, and give a new one its expiry (ARGV[1] seconds): one command, atomic as every
#: script is, where SET NX + INCR are two, and a pipeline's bookkeeping costs redis-py more than
#: the round trip
COUNT_HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._count_hit_scripts: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def count_hit(self, key: str, timeout: int) -> int:
        client = self.get_client(key, write=True)
        script = self._count_hit_scripts.get(id(client))
        if script is None:  # redis-py's Script runs EVALSHA, and loads the script where Redis lacks it
            script = self._count_hit_scripts[id(client)] = client.register_script(COUNT_HIT_SCRIPT)
        return int(script(keys=[key], args=[timeout]))


class ReusingRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with `ReusingRedisCacheClient`."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def count_hit(self, key: str, timeout: int) -> int:
        """Add one to the counter at `key`, created to expire `timeout` seconds later, and give its
        new value, in one command (Django's incr() takes two round trips, and fails on a missing
        key)."""
        return self._cache.count_hit(self.make_and_validate_key(key), timeout)
