"""Public consultations on texts (征求意见)."""
