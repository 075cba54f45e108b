from renda.core.tests.access_roles import COMMITTEE, NOBODY, PUBLIC, REGISTRARS

POLICY = {
    "reports:annual-current": COMMITTEE,
    "reports:annual": COMMITTEE,
    "reports:annual-section": NOBODY,  # POST only
    "reports:annual-publish": NOBODY,  # POST only
    "reports:annual-withdraw": NOBODY,  # POST only
    "reports:annual-download": COMMITTEE,
    "portal-statistics:index": PUBLIC,
    "portal-statistics:year": NOBODY,  # only published years exist on the portal
}
URL_ARGS = {
    "reports:annual": lambda world: {"year": 2023},
    "reports:annual-section": lambda world: {"year": 2023, "section": "party"},
    "reports:annual-publish": lambda world: {"year": 2023},
    "reports:annual-withdraw": lambda world: {"year": 2023},
    "reports:annual-download": lambda world: {"year": 2023, "fmt": "xlsx"},
    "portal-statistics:year": lambda world: {"year": 2023},
}
POST_POLICY = {
    "reports:annual-section": REGISTRARS,
    "reports:annual-publish": REGISTRARS,
    "reports:annual-withdraw": REGISTRARS,
}
