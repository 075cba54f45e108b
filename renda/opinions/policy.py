"""How the handling engine treats public opinions (R92: limits in working days)."""

from renda.handling.models import Kind
from renda.handling.policies import KindPolicy, register_policy

register_policy(
    KindPolicy(
        kind=Kind.PUBLIC_OPINION,
        reply_months_setting="opinions.simple_limit_workdays",
        difficult_months_setting="opinions.complex_limit_workdays",
        rehandle_months_setting="opinions.complex_limit_workdays",
        deadline_in_workdays=True,
        # The citizen evaluates with the tracking code alone (R90), not as a user.
        evaluated_by_code=True,
    )
)
