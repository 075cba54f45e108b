"""Every state change of filing and review (DESIGN.md, "How a state change is written").

Deadlines (R2: computed when the step starts and stored with the rule that set them):
- R61 formal check: ``filings.formal_check_days`` **working days** from the filing (the
  official calendar, R1) — an office deadline of a few days that the Spring Festival
  or National Day week would otherwise swallow whole;
- R63 review: ``filings.review_months`` calendar months, extended once by
  ``filings.review_extension_months``;
- R64 the issuer's reply: ``filings.correction_reply_days`` calendar days (the "30 日"
  of the regulation), computed by the handling engine from the kind's policy.
"""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import audit, clock, public
from renda.core.models import Organisation, Term
from renda.core.rulesettings import rule_setting
from renda.core.workdays import UnknownCalendarYear, WorkdayCalendar, add_months
from renda.filings.models import (
    AnnualList,
    AnnualListEntry,
    CorrectionNotice,
    Filing,
    Review,
    ReviewRequest,
)
from renda.handling.workflow import InvalidTransition

F = Filing.State
R = Review.State
N = CorrectionNotice.State
Q = ReviewRequest.State

LATE_AFTER_DAYS = 30  # R60 (立法法 Art 109): filed within 30 days of publication
MAX_TEXT = 200_000
ISSUER_KINDS = (
    Organisation.Kind.GOVERNMENT,
    Organisation.Kind.DEPARTMENT,
    Organisation.Kind.DISTRICT,
    Organisation.Kind.HANDLING_UNIT,
)
TEXT_SCOPE = "filings.article"  # textsearch: articles of reviewed documents
ARTICLE_SLOTS = 10_000  # textsearch object id = filing id * slots + article number
CODE_PREFIX = "BS"
CODE_PATTERN = public.code_pattern(CODE_PREFIX)
REQUESTS_PER_HOUR = 10
LOOKUPS_PER_HOUR = 60  # tracking-code look-ups per client address


RateLimited = public.RateLimited


def _clean(value, field: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: [_("Fill in this field.")]})
    if len(value) > max_length:
        raise ValidationError({field: [_("At most %(n)s characters.") % {"n": max_length}]})
    return value


def _require(obj, states, action: str, labels) -> None:
    if obj.state not in states:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the record is “%(state)s”.")
            % {"action": action, "state": labels(obj.state).label}
        )


# --- filing (R60, R61) ----------------------------------------------------------------------
def lateness(published_on: dt.date, filed_on: dt.date) -> tuple[bool, int]:
    """R60: (late?, days after publication)."""
    days = (filed_on - published_on).days
    return days > LATE_AFTER_DAYS, days


def check_deadline(start: dt.date) -> tuple[dt.date, str]:
    """R61: the formal check's due date, in working days (see the module docstring)."""
    days = rule_setting("filings.formal_check_days")
    try:
        due = WorkdayCalendar().add_workdays(start, days)
    except UnknownCalendarYear as exc:  # R1: never a guess; the message says what to do
        raise ValidationError(str(exc)) from exc
    return due, f"filings.formal_check_days={days}"


def _store_text(filing: Filing, *, text, docx, file_name, actor, label: str):
    from renda.legislation import services as legislation
    from renda.legislation.models import LegalText

    if filing.legal_text_id is None:
        filing.legal_text = legislation.create_text(
            title=filing.title,
            kind=LegalText.Kind.NORMATIVE_DOCUMENT,
            organisation=filing.issuer,
            actor=actor,
        )
    filing.version = legislation.add_version(
        filing.legal_text, actor=actor, text=text, docx=docx, file_name=file_name, label=label
    )


def _validate_dates(adopted_on, published_on, today) -> None:
    errors = {}
    if adopted_on is None:
        errors["adopted_on"] = [_("Give the date of adoption.")]
    if published_on is None:
        errors["published_on"] = [_("Give the date of publication.")]
    if not errors and published_on < adopted_on:
        errors["published_on"] = [_("A document is published on or after its adoption.")]
    if not errors and published_on > today:
        errors["published_on"] = [_("A document is filed after its publication.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def file_document(
    *,
    issuer: Organisation,
    title: str,
    document_number: str,
    adopted_on: dt.date,
    published_on: dt.date,
    actor,
    legal_basis: str = "",
    explanation: str = "",
    text: str | None = None,
    docx: bytes | None = None,
    file_name: str = "",
    filed_on: dt.date | None = None,
) -> Filing:
    """An issuer files a normative document with its text (pasted or .docx), kept with
    its structure by the legislation parser. R60: late when more than 30 days after
    publication; R61: the formal check is due within the setting's working days."""
    if issuer is None or issuer.kind not in ISSUER_KINDS:
        raise ValidationError({"issuer": [_("Only a government, department or district files.")]})
    title = _clean(title, "title", 200)
    document_number = _clean(document_number, "document_number", 80)
    legal_basis = _clean(legal_basis, "legal_basis", 5000, required=False)
    explanation = _clean(explanation, "explanation", 10_000, required=False)
    today = filed_on or clock.today()
    _validate_dates(adopted_on, published_on, today)
    if not (text or "").strip() and docx is None:
        raise ValidationError({"text": [_("Give the document's text, pasted or as a .docx.")]})
    _number_free(issuer, document_number)
    late, days = lateness(published_on, today)
    due, rule = check_deadline(today)
    filing = Filing(
        issuer=issuer,
        title=title,
        document_number=document_number,
        adopted_on=adopted_on,
        published_on=published_on,
        legal_basis=legal_basis,
        explanation=explanation,
        filed_on=today,
        is_late=late,
        days_after_publication=days,
        check_due=due,
        check_rule=rule,
        filed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _store_text(
        filing,
        text=(text if docx is None else None),
        docx=docx,
        file_name=file_name,
        actor=actor,
        label=_("As filed"),
    )
    _save_live(filing)
    audit.record(
        actor,
        filing,
        "file",
        to_state=filing.state,
        after={"late": late, "days_after_publication": days, "check_due": str(due), "rule": rule},
    )
    return filing


def _number_free(issuer, document_number: str, *, besides: Filing | None = None) -> None:
    live = Filing.objects.filter(issuer=issuer, document_number=document_number).exclude(
        state=F.RETURNED
    )
    if besides is not None:
        live = live.exclude(pk=besides.pk)
    if live.exists():
        raise ValidationError(
            {"document_number": [_("This document number has already been filed.")]}
        )


def _save_live(filing: Filing) -> None:
    """Saves a filing that becomes live; a concurrent filing of the same number loses
    with the same message as a sequential one."""
    try:
        with transaction.atomic():
            filing.save()
    except IntegrityError:
        raise ValidationError(
            {"document_number": [_("This document number has already been filed.")]}
        ) from None


def _locked(filing: Filing) -> Filing:
    return Filing.objects.select_for_update().get(pk=filing.pk)


@transaction.atomic
def accept_filing(filing: Filing, *, actor, note: str = "") -> Filing:
    """R61: the formal check finds the filing complete; it goes to review."""
    filing = _locked(filing)
    _require(filing, {F.SUBMITTED}, _("Accept"), F)
    filing.state, filing.checked_on = F.ACCEPTED, clock.today()
    filing.save(update_fields=["state", "checked_on", "updated_at"])
    audit.record(
        actor,
        filing,
        "accept",
        from_state=F.SUBMITTED,
        to_state=F.ACCEPTED,
        after={"on_time": filing.checked_on <= filing.check_due},
        note=note,
    )
    return filing


@transaction.atomic
def return_filing(filing: Filing, *, reason: str, actor) -> Filing:
    """R61: returned with reasons; the issuer corrects and files it again."""
    filing = _locked(filing)
    _require(filing, {F.SUBMITTED}, _("Return"), F)
    reason = _clean(reason, "reason", 5000)
    filing.state, filing.checked_on, filing.return_reason = F.RETURNED, clock.today(), reason
    filing.times_returned += 1
    filing.save(
        update_fields=["state", "checked_on", "return_reason", "times_returned", "updated_at"]
    )
    audit.record(actor, filing, "return", from_state=F.SUBMITTED, to_state=F.RETURNED, note=reason)
    return filing


@transaction.atomic
def refile(
    filing: Filing,
    *,
    actor,
    text: str | None = None,
    docx: bytes | None = None,
    file_name: str = "",
    legal_basis: str | None = None,
    explanation: str | None = None,
    note: str = "",
) -> Filing:
    """The issuer files a returned document again (corrected); the check starts over.
    R60's lateness stays that of the first filing."""
    filing = _locked(filing)
    _require(filing, {F.RETURNED}, _("File again"), F)
    _number_free(filing.issuer_id, filing.document_number, besides=filing)
    if legal_basis is not None:
        filing.legal_basis = _clean(legal_basis, "legal_basis", 5000, required=False)
    if explanation is not None:
        filing.explanation = _clean(explanation, "explanation", 10_000, required=False)
    if (text or "").strip() or docx is not None:
        _store_text(
            filing,
            text=(text if docx is None else None),
            docx=docx,
            file_name=file_name,
            actor=actor,
            label=_("Filed again"),
        )
    today = clock.today()
    filing.check_due, filing.check_rule = check_deadline(today)
    filing.state, filing.checked_on = F.SUBMITTED, None
    _save_live(filing)
    audit.record(
        actor,
        filing,
        "refile",
        from_state=F.RETURNED,
        to_state=F.SUBMITTED,
        after={"check_due": str(filing.check_due)},
        note=note,
    )
    return filing


# --- review (R62, R63) ------------------------------------------------------------------------
def review_deadline(start: dt.date) -> tuple[dt.date, str]:
    months = rule_setting("filings.review_months")
    return add_months(start, months), f"filings.review_months={months}"


@transaction.atomic
def start_review(
    filing: Filing,
    *,
    type: str,
    committee: Organisation,
    actor,
    reviewer=None,
    request: ReviewRequest | None = None,
) -> Review:
    """R62/R63: a review of an accepted filing, due in the setting's months."""
    filing = _locked(filing)
    if filing.state != F.ACCEPTED:
        raise InvalidTransition(_("Only an accepted filing is reviewed."))
    if type not in Review.Type.values:
        raise ValidationError({"type": [_("Choose the type of review.")]})
    if committee is None or committee.kind not in (
        Organisation.Kind.SPECIAL_COMMITTEE,
        Organisation.Kind.WORKING_COMMITTEE,
    ):
        raise ValidationError({"committee": [_("Choose a special or working committee.")]})
    if filing.reviews.filter(state=R.IN_PROGRESS).exists():
        raise ValidationError(_("This document is already under review."))
    if type == Review.Type.ON_REQUEST and request is None:
        raise ValidationError({"type": [_("A review on request starts from a review request.")]})
    today = clock.today()
    due, rule = review_deadline(today)
    review = Review.objects.create(
        filing=filing,
        type=type,
        committee=committee,
        reviewer=reviewer,
        started_on=today,
        due_on=due,
        deadline_rule=rule,
    )
    audit.record(
        actor,
        review,
        "start",
        to_state=review.state,
        after={"type": type, "committee": committee.name, "due": str(due), "rule": rule},
    )
    return review


def _locked_review(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("filing").get(pk=review.pk)


@transaction.atomic
def extend_review(review: Review, *, reason: str, actor) -> Review:
    """R63: once, with a reason; a second extension is refused."""
    review = _locked_review(review)
    _require(review, {R.IN_PROGRESS}, _("Extend"), R)
    if review.extended:
        raise ValidationError(_("The review has already been extended once (R63)."))
    reason = _clean(reason, "reason", 2000)
    months = rule_setting("filings.review_extension_months")
    before = str(review.due_on)
    review.due_on = add_months(review.due_on, months)
    review.deadline_rule += f"; filings.review_extension_months={months}"
    review.extended, review.extension_reason = True, reason
    review.save(
        update_fields=["due_on", "deadline_rule", "extended", "extension_reason", "updated_at"]
    )
    audit.record(
        actor,
        review,
        "extend",
        before={"due": before},
        after={"due": str(review.due_on)},
        note=reason,
    )
    return review


@transaction.atomic
def finish_review(
    review: Review,
    *,
    actor,
    finding_text: str,
    exceeds_power: bool = False,
    conflicts_with_higher_law: bool = False,
    restricts_rights: bool = False,
    clearly_improper: bool = False,
) -> Review:
    """The finding: a problem on any question asks the issuer to correct (R64)."""
    review = _locked_review(review)
    _require(review, {R.IN_PROGRESS}, _("Finish the review"), R)
    finding_text = _clean(finding_text, "finding_text", 10_000)
    answers = {
        "exceeds_power": bool(exceeds_power),
        "conflicts_with_higher_law": bool(conflicts_with_higher_law),
        "restricts_rights": bool(restricts_rights),
        "clearly_improper": bool(clearly_improper),
    }
    for field, value in answers.items():
        setattr(review, field, value)
    problem = any(answers.values())
    review.finding = Review.Finding.PROBLEM if problem else Review.Finding.NO_PROBLEM
    review.finding_text, review.finished_on, review.state = finding_text, clock.today(), R.FINISHED
    review.save()
    audit.record(
        actor,
        review,
        "finish",
        from_state=R.IN_PROGRESS,
        to_state=R.FINISHED,
        after={**answers, "finding": review.finding},
        note=finding_text[:500],
    )
    review.requests.filter(state=Q.ACKNOWLEDGED).update(state=Q.UNDER_REVIEW)
    index_articles(review.filing)
    if problem:
        open_correction(review, opinion=finding_text, actor=actor)
    return review


def index_articles(filing: Filing) -> None:
    """The filed text's articles, for "similar provisions reviewed before"."""
    from renda.legislation.structure import article_text, iter_articles
    from renda.textsearch import index as textsearch

    if filing.version is None:
        return
    textsearch.bulk_index(
        TEXT_SCOPE,
        (
            textsearch.IndexRow(
                filing.pk * ARTICLE_SLOTS + article["num"],
                article_text(article),
                str(filing.issuer_id),
                filing.published_on,
            )
            for article, _context in iter_articles(filing.version.tree)
            if 0 < article["num"] < ARTICLE_SLOTS
        ),
    )


# --- correction (R64) ----------------------------------------------------------------------------
@transaction.atomic
def open_correction(review: Review, *, opinion: str, actor) -> CorrectionNotice:
    """R64: the written opinion goes to the issuer as a case of the handling engine,
    assigned to it; its reply is due in the setting's days."""
    from renda.handling import services as handling
    from renda.handling.models import Assignment, Kind

    if CorrectionNotice.objects.filter(review=review).exists():
        raise ValidationError(_("A correction has already been asked for."))
    filing = review.filing
    case = handling.open_case(
        Kind.CORRECTION_NOTICE,
        title=(_("Correction of %(title)s") % {"title": filing.title})[:300],
        reference=f"BA-{filing.pk}-{review.pk}",
        actor=actor,
    )
    handling.assign_case(case, lead_unit=filing.issuer, actor=actor, note=opinion[:500])
    # the engine computes the reply's due date from the policy: R64's calendar days
    case.refresh_from_db(fields=["reply_due"])
    due = case.reply_due
    rule = case.assignments.get(role=Assignment.Role.LEAD).deadline_rule
    notice = CorrectionNotice.objects.create(review=review, case=case, opinion=opinion)
    audit.record(
        actor, notice, "open", to_state=notice.state, after={"due": str(due), "rule": rule}
    )
    return notice


def _locked_notice(notice: CorrectionNotice) -> CorrectionNotice:
    return (
        CorrectionNotice.objects.select_for_update()
        .select_related("review__filing__issuer", "case")
        .get(pk=notice.pk)
    )


@transaction.atomic
def reply_to_correction(
    notice: CorrectionNotice,
    *,
    outcome: str,
    text: str,
    contact_person: str,
    actor,
    contact_phone: str = "",
    amended_text: str | None = None,
) -> CorrectionNotice:
    """The issuer answers from its inbox: it amended the document (with the amended
    text, kept as a new version) or repealed it."""
    from renda.handling import services as handling

    notice = _locked_notice(notice)
    _require(notice, {N.OPEN}, _("Reply"), N)
    filing = notice.review.filing
    if getattr(actor, "organisation_id", None) != filing.issuer_id:
        raise PermissionDenied(_("Only the issuer replies."))
    if outcome not in (CorrectionNotice.Outcome.AMENDED, CorrectionNotice.Outcome.REPEALED):
        raise ValidationError({"outcome": [_("Say whether the document was amended or repealed.")]})
    text = _clean(text, "text", 10_000)
    if (amended_text or "").strip():
        _store_text(
            filing, text=amended_text, docx=None, file_name="", actor=actor, label=_("Amended")
        )
        filing.save(update_fields=["legal_text", "version", "updated_at"])
    handling.reply_case(
        notice.case,
        unit=filing.issuer,
        text=text,
        reply_class=handling.reply_classes()[0],
        contact_person=_clean(contact_person, "contact_person", 60),
        contact_phone=contact_phone,
        channel="platform",
        actor=actor,
    )
    notice.outcome, notice.issuer_reply = outcome, text
    notice.save(update_fields=["outcome", "issuer_reply", "updated_at"])
    audit.record(actor, notice, "reply", after={"outcome": outcome}, note=text[:500])
    return notice


@transaction.atomic
def close_correction(
    notice: CorrectionNotice, *, actor, note: str = "", outcome: str = ""
) -> CorrectionNotice:
    """The office accepts the issuer's amendment or repeal: the case completes. When the
    issuer answered from the handling inbox (a plain reply), the office records which
    of the two it was (``outcome``) from the reply."""
    from renda.handling import services as handling
    from renda.handling.models import Case

    notice = _locked_notice(notice)
    _require(notice, {N.OPEN}, _("Close"), N)
    case = Case.objects.get(pk=notice.case_id)
    if case.state != Case.State.REPLIED:
        raise InvalidTransition(_("The issuer has not replied yet."))
    if not notice.outcome:
        if outcome not in (CorrectionNotice.Outcome.AMENDED, CorrectionNotice.Outcome.REPEALED):
            raise ValidationError(
                {"outcome": [_("Say whether the issuer amended or repealed the document.")]}
            )
        reply = case.replies.order_by("-round").first()
        notice.outcome, notice.issuer_reply = outcome, reply.text if reply else ""
    handling.evaluate_case(case, result="satisfied", actor=actor, comment=note)
    notice.state, notice.closed_on = N.CLOSED, clock.today()
    notice.save(update_fields=["state", "closed_on", "outcome", "issuer_reply", "updated_at"])
    audit.record(
        actor,
        notice,
        "close",
        from_state=N.OPEN,
        to_state=N.CLOSED,
        after={"outcome": notice.outcome},
        note=note,
    )
    return notice


@transaction.atomic
def propose_revocation(
    notice: CorrectionNotice, *, held_on: dt.date, actor, session=None
) -> CorrectionNotice:
    """R64: the issuer did not correct; the committee votes on revoking the document
    (a roll-call motion of the ballot engine, more than half of all members)."""
    from renda.ballots import services as ballots
    from renda.ballots.models import Ballot

    notice = _locked_notice(notice)
    _require(notice, {N.OPEN}, _("Propose revocation"), N)
    if notice.ballot_id:
        raise ValidationError(_("A revocation vote has already been prepared."))
    if held_on is None:
        raise ValidationError({"held_on": [_("Give the date of the vote.")]})
    term = Term.objects.filter(start_date__lte=held_on).order_by("-start_date").first()
    if term is None:
        raise ValidationError({"held_on": [_("No term of the congress on that date.")]})
    filing = notice.review.filing
    ballot = ballots.create_ballot(
        question=(
            _("Revoke %(title)s (%(number)s)")
            % {"title": filing.title, "number": filing.document_number}
        )[:300],
        kind=Ballot.Kind.MOTION,
        method=Ballot.Method.ROLL_CALL,
        electorate=Ballot.Electorate.COMMITTEE_MEMBERS,
        term=term,
        held_on=held_on,
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
        session=session,
        actor=actor,
    )
    notice.ballot = ballot
    notice.save(update_fields=["ballot", "updated_at"])
    audit.record(actor, notice, "propose_revocation", after={"ballot": ballot.pk})
    return notice


@transaction.atomic
def record_revocation(notice: CorrectionNotice, *, actor, note: str = "") -> CorrectionNotice:
    """After the vote: passed → the document is revoked, the notice closes and so does its
    handling case, whether or not the issuer had replied."""
    from renda.ballots.models import Ballot
    from renda.handling import services as handling
    from renda.handling.models import Case

    notice = _locked_notice(notice)
    _require(notice, {N.OPEN}, _("Record the vote"), N)
    ballot = notice.ballot
    if ballot is None or ballot.state not in (Ballot.State.CLOSED, Ballot.State.PUBLISHED):
        raise InvalidTransition(_("The revocation vote has not been closed yet."))
    if not ballot.passed:
        audit.record(actor, notice, "revocation_failed", after={"ballot": ballot.pk}, note=note)
        return notice
    handling.close_by_decision(
        Case.objects.get(pk=notice.case_id),
        reason=note or _("Revoked by the committee."),
        actor=actor,
    )
    notice.state, notice.outcome, notice.closed_on = N.CLOSED, "revoked", clock.today()
    notice.save(update_fields=["state", "outcome", "closed_on", "updated_at"])
    audit.record(
        actor, notice, "revoke", from_state=N.OPEN, to_state=N.CLOSED, after={"ballot": ballot.pk}
    )
    return notice


# --- review requests (R65) -------------------------------------------------------------------
def new_tracking_code() -> str:
    return public.new_tracking_code(CODE_PREFIX)


def request_for_code(code: str) -> ReviewRequest | None:
    """The tracking code alone opens its own request, and nothing else."""
    code = public.normalise_code(code)
    if not CODE_PATTERN.match(code):
        return None
    return ReviewRequest.objects.filter(tracking_code=code).first()


def _check_rate(client_key: str) -> None:
    public.check_rate(
        "filings:rate",
        client_key,
        REQUESTS_PER_HOUR,
        _("Too many requests from this address; please try again later."),
    )


def lookup_allowed(client_key: str) -> bool:
    """Tracking codes cannot be guessed, and guessing is slowed down further."""
    return public.within_hourly_limit("filings:track", client_key, LOOKUPS_PER_HOUR)


def _by_token(token) -> ReviewRequest | None:
    return ReviewRequest.objects.filter(client_token=token).first() if token else None


def submit_request(
    *,
    requester_kind: str,
    document_title: str,
    reasons: str,
    channel: str,
    requester_name: str = "",
    requester_contact: str = "",
    document_number: str = "",
    client_token: str | None = None,
    client_key: str = "",
    actor=None,
) -> tuple[ReviewRequest, bool]:
    """R65: a citizen's or a body's request; the tracking code is given at once. The
    same client token returns the first request (a double tap, a retry)."""
    if requester_kind not in ReviewRequest.RequesterKind.values:
        raise ValidationError({"requester_kind": [_("Say who is asking.")]})
    if channel not in ReviewRequest.Channel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    fields = {
        "requester_kind": requester_kind,
        "document_title": _clean(document_title, "document_title", 200),
        "document_number": _clean(document_number, "document_number", 80, required=False),
        "reasons": _clean(reasons, "reasons", 5000),
        "requester_name": _clean(requester_name, "requester_name", 100, required=False),
        "requester_contact": _clean(requester_contact, "requester_contact", 100, required=False),
        "channel": channel,
    }
    if len(fields["reasons"]) < 10:
        raise ValidationError({"reasons": [_("Say in a few words what is wrong with it.")]})
    token = (client_token or "").strip() or None
    if token is not None and len(token) > 64:
        raise ValidationError({"client_token": [_("The client token must be 1 to 64 characters.")]})
    existing = _by_token(token)
    if existing is not None:
        return _same_request(existing, fields), False
    _check_rate(client_key)
    try:
        return _create_request(fields, token, actor), True
    except IntegrityError:
        existing = _by_token(token)
        if existing is None:
            raise
        return _same_request(existing, fields), False


def _same_request(existing: ReviewRequest, fields: dict) -> ReviewRequest:
    """A token sent again answers with its request only for the same submission; a token
    reused for another one is refused (it must not hand out another's tracking code)."""
    if any(getattr(existing, name) != value for name, value in fields.items()):
        raise ValidationError(
            {"client_token": [_("This submission token was already used; reload the form.")]}
        )
    return existing


@transaction.atomic
def _create_request(fields: dict, token, actor) -> ReviewRequest:
    request = ReviewRequest.objects.create(
        tracking_code=new_tracking_code(),
        client_token=token,
        submitted_at=clock.now(),
        **fields,
    )
    audit.record(
        actor,
        request,
        "submit",
        to_state=request.state,
        after={"channel": fields["channel"]},
        actor_name="" if actor else "requester",
    )
    return request


def _locked_request(request: ReviewRequest) -> ReviewRequest:
    return ReviewRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def acknowledge_request(
    request: ReviewRequest, *, actor, filing: Filing | None = None, note: str = ""
) -> ReviewRequest:
    """Received and acknowledged; linked to the filed document it concerns."""
    request = _locked_request(request)
    _require(request, {Q.RECEIVED}, _("Acknowledge"), Q)
    request.state, request.acknowledged_on, request.filing = Q.ACKNOWLEDGED, clock.today(), filing
    request.save(update_fields=["state", "acknowledged_on", "filing", "updated_at"])
    audit.record(
        actor,
        request,
        "acknowledge",
        from_state=Q.RECEIVED,
        to_state=Q.ACKNOWLEDGED,
        after={"filing": filing.pk if filing else None},
        note=note,
    )
    return request


@transaction.atomic
def review_on_request(
    request: ReviewRequest, *, committee: Organisation, actor, reviewer=None
) -> Review:
    """R62: the request starts a review on request of the document it concerns."""
    request = _locked_request(request)
    _require(request, {Q.ACKNOWLEDGED}, _("Start the review"), Q)
    if request.filing is None:
        raise ValidationError({"filing": [_("Link the request to the filed document first.")]})
    review = start_review(
        request.filing,
        type=Review.Type.ON_REQUEST,
        committee=committee,
        reviewer=reviewer,
        actor=actor,
        request=request,
    )
    request.review, request.state = review, Q.UNDER_REVIEW
    request.save(update_fields=["review", "state", "updated_at"])
    audit.record(
        actor,
        request,
        "review",
        from_state=Q.ACKNOWLEDGED,
        to_state=Q.UNDER_REVIEW,
        after={"review": review.pk},
    )
    return review


@transaction.atomic
def answer_request(request: ReviewRequest, *, outcome: str, actor) -> ReviewRequest:
    """R65: the requester is told the outcome (shown with the tracking code)."""
    request = _locked_request(request)
    _require(request, {Q.ACKNOWLEDGED, Q.UNDER_REVIEW}, _("Tell the outcome"), Q)
    if request.review is not None and request.review.state != R.FINISHED:
        raise InvalidTransition(_("The review of this request is not finished yet."))
    before = request.state
    request.outcome = _clean(outcome, "outcome", 5000)
    request.state, request.answered_on = Q.ANSWERED, clock.today()
    request.save(update_fields=["outcome", "state", "answered_on", "updated_at"])
    audit.record(actor, request, "answer", from_state=before, to_state=Q.ANSWERED)
    return request


def public_status(request: ReviewRequest) -> dict:
    """What the requester sees: the steps and the outcome, nothing internal."""
    return {
        "code": request.tracking_code,
        "document_title": request.document_title,
        "state": request.state,
        "state_label": str(Q(request.state).label),
        "submitted_on": timezone.localdate(request.submitted_at),
        "acknowledged_on": request.acknowledged_on,
        "answered_on": request.answered_on,
        "outcome": request.outcome if request.state == Q.ANSWERED else "",
    }


# --- annual lists ---------------------------------------------------------------------------------
LIST_SEPARATORS = re.compile(r"\s*[|｜\t]\s*")


def parse_list_lines(text: str) -> list[tuple[str, str, dt.date | None]]:
    """ "文号 | 标题 | 2023-05-01" per line (the date may be left out) → rows; a line that
    does not fit is an error."""
    rows, errors = [], []
    for lineno, line in enumerate((text or "").replace("\x00", "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = LIST_SEPARATORS.split(line.strip())
        day = None
        ok = len(parts) in (2, 3) and all(parts[:2])
        if ok and len(parts) == 3:
            try:
                day = dt.date(*[int(p) for p in parts[2].split("-")])
            except (TypeError, ValueError, OverflowError):
                ok = False
        if not ok or len(parts[0]) > 80 or len(parts[1]) > 200:
            errors.append(_("Line %(n)s: write “number | title | date”.") % {"n": lineno})
            continue
        rows.append((parts[0], parts[1], day))
    if errors:
        raise ValidationError({"entries": errors[:10]})
    if not rows:
        raise ValidationError({"entries": [_("List at least one document.")]})
    return rows


@transaction.atomic
def file_annual_list(
    *, issuer: Organisation, year: int, entries: list[tuple[str, str, dt.date | None]], actor
) -> AnnualList:
    """The issuer's list of the documents it issued in the year; filed again, it
    replaces the earlier one."""
    if issuer is None or issuer.kind not in ISSUER_KINDS:
        raise ValidationError({"issuer": [_("Only a government, department or district files.")]})
    if not isinstance(year, int) or not 1980 <= year <= clock.today().year:
        raise ValidationError({"year": [_("Give a past or the present year.")]})
    numbers = [n for n, _t, _d in entries]
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"entries": [_("A document number is listed twice.")]})
    annual, created = AnnualList.objects.get_or_create(
        issuer=issuer, year=year, defaults={"submitted_on": clock.today()}
    )
    if not created:
        annual.entries.all().delete()
        annual.submitted_on = clock.today()
        annual.save(update_fields=["submitted_on", "updated_at"])
    AnnualListEntry.objects.bulk_create(
        [
            AnnualListEntry(annual_list=annual, document_number=n, title=t, published_on=d)
            for n, t, d in entries
        ]
    )
    audit.record(
        actor, annual, "file_list" if created else "refile_list", after={"entries": len(entries)}
    )
    return annual


def coverage(year: int, issuers=None) -> list[dict]:
    """Per issuer with a list of the year: listed, filed, missing entries, and the share."""
    lists = (
        AnnualList.objects.filter(year=year).select_related("issuer").prefetch_related("entries")
    )
    if issuers is not None:
        lists = lists.filter(issuer__in=issuers)
    filed = {
        (issuer, number)
        for issuer, number in Filing.objects.filter(
            issuer__in=[a.issuer_id for a in lists]
        ).values_list("issuer_id", "document_number")
    }
    result = []
    for annual in lists:
        entries = list(annual.entries.all())
        missing = [e for e in entries if (annual.issuer_id, e.document_number) not in filed]
        result.append(
            {
                "list": annual,
                "issuer": annual.issuer,
                "listed": len(entries),
                "filed": len(entries) - len(missing),
                "missing": missing,
                "coverage": round((len(entries) - len(missing)) / len(entries), 4)
                if entries
                else 0.0,
            }
        )
    return result
