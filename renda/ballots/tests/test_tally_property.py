"""Property test: ``decide`` against a plain reference implementation (R32)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from renda.ballots.majorities import PASS_RULES, decide
from renda.ballots.models import Ballot


def reference(counts: dict, *, pass_rule: str, electorate_size: int, invalid: int, places: int):
    """The rules as the law words them, with exact fractions, one option at a time."""
    cast = sum(counts.values()) + invalid
    yes = counts.get("yes", 0)
    if pass_rule == "majority_of_all":
        return {
            "passed": electorate_size > 0
            and Fraction(yes, max(electorate_size, 1)) > Fraction(1, 2)
            and cast > 0
        }
    if pass_rule == "two_thirds_of_all":
        return {
            "passed": electorate_size > 0
            and cast > 0
            and Fraction(yes, max(electorate_size, 1)) >= Fraction(2, 3)
        }
    if pass_rule == "majority_of_votes":
        return {"passed": cast > 0 and Fraction(yes, cast) > Fraction(1, 2)}
    if pass_rule == "none":
        return {"passed": None}
    chosen, tied = set(), set()
    for key, count in counts.items():
        if count == 0:
            continue
        at_least = sum(1 for c in counts.values() if c >= count)
        more = sum(1 for c in counts.values() if c > count)
        if at_least <= places:
            chosen.add(key)
        elif more < places:
            tied.add(key)
    return {"chosen": chosen, "tied": tied, "passed": not tied and bool(chosen)}


yes_no = st.fixed_dictionaries(
    {"yes": st.integers(0, 60), "no": st.integers(0, 60), "abstain": st.integers(0, 60)}
)
candidates = st.dictionaries(st.integers(1, 12), st.integers(0, 30), min_size=1, max_size=12)


@given(
    counts=yes_no,
    rule=st.sampled_from(["majority_of_all", "two_thirds_of_all", "majority_of_votes", "none"]),
    absent=st.integers(0, 60),
    invalid=st.integers(0, 10),
)
def test_R32_yes_rules_match_the_reference(counts, rule, absent, invalid):
    electorate_size = sum(counts.values()) + invalid + absent
    got = decide(counts, pass_rule=rule, electorate_size=electorate_size, invalid=invalid)
    want = reference(
        counts, pass_rule=rule, electorate_size=electorate_size, invalid=invalid, places=1
    )
    assert got.passed == want["passed"]
    if rule == "majority_of_all" and got.passed:
        assert counts["yes"] * 2 > electorate_size  # more than half of ALL, never of those present
    valid = sum(counts.values())
    assert got.valid == valid and got.cast == valid + invalid
    if valid:
        assert abs(sum(got.shares.values()) - 1) < 0.001


@given(counts=candidates, places=st.integers(1, 5), invalid=st.integers(0, 5))
def test_selection_matches_the_reference(counts, places, invalid):
    electorate_size = sum(counts.values()) + invalid
    got = decide(
        counts,
        pass_rule="most_votes",
        electorate_size=electorate_size,
        invalid=invalid,
        places=places,
    )
    want = reference(
        counts,
        pass_rule="most_votes",
        electorate_size=electorate_size,
        invalid=invalid,
        places=places,
    )
    assert set(got.chosen) == want["chosen"]
    assert set(got.tied) == want["tied"]
    assert got.passed == want["passed"]
    assert len(got.chosen) <= places
    ranked = [counts[k] for k in got.chosen]
    assert ranked == sorted(ranked, reverse=True)


def test_the_engine_and_the_model_share_one_vocabulary():
    assert set(PASS_RULES) == set(Ballot.PassRule.values)


def test_R32_examples():
    """45 members: 23 yes pass whatever the others do; 22 do not, even unopposed."""
    assert decide({"yes": 23, "no": 22}, pass_rule="majority_of_all", electorate_size=45).passed
    assert not decide({"yes": 22}, pass_rule="majority_of_all", electorate_size=45).passed
    assert decide({"yes": 22}, pass_rule="majority_of_votes", electorate_size=45).passed
    assert decide({"yes": 30}, pass_rule="two_thirds_of_all", electorate_size=45).passed
    assert not decide({"yes": 29}, pass_rule="two_thirds_of_all", electorate_size=45).passed
