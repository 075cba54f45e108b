"""How the handling engine treats rectification items after a failed assessment (R43)."""

from renda.handling.models import Kind
from renda.handling.policies import KindPolicy, register_policy

register_policy(
    KindPolicy(
        kind=Kind.RECTIFICATION,
        # the deadline is the rectification period of R43, in months
        reply_months_setting="supervision.rectification_months",
        difficult_months_setting="supervision.rectification_months",
        rehandle_months_setting="supervision.rectification_months",
        evaluated=False,
    )
)
