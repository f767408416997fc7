"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per
operation, that goes on without Redis.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation, and
building one fills its table of ~170 response callbacks (about 0.2 ms), for each of the
operations of a cached API response (its throttle's counter, the response): a client holds no
connection of its own (its pool does, and the pool starts afresh in a forked worker), so one per
pool serves every request. `count_hit` counts a request in one command (the API's throttles).

A cache is an accelerator: with Redis down, every cached page, API response and throttle count
raised, and the whole site answered 500. So an operation Redis fails (redis-py's RedisError: a
refused connection, a timeout, an error reply) is done on this process's own memory instead (a
LocMemCache, as where REDIS_URL is unset: pages then rendered afresh, each process throttling
on its own counts), and for RETRY_SECONDS after a failure Redis is not tried at all (so the outage
costs requests nothing); then the next operation tries it again, and one that succeeds ends the
outage. The outage is logged as it starts, at most every WARNING_SECONDS while it lasts, and when
it ends: never once per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

#: after Redis failed, how long operations go to local memory before Redis is tried again
RETRY_SECONDS = 5.0
#: while Redis stays down, how often the outage is logged again
WARNING_SECONDS = 60.0
#: entries the local-memory stand-in holds (as the local-memory cache of settings)
FALLBACK_MAX_ENTRIES = 5000
#: the clock of the outage's intervals (tests replace it, instead of waiting)
clock: Callable[[], float] = time.monotonic

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


class Outage:
    """Whether a Redis server is taken for down, shared by the threads of a process (each thread has
    its own cache object: django.core.cache.caches is per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.warned_at = 0.0
        self.failures = 0  # operations served from local memory since the last warning

    def skip_redis(self) -> bool:
        """Whether to leave Redis alone for now (down, and not yet time to try it again)."""
        if not self.down:
            return False
        with self.lock:
            if clock() < self.retry_at:
                self.failures += 1
                return True
            # this caller tries Redis; the others stay in local memory until it has answered
            self.retry_at = clock() + RETRY_SECONDS
            return False

    def failed(self, location: str, error: Exception) -> None:
        with self.lock:
            now = clock()
            self.retry_at = now + RETRY_SECONDS
            self.failures += 1
            if not self.down:
                self.down, self.warned_at, self.failures = True, now, 0
                logger.warning("Redis cache %s unreachable (%s): serving from local memory, retrying every %g s",
                               location, error, RETRY_SECONDS)
            elif now >= self.warned_at + WARNING_SECONDS:
                logger.warning("Redis cache %s still unreachable (%s): %d operations served from local memory "
                               "in the last %g s", location, error, self.failures, now - self.warned_at)
                self.warned_at, self.failures = now, 0

    def recovered(self, location: str) -> None:
        with self.lock:
            if self.down:
                self.down, self.failures = False, 0
                logger.warning("Redis cache %s reachable again: using it", location)


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_of(location: str) -> Outage:
    with _outages_lock:
        return _outages.setdefault(location, Outage())


def _guarded(name: str, on_redis: Callable[..., Any] | None = None) -> Callable[..., Any]:
    """The cache operation `name` (RedisCache's, or `on_redis`) on Redis, or the local-memory
    cache's `name` while Redis fails (see the module docstring)."""
    on_redis = on_redis or getattr(RedisCache, name)

    def operation(self: ReusingRedisCache, *args: Any, **kwargs: Any) -> Any:
        if not self._outage.skip_redis():
            try:
                result = on_redis(self, *args, **kwargs)
            except self._redis_error as error:
                self._outage.failed(self._location, error)
            else:
                self._outage.recovered(self._location)
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = f"RedisCache.{name}, falling back on local memory while Redis fails."
    return operation


class ReusingRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with `ReusingRedisCacheClient`, going on in
    local memory while Redis fails (see the module docstring)."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        import redis

        self._redis_error = redis.exceptions.RedisError
        self._location = ",".join(self._servers)
        self._outage = outage_of(self._location)
        # The same key prefix, version and key function: keys made as on Redis.
        self._fallback = LocalCounterCache(f"redis-fallback:{self._location}", {
            **{name: params[name] for name in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION") if name in params},
            "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
        })

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")
    clear = _guarded("clear")
    count_hit = _guarded("count_hit", lambda self, key, timeout: self._cache.count_hit(
        self.make_and_validate_key(key), timeout))
    count_hit.__doc__ = """Add one to the counter at `key`, created to expire `timeout` seconds later, and give
    its new value, in one command (Django's incr() takes two round trips, and fails on a missing key)."""


def add_and_count(cache: Any, key: str, timeout: int) -> int:
    """One more hit counted at `key` (expiring after `timeout` s) with a cache's add and incr;
    the count so far."""
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout)
        return 1


class LocalCounterCache(LocMemCache):
    """The local-memory stand-in for Redis, with its `count_hit`."""

    def count_hit(self, key: str, timeout: int) -> int:
        return add_and_count(self, key, timeout)
