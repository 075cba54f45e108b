"""Who may see and change what in consultations (rules predicates and get_*_for_user helpers)."""
