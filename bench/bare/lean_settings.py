"""renda as is, except that the intake neither indexes nor routes (lean_urls.py): what the
API would cost if both were deferred to a background job. A diagnostic for
bench/opinions.py --lean; never used by renda."""

from renda.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare.lean_urls"
