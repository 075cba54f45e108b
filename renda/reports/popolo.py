"""The open-data export in Popolo JSON (https://www.popoloproject.com): people,
organisations, memberships and posts of the congress and its standing committee, the
terms and sessions as events, and the published roll-call votes as motions and vote
events with each member's vote.

What is exported, and why it may be public:
- persons: deputies, committee members and people appointed by the committee (R70:
  announced once the vote has passed). Name and gender only — never mobile, email,
  address, birth date, ethnicity, deputy number or any other personal data (R80
  publishes deputies' basic information; contact details stay with the office).
- organizations: the bodies of the congress side (congress, standing committee, its
  committees and office, delegations) and the bodies in which a published appointment
  is held. No other handling unit, and no contact person, phone or address of any.
- memberships: a deputy's mandate in the congress for a term (on behalf of the
  delegation), a committee seat with its post and dates, a passed appointment.
- posts: the four posts of the standing committee, and the deputy's seat.
- events: the terms (legislative periods) and the sessions.
- motions / vote_events: PUBLISHED ballots of kind "motion" (yes / no / abstain) taken
  by ROLL CALL only. Secret ballots (R33, R42) are never read here: not their
  participations, not their counters; they simply do not exist in this export.
  Selections among candidates have no yes/no meaning in Popolo and are left out too.

Ids are stable paths built from primary keys ("person/12", "organization/3",
"vote_event/40"...), so that every ``*_id`` names an object of the same export
(``validate.py --check-refs``).

The document is built with a fixed number of queries (one per kind of row, values
only, no model instances), whatever the number of deputies or votes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renda.ballots.models import Ballot, BallotOption, Vote
from renda.core.models import CommitteeMember, Deputy, Organisation, Person, Session, Term
from renda.personnel.models import AppointmentItem

__all__ = ["COLLECTIONS", "build_document"]

COLLECTIONS = (
    "persons",
    "organizations",
    "memberships",
    "posts",
    "events",
    "motions",
    "vote_events",
)

K = Organisation.Kind
# Bodies of the congress side: public by nature. Government departments and other
# handling units are not the congress's open data (their contacts are private); one
# appears only as the body in which a published appointment is held.
CONGRESS_SIDE = (
    K.CONGRESS,
    K.STANDING_COMMITTEE,
    K.SPECIAL_COMMITTEE,
    K.WORKING_COMMITTEE,
    K.OFFICE,
    K.DELEGATION,
)
# Used when the congress or its standing committee has no Organisation row (a fresh
# installation): the memberships still need an organization to point at.
CONGRESS_ID = "organization/congress"
COMMITTEE_ID = "organization/standing-committee"
DEPUTY_POST_ID = "post/congress/deputy"

# The ballot engine's option codes of a motion are Popolo's own vocabulary.
MOTION_OPTIONS = ("yes", "no", "abstain")
# A roll-call paper that was blank or marked twice: the member took part but chose no
# option — Popolo's "not voting".
INVALID_OPTION = "not voting"
ABSENT_OPTION = "absent"


def person_id(pk: int) -> str:
    return f"person/{pk}"


def organization_id(pk: int) -> str:
    return f"organization/{pk}"


def committee_post_id(post: str) -> str:
    return f"post/standing-committee/{post.replace('_', '-')}"


def term_event_id(pk: int) -> str:
    return f"event/term/{pk}"


def session_event_id(pk: int) -> str:
    return f"event/session/{pk}"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _vote_times(ballot: dict) -> tuple[str, str | None]:
    """When the vote was taken. ``held_on`` is the date of record; the opening and
    closing times say more only when they fall on that day (a ballot entered later from
    paper is opened and closed on the day of entry). Otherwise the day itself, at
    midnight, since Popolo wants a date-time here."""
    day, opened, closed = ballot["held_on"], ballot["opened_at"], ballot["closed_at"]
    if opened is not None and timezone.localdate(opened) == day:
        same_day = closed is not None and timezone.localdate(closed) == day
        return _datetime(opened), _datetime(closed) if same_day else None
    midnight = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))
    return _datetime(midnight), None


def _compact(item: dict) -> dict:
    """Leave out empty fields rather than writing nulls."""
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def build_document() -> dict:
    """The whole export as one Popolo object. Labels are in the site's language
    (Chinese), whatever the request's, so that the export is the same for everyone."""
    with translation.override(settings.LANGUAGE_CODE):
        return _Builder().build()


def _appointments():
    """Appointments whose vote has passed: only these may be announced (R70)."""
    return AppointmentItem.objects.filter(
        action=AppointmentItem.Action.APPOINT, state__in=AppointmentItem.DECIDED_YES
    )


def _exported_ballots():
    """Published yes/no ballots taken by roll call. Never a secret ballot (R33, R42)."""
    return Ballot.objects.filter(
        state=Ballot.State.PUBLISHED,
        method=Ballot.Method.ROLL_CALL,
        kind=Ballot.Kind.MOTION,
    )


class _Builder:
    def build(self) -> dict:
        terms = list(
            Term.objects.order_by("number").values("pk", "number", "start_date", "end_date")
        )
        self.terms = {t["pk"]: t for t in terms}
        deputies = list(
            Deputy.objects.order_by("pk").values(
                "pk", "person_id", "term_id", "delegation_id", "status", "mandate_ended_on"
            )
        )
        members = list(
            CommitteeMember.objects.order_by("pk").values(
                "pk", "person_id", "term_id", "post", "start_date", "end_date"
            )
        )
        appointments = list(
            _appointments()
            .order_by("pk")
            .values("pk", "person_id", "organisation_id", "post", "decided_on")
        )
        organizations = self._organizations(
            {d["delegation_id"] for d in deputies}
            | {a["organisation_id"] for a in appointments if a["organisation_id"]}
        )
        memberships = (
            self._deputy_memberships(deputies)
            + self._committee_memberships(members)
            + self._appointment_memberships(appointments)
        )
        motions, vote_events = self._votes(deputies, members)
        return {
            "persons": self._persons(),
            "organizations": organizations,
            "memberships": memberships,
            "posts": self._posts(),
            "events": self._events(),
            "motions": motions,
            "vote_events": vote_events,
        }

    # --- organisations ------------------------------------------------------------
    def _organizations(self, referenced: set[int]) -> list[dict]:
        rows = list(
            Organisation.objects.filter(Q(kind__in=CONGRESS_SIDE) | Q(pk__in=referenced))
            .order_by("pk")
            .values("pk", "code", "name", "short_name", "kind", "parent_id")
        )
        known = {row["pk"] for row in rows}
        first = {}
        for row in rows:
            first.setdefault(row["kind"], row["pk"])
        self.congress_id = (
            organization_id(first[K.CONGRESS]) if K.CONGRESS in first else CONGRESS_ID
        )
        self.committee_id = (
            organization_id(first[K.STANDING_COMMITTEE])
            if K.STANDING_COMMITTEE in first
            else COMMITTEE_ID
        )
        result = []
        if K.CONGRESS not in first:
            result.append(
                {"id": CONGRESS_ID, "name": str(K.CONGRESS.label), "classification": K.CONGRESS}
            )
        if K.STANDING_COMMITTEE not in first:
            result.append(
                {
                    "id": COMMITTEE_ID,
                    "name": str(K.STANDING_COMMITTEE.label),
                    "classification": K.STANDING_COMMITTEE,
                    "parent_id": self.congress_id,
                }
            )
        for row in rows:
            result.append(
                _compact(
                    {
                        "id": organization_id(row["pk"]),
                        "name": row["name"],
                        "other_names": [{"name": row["short_name"]}] if row["short_name"] else [],
                        "identifiers": [{"scheme": "renda", "identifier": row["code"]}],
                        "classification": row["kind"],
                        # a parent outside the export (a government above a department)
                        # is left out rather than named by an id nobody can resolve
                        "parent_id": organization_id(row["parent_id"])
                        if row["parent_id"] in known
                        else None,
                    }
                )
            )
        return result

    # --- posts and memberships ------------------------------------------------------
    def _posts(self) -> list[dict]:
        posts = [
            {
                "id": DEPUTY_POST_ID,
                "label": str(Deputy._meta.verbose_name),
                "role": "deputy",
                "organization_id": self.congress_id,
            }
        ]
        posts += [
            {
                "id": committee_post_id(post.value),
                "label": str(post.label),
                "role": post.value,
                "organization_id": self.committee_id,
            }
            for post in CommitteeMember.Post
        ]
        return posts

    def _deputy_memberships(self, deputies: list[dict]) -> list[dict]:
        result = []
        for row in deputies:
            term = self.terms[row["term_id"]]
            result.append(
                _compact(
                    {
                        "id": f"membership/deputy/{row['pk']}",
                        "label": str(Deputy._meta.verbose_name),
                        "role": "deputy",
                        "person_id": person_id(row["person_id"]),
                        "organization_id": self.congress_id,
                        "on_behalf_of_id": organization_id(row["delegation_id"]),
                        "post_id": DEPUTY_POST_ID,
                        # the term's dates bound the mandate, unless it ended early
                        "start_date": _date(term["start_date"]),
                        "end_date": _date(row["mandate_ended_on"] or term["end_date"]),
                        "legislative_period_id": term_event_id(row["term_id"]),
                    }
                )
            )
        return result

    def _committee_memberships(self, members: list[dict]) -> list[dict]:
        result = []
        for row in members:
            result.append(
                _compact(
                    {
                        "id": f"membership/committee/{row['pk']}",
                        "label": str(CommitteeMember.Post(row["post"]).label),
                        "role": row["post"],
                        "person_id": person_id(row["person_id"]),
                        "organization_id": self.committee_id,
                        "post_id": committee_post_id(row["post"]),
                        "start_date": _date(row["start_date"]),
                        "end_date": _date(row["end_date"]),
                        "legislative_period_id": term_event_id(row["term_id"]),
                    }
                )
            )
        return result

    def _appointment_memberships(self, appointments: list[dict]) -> list[dict]:
        """Posts the committee appointed to, once the vote passed (R70)."""
        result = []
        for row in appointments:
            result.append(
                _compact(
                    {
                        "id": f"membership/appointment/{row['pk']}",
                        "label": row["post"],
                        "role": row["post"],
                        "person_id": person_id(row["person_id"]),
                        "organization_id": organization_id(row["organisation_id"])
                        if row["organisation_id"]
                        else None,
                        "start_date": _date(row["decided_on"]),
                    }
                )
            )
        return result

    # --- persons ----------------------------------------------------------------------
    def _persons(self) -> list[dict]:
        """Everyone a membership or a vote names, with public fields only (see the
        module docstring). Subqueries, not a list of ids: one query at any size."""
        named = (
            Q(pk__in=Deputy.objects.values("person_id"))
            | Q(pk__in=CommitteeMember.objects.values("person_id"))
            | Q(pk__in=_appointments().values("person_id"))
            | Q(pk__in=Vote.objects.filter(ballot__in=_exported_ballots()).values("voter_id"))
        )
        return [
            _compact({"id": person_id(row["pk"]), "name": row["name"], "gender": row["gender"]})
            for row in Person.objects.filter(named).order_by("pk").values("pk", "name", "gender")
        ]

    # --- events -------------------------------------------------------------------------
    def _events(self) -> list[dict]:
        events = [
            _compact(
                {
                    "id": term_event_id(term["pk"]),
                    "name": str(_("Term %(number)s") % {"number": term["number"]}),
                    "classification": "legislative period",
                    "organization_id": self.congress_id,
                    "start_date": _date(term["start_date"]),
                    "end_date": _date(term["end_date"]),
                }
            )
            for term in self.terms.values()
        ]
        for session in Session.objects.select_related("term").order_by(
            "term__number", "body", "number"
        ):
            events.append(
                _compact(
                    {
                        "id": session_event_id(session.pk),
                        "name": str(session),
                        "classification": "session",
                        "organization_id": self.congress_id
                        if session.body == Session.Body.CONGRESS
                        else self.committee_id,
                        "parent_id": term_event_id(session.term_id),
                        "start_date": _date(session.start_date),
                        "end_date": _date(session.end_date),
                    }
                )
            )
        return events

    # --- votes --------------------------------------------------------------------------
    def _votes(self, deputies: list[dict], members: list[dict]) -> tuple[list[dict], list[dict]]:
        # Roll call only: a secret ballot's rows are never even read (R33, R42).
        ballots_qs = _exported_ballots()
        ballots = list(
            ballots_qs.order_by("held_on", "pk").values(
                "pk",
                "question",
                "electorate",
                "term_id",
                "session_id",
                "held_on",
                "pass_rule",
                "electorate_size",
                "invalid_count",
                "passed",
                "opened_at",
                "closed_at",
            )
        )
        if not ballots:
            return [], []
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for option in (
            BallotOption.objects.filter(ballot__in=ballots_qs)
            .exclude(code="")
            .values("ballot_id", "code", "count")
        ):
            counts[option["ballot_id"]][option["code"]] = option["count"]
        chosen: dict[int, list[str]] = defaultdict(list)
        for vote_id, code in Vote.options.through.objects.filter(
            vote__ballot__in=ballots_qs
        ).values_list("vote_id", "ballotoption__code"):
            chosen[vote_id].append(code)
        votes: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for vote_id, ballot_pk, voter, invalid in (
            Vote.objects.filter(ballot__in=ballots_qs)
            .order_by("ballot_id", "voter_id")
            .values_list("pk", "ballot_id", "voter_id", "is_invalid")
        ):
            codes = chosen.get(vote_id, [])
            option = codes[0] if not invalid and len(codes) == 1 and codes[0] else INVALID_OPTION
            votes[ballot_pk].append((voter, option))

        delegation_of = {(d["term_id"], d["person_id"]): d["delegation_id"] for d in deputies}
        serving_deputies = defaultdict(set)
        for d in deputies:
            if d["status"] == Deputy.Status.ACTIVE:
                serving_deputies[d["term_id"]].add(d["person_id"])

        motions, events = [], []
        for ballot in ballots:
            pk = ballot["pk"]
            congress = ballot["electorate"] == Ballot.Electorate.CONGRESS_DEPUTIES
            organisation = self.congress_id if congress else self.committee_id
            session = session_event_id(ballot["session_id"]) if ballot["session_id"] else None
            result = {True: "pass", False: "fail"}.get(ballot["passed"])
            start, end = _vote_times(ballot)
            cast = votes[pk]
            voted = {voter for voter, _option in cast}
            # who was entitled and did not vote: the engine's electorate on the day
            if congress:
                entitled = serving_deputies[ballot["term_id"]]
            else:
                entitled = {
                    m["person_id"]
                    for m in members
                    if m["term_id"] == ballot["term_id"]
                    and m["start_date"] <= ballot["held_on"]
                    and (m["end_date"] is None or m["end_date"] >= ballot["held_on"])
                }
            absent = sorted(entitled - voted)
            per_member = [*cast, *((voter, ABSENT_OPTION) for voter in absent)]
            motions.append(
                _compact(
                    {
                        "id": f"motion/{pk}",
                        "organization_id": organisation,
                        "legislative_session_id": session,
                        "text": ballot["question"],
                        "identifier": str(pk),
                        "date": start,
                        "requirement": str(Ballot.PassRule(ballot["pass_rule"]).label),
                        "result": result,
                    }
                )
            )
            option_counts = [
                {"option": code, "value": counts[pk].get(code, 0)} for code in MOTION_OPTIONS
            ]
            option_counts += [
                {"option": INVALID_OPTION, "value": ballot["invalid_count"]},
                # the same members as the "absent" votes below, so counts and votes agree
                {"option": ABSENT_OPTION, "value": len(absent)},
            ]
            events.append(
                _compact(
                    {
                        "id": f"vote_event/{pk}",
                        "identifier": str(pk),
                        "motion_id": f"motion/{pk}",
                        "organization_id": organisation,
                        "legislative_session_id": session,
                        "classification": "roll call",
                        "start_date": start,
                        "end_date": end,
                        "result": result,
                        "counts": option_counts,
                        "votes": [
                            _compact(
                                {
                                    "voter_id": person_id(voter),
                                    "option": option,
                                    "group_id": organization_id(
                                        delegation_of[(ballot["term_id"], voter)]
                                    )
                                    if congress and (ballot["term_id"], voter) in delegation_of
                                    else None,
                                }
                            )
                            for voter, option in per_member
                        ],
                    }
                )
            )
        return motions, events
