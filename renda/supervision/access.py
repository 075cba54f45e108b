"""Who sees and changes supervision records: the rules of each part."""

from renda.supervision.access_oversight import *  # noqa: F403
from renda.supervision.access_projects import *  # noqa: F403
