"""Chinese numerals both ways, as article numbers are written."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.legislation.numerals import MAX, from_chinese, to_chinese

CASES = {
    1: "一",
    10: "十",
    11: "十一",
    20: "二十",
    21: "二十一",
    99: "九十九",
    100: "一百",
    101: "一百零一",
    105: "一百零五",
    110: "一百一十",
    115: "一百一十五",
    120: "一百二十",
    123: "一百二十三",
    200: "二百",
    1000: "一千",
    1005: "一千零五",
    1010: "一千零一十",
    1100: "一千一百",
    2023: "二千零二十三",
    9999: "九千九百九十九",
}


@pytest.mark.parametrize(("number", "numeral"), CASES.items())
def test_both_ways(number, numeral):
    assert to_chinese(number) == numeral
    assert from_chinese(numeral) == number


@pytest.mark.parametrize(
    ("variant", "number"),
    [("一十", 10), ("一十五", 15), ("两百", 200), ("一百〇五", 105), ("12", 12), ("１２", 12)],
)
def test_accepted_variants(variant, number):
    assert from_chinese(variant) == number


@pytest.mark.parametrize(
    "bad", ["", "十十", "一百百", "二十零", "三五", "零", "百一", "甲", "0", "10000", "一万"]
)
def test_malformed_numerals_are_refused(bad):
    with pytest.raises(ValueError):
        from_chinese(bad)


@given(st.integers(min_value=1, max_value=MAX))
def test_round_trip(number):
    assert from_chinese(to_chinese(number)) == number


@pytest.mark.parametrize("bad", [0, -1, MAX + 1])
def test_out_of_range(bad):
    with pytest.raises(ValueError):
        to_chinese(bad)
