"""Pass rules and tallies as one pure function (DESIGN.md, "ballots").

``decide`` knows nothing of the database: it takes the counts per option, the size
of the electorate, the invalid ballots and the places to fill, and says what the vote
decided. ``renda.ballots.services.tally`` feeds it from a ballot; the property test
checks it against a plain reference implementation.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

MAJORITY_OF_ALL = "majority_of_all"
TWO_THIRDS_OF_ALL = "two_thirds_of_all"
MAJORITY_OF_VOTES = "majority_of_votes"
MOST_VOTES = "most_votes"
NONE = "none"
YES_RULES = (MAJORITY_OF_ALL, TWO_THIRDS_OF_ALL, MAJORITY_OF_VOTES)
PASS_RULES = (*YES_RULES, MOST_VOTES, NONE)
YES = "yes"


@dataclass(frozen=True)
class Decision:
    """What a vote decided.

    ``passed``: for a yes/no rule whether the yes votes reached ``needed``; for a
    selection whether every place was decided (no tie left at the last place); None
    for a ballot without a pass rule (assessments). ``chosen``: the options elected,
    most votes first; ``tied``: the options tied for the remaining places (a tie is
    reported, never broken by the engine). ``shares``: each option's share of the
    valid ballots."""

    passed: bool | None
    needed: int | None = None
    chosen: tuple = ()
    tied: tuple = ()
    shares: dict = field(default_factory=dict)
    valid: int = 0
    cast: int = 0


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def decide(
    counts: Mapping[Hashable, int],
    *,
    pass_rule: str,
    electorate_size: int,
    invalid: int = 0,
    places: int = 1,
) -> Decision:
    """The result of a vote.

    - ``majority_of_all`` (R32, 组织法 Art 51): yes > half of ALL members entitled to
      vote, not of those present; abstentions, absences and invalid ballots count
      against.
    - ``two_thirds_of_all``: yes ≥ two thirds of all members (三分之二以上).
    - ``majority_of_votes``: yes > half of the ballots cast (valid and invalid).
    - ``most_votes``: up to ``places`` options with the most votes (at least one);
      options tied for the last place are reported in ``tied``, not chosen.
    - ``none``: no decision, only shares (satisfaction assessments, R42).
    """
    if pass_rule not in PASS_RULES:
        raise ValueError(f"unknown pass rule {pass_rule!r}")
    if any(c < 0 for c in counts.values()) or invalid < 0 or electorate_size < 0:
        raise ValueError("counts cannot be negative")
    valid = sum(counts.values())
    cast = valid + invalid
    shares = {key: _share(count, valid) for key, count in counts.items()}
    base = {"shares": shares, "valid": valid, "cast": cast}
    if pass_rule == NONE:
        return Decision(passed=None, **base)
    if pass_rule in YES_RULES:
        yes = counts.get(YES, 0)
        if pass_rule == MAJORITY_OF_ALL:
            needed = electorate_size // 2 + 1
        elif pass_rule == TWO_THIRDS_OF_ALL:
            needed = -(-2 * electorate_size // 3)  # ceiling of 2/3
        else:
            needed = cast // 2 + 1
        passed = electorate_size > 0 and cast > 0 and yes >= needed
        return Decision(passed=passed, needed=needed, **base)
    # most votes: rank the options that received any vote
    ranked = sorted(((c, k) for k, c in counts.items() if c > 0), key=lambda ck: -ck[0])
    if len(ranked) <= places:
        chosen, tied = tuple(k for _c, k in ranked), ()
    else:
        boundary = ranked[places - 1][0]
        above = tuple(k for c, k in ranked if c > boundary)
        at = tuple(k for c, k in ranked if c == boundary)
        if len(above) + len(at) <= places:
            chosen, tied = above + at, ()
        else:
            chosen, tied = above, at
    return Decision(passed=not tied and bool(chosen), chosen=chosen, tied=tied, **base)
