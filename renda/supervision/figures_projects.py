"""Figures of supervision: projects (imported by figures.py)."""
