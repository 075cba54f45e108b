"""renda's settings (same database, middleware, cache), with the bare view's URLs only."""

from renda.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare.urls"
