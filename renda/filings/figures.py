"""Figures of filings for the annual report (renda.reports.registry)."""
