"""Masking of personal data (RULES.md R91) for those who may not see it whole."""


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if len(phone) <= 4:
        return "*" * len(phone)
    keep_head = 3 if len(phone) >= 11 else 1
    return phone[:keep_head] + "*" * (len(phone) - keep_head - 4) + phone[-4:]


def mask_text(text: str) -> str:
    """Addresses and the like: keep the first characters only."""
    if not text:
        return ""
    return text[: min(6, len(text) // 2)] + "****"
