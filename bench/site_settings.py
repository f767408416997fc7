"""The production settings (newsroom.settings, read from the environment) with bench/site_urls.py
as the URLconf: the site plus the baseline page bench/bench_site.py measures beside it."""

from newsroom.settings import *  # noqa: F403  (a settings module extends the one it overrides)

ROOT_URLCONF = "site_urls"
