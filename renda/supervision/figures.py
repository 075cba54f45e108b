"""Figures of supervision (autodiscovered by reports), from its parts."""

from renda.supervision import figures_oversight, figures_projects  # noqa: F401
