"""Chinese numerals as legal texts write them: 第一百零五条, 第二十章, （十一）.

``to_chinese`` writes the one canonical form (十, 十一, 二十, 一百零五, 一百一十,
一千零一十); ``from_chinese`` reads it back, and also the variants that turn up in
pasted texts (一十, 两, 〇, Arabic and full-width digits). Anything else — 十十,
一百百, 二十零 — is refused with ``ValueError`` so that the parser can list it as a
problem instead of guessing a number."""

DIGITS = "零一二三四五六七八九"
MAX = 9999
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
# characters a numeral in a heading or marker may hold (the parser's regular expressions)
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千0-9０-９"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 20 → 二十, 105 → 一百零五, 110 → 一百一十, 1010 → 一千零一十."""
    if not isinstance(n, int) or not 0 < n <= MAX:
        raise ValueError(f"{n!r} is not a number from 1 to {MAX}")
    if n < 10:
        return DIGITS[n]
    if n < 20:  # 十, 十一 … 十九: the leading 一 is not written
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    parts = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            if pending_zero:
                parts.append("零")
            parts.append(DIGITS[digit] + name)
            pending_zero = False
        elif parts:
            pending_zero = True
    return "".join(parts)


def from_chinese(text: str) -> int:
    """The number a numeral stands for; ``ValueError`` when it is not a well-formed one."""
    text = (text or "").strip().translate(_FULL_WIDTH)
    if not text:
        raise ValueError("empty numeral")
    if text.isascii() and text.isdigit():
        value = int(text)
        if not 0 < value <= MAX:
            raise ValueError(f"{text!r} is out of range")
        return value
    if any(c not in _VALUE and c not in _UNITS for c in text):
        raise ValueError(f"{text!r} is not a Chinese numeral")
    value = _read(text)
    # Only what writes back to the same canonical form (after the accepted variants)
    # is a numeral: this refuses 十十, 二十零, 一百百, 三五 …
    canonical = text.replace("〇", "零").replace("两", "二")
    if canonical.startswith("一十"):
        canonical = canonical[1:]
    if not 0 < value <= MAX or to_chinese(value) != canonical:
        raise ValueError(f"{text!r} is not a well-formed numeral")
    return value


def _read(text: str) -> int:
    total, digit = 0, None
    for char in text:
        if char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif digit is not None and _VALUE[char] and digit:
            raise ValueError(f"{text!r}: two digits in a row")
        else:
            digit = _VALUE[char] if _VALUE[char] or digit is None else digit
    return total + (digit or 0)
