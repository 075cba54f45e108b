"""Demo year of supervision: projects (imported by demo.py)."""
