from renda.core.tests.access_roles import COMMITTEE

POLICY = {
    "dashboard:leaders": COMMITTEE,
}
