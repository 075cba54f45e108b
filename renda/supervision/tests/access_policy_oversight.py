"""Who may open supervision's oversight URLs."""

POLICY: dict = {}
POST_POLICY: dict = {}
URL_ARGS: dict = {}


def prepare(world) -> None:
    pass
