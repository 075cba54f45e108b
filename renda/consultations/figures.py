"""Figures of consultations for the annual report (renda.reports.registry)."""
