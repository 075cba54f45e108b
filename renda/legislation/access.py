"""Who sees and changes structured legal texts: the office enters texts and versions;
the committee side (leaders, members) and the consulting experts, who advise on
drafts, read them; deputies, units and the public see nothing here for now."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_registrar
from renda.legislation.models import LegalText, TextVersion

READERS = R.COMMITTEE_SIDE | {R.EXPERT}


@rules.predicate
def reads_texts(user) -> bool:
    return R.has_any_role(user, READERS)


rules.add_perm("legislation.view_texts", reads_texts)
rules.add_perm("legislation.manage_texts", is_registrar)


def get_texts_for_user(user) -> QuerySet[LegalText]:
    qs = LegalText.objects.select_related("organisation", "created_by")
    return qs if R.has_any_role(user, READERS) else qs.none()


def get_versions_for_user(user) -> QuerySet[TextVersion]:
    qs = TextVersion.objects.select_related("legal_text", "created_by")
    return qs if R.has_any_role(user, READERS) else qs.none()
