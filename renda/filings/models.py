"""Filing and review of normative documents (备案审查)."""
