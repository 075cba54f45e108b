"""Who may see and change what in consultations (rules predicates and get_*_for_user
helpers). The office (staff, administrators) runs consultations and decides adoption;
the committee side reads everything; an expert sees the consultations they are invited
to and their own comments; an account linked to a contact point sees that point and
its comments only; citizens see only what their tracking code opens."""

import rules
from django.db.models import Q, QuerySet

from renda.consultations.models import Channel, Comment, Consultation, ContactPoint, channel_q
from renda.core import roles as R
from renda.core.access import is_committee_side, is_registrar


def expert_of(user):
    """The expert record of the account, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_renda_expert", False)
    if cached is False:
        from renda.supervision.models import Expert

        cached = Expert.objects.filter(user=user).first() if R.EXPERT in R.roles_of(user) else None
        user._renda_expert = cached
    return cached


def point_ids_of(user) -> frozenset[int]:
    """The active contact points (and bases) the account acts for."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_renda_points", None)
    if cached is None:
        cached = frozenset(
            ContactPoint.objects.filter(users=user, is_active=True).values_list("pk", flat=True)
        )
        user._renda_points = cached
    return cached


@rules.predicate
def is_expert(user) -> bool:
    return R.has_any_role(user, {R.EXPERT})


@rules.predicate
def acts_for_a_point(user) -> bool:
    return bool(point_ids_of(user))


@rules.predicate
def acts_for_point(user, point) -> bool:
    return point is not None and point.pk in point_ids_of(user)


rules.add_perm("consultations.view_list", is_committee_side | is_expert)
rules.add_perm("consultations.manage", is_registrar)
rules.add_perm("consultations.view_contact_points", is_committee_side)
rules.add_perm("consultations.manage_contact_points", is_registrar)
rules.add_perm("consultations.view_comments", is_committee_side | is_expert | acts_for_a_point)
rules.add_perm("consultations.submit_for_point", is_registrar | acts_for_point)


def get_consultations_for_user(user) -> QuerySet[Consultation]:
    qs = Consultation.objects.select_related("version__legal_text")
    if R.has_any_role(user, R.COMMITTEE_SIDE):
        return qs
    expert = expert_of(user)
    if expert is not None:
        return qs.filter(experts=expert).exclude(state=Consultation.State.DRAFT)
    return qs.none()


def get_public_consultations() -> QuerySet[Consultation]:
    """What the portal shows: consultations open to the public portal."""
    return (
        Consultation.objects.select_related("version__legal_text")
        .filter(channel_q(Channel.PORTAL), state=Consultation.State.OPEN)
        .order_by("closes_on", "pk")
    )


def get_comments_for_user(user) -> QuerySet[Comment]:
    qs = Comment.objects.select_related(
        "consultation", "contact_point", "expert", "body", "adoption"
    )
    if R.has_any_role(user, R.COMMITTEE_SIDE):
        return qs
    condition = Q(pk__in=[])
    expert = expert_of(user)
    if expert is not None:
        condition |= Q(expert=expert)
    points = point_ids_of(user)
    if points:
        condition |= Q(contact_point_id__in=points)
    if getattr(user, "is_authenticated", False) and (expert is not None or points):
        condition |= Q(author=user)
    return qs.filter(condition)


def get_contact_points_for_user(user) -> QuerySet[ContactPoint]:
    qs = ContactPoint.objects.select_related("district")
    if R.has_any_role(user, R.COMMITTEE_SIDE):
        return qs
    return qs.filter(pk__in=point_ids_of(user))


def open_for_point(point: ContactPoint) -> QuerySet[Consultation]:
    """Consultations a point (or base) may submit comments to now."""
    channel = (
        Channel.BASE if point.kind == ContactPoint.Kind.LEGISLATIVE_BASE else Channel.CONTACT_POINT
    )
    return (
        Consultation.objects.select_related("version__legal_text")
        .filter(channel_q(channel), state=Consultation.State.OPEN)
        .order_by("closes_on", "pk")
    )


rules.add_perm("consultations.view_summary", is_committee_side)
