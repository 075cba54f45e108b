"""Who may see and change what in filings (rules predicates and get_*_for_user helpers)."""
