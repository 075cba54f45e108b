"""Figures of supervision: oversight (imported by figures.py)."""
