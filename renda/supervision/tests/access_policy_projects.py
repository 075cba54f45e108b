"""Who may open supervision's projects URLs."""

POLICY: dict = {}
POST_POLICY: dict = {}
URL_ARGS: dict = {}


def prepare(world) -> None:
    pass
