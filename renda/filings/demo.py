"""Demo-year data of filings (@demo_step)."""
