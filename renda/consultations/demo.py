"""Demo-year data of consultations (@demo_step)."""
