"""What every public intake shares — opinions, comments on drafts, review requests: the
client's key, hourly rate limits per client, tracking codes that cannot be guessed
(the code alone opens its own record, R90), and the districts a submission names."""

import re
import secrets

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renda.core.models import Organisation

# nothing a citizen could misread: no 0/O, 1/I/L
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class RateLimited(Exception):
    """Too many submissions from one client in the hour; nothing was stored."""


def client_key(request) -> str:
    """The client's address as the proxy in front of renda reports it to renda."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def within_hourly_limit(scope: str, client_key: str, limit: int) -> bool:
    """Counts one more use of ``scope`` by the client; False once the hour's ``limit``
    is passed."""
    key = f"{scope}:{client_key or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= limit


def check_rate(scope: str, client_key: str, limit: int, message: str) -> None:
    """Refuses (``RateLimited``) a submission past the hour's limit; a submission without
    a client key (staff, the API's own users) is not counted."""
    if client_key and not within_hourly_limit(scope, client_key, limit):
        raise RateLimited(message)


def code_pattern(prefix: str) -> re.Pattern:
    return re.compile(rf"^{prefix}[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def new_tracking_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return (code or "").strip().upper().replace(" ", "")[:40]


# --- districts ----------------------------------------------------------------------
DISTRICTS_CACHE_KEY = "public:districts"
DISTRICTS_CACHE_SECONDS = 60


def district_by_id(pk: int) -> Organisation | None:
    """The district or county with this id. Every public submission names one, and they
    change hardly ever: they are read once a minute, not once a submission."""
    districts = cache.get(DISTRICTS_CACHE_KEY)
    if districts is None:
        districts = {
            district.pk: district
            for district in Organisation.objects.filter(kind=Organisation.Kind.DISTRICT)
        }
        cache.set(DISTRICTS_CACHE_KEY, districts, DISTRICTS_CACHE_SECONDS)
    return districts.get(pk)


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def _forget_districts(sender, **kwargs):
    cache.delete(DISTRICTS_CACHE_KEY)
