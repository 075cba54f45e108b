"""Demo year of supervision: oversight (imported by demo.py)."""
