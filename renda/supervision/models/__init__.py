"""Supervision models, in three modules: the annual plan (``plan``), the oversight of
the government — work reports, deliberation opinions, special inquiries, law-
enforcement inspections, decisions (``oversight``) — and research, experts and
livelihood projects (``projects``)."""

from renda.supervision.models.oversight import *  # noqa: F403
from renda.supervision.models.plan import PlanItem, SupervisionPlan
from renda.supervision.models.projects import *  # noqa: F403

__all__ = ["PlanItem", "SupervisionPlan"]
