from renda.core.tests.access_roles import PUBLIC

# Open data: public fields only, so anyone may read it (anonymous clients throttled).
POLICY = {
    "api:export:popolo": PUBLIC,
}
