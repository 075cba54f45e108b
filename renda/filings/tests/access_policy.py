"""URLs of filings in the access matrix (renda/core/tests/test_access_matrix.py).

The objects the URLs point at belong to the *other* unit (its name carries the leak
marker): its filing, accepted and reviewed with a problem, the correction asked of it,
its annual list and a review request about it. The world's unit handler (an issuer)
must see none of them; the committee side reads them; the office acts."""

from renda.core.tests.access_roles import COMMITTEE, NOBODY, PUBLIC, REGISTRARS

ISSUER = frozenset({"unit_handler"})

POLICY = {
    "filings:list": COMMITTEE | ISSUER,
    "filings:create": ISSUER,
    "filings:detail": COMMITTEE,
    "filings:act": NOBODY,  # POST only
    "filings:review-list": COMMITTEE,
    "filings:review-detail": COMMITTEE,
    "filings:review-act": NOBODY,
    "filings:request-list": COMMITTEE,
    "filings:request-detail": COMMITTEE,
    "filings:request-act": NOBODY,
    "filings:annual-lists": COMMITTEE | ISSUER,
    "filings:annual-list-create": ISSUER,
    "filings:report": COMMITTEE,
    "filings-portal:submit": PUBLIC,
    "filings-portal:track": PUBLIC,
    "api:filing-list": COMMITTEE | ISSUER,
    "api:filing-detail": COMMITTEE,
    "api:filing-accept": NOBODY,
    "api:filing-return": NOBODY,
    "api:filing-refile": NOBODY,
    "api:filing-articles": COMMITTEE,
    "api:filing-review-list": COMMITTEE,
    "api:filing-review-detail": COMMITTEE,
    "api:filing-review-extend": NOBODY,
    "api:filing-review-finish": NOBODY,
    "api:filing-review-assistant": COMMITTEE,
    "api:filing-correction-list": COMMITTEE | ISSUER,
    "api:filing-correction-detail": COMMITTEE,
    "api:filing-correction-reply": NOBODY,
    "api:filing-correction-close": NOBODY,
    "api:filing-correction-propose-revocation": NOBODY,
    "api:filing-correction-record-revocation": NOBODY,
    "api:filing-review-request-list": COMMITTEE,
    "api:filing-review-request-detail": COMMITTEE,
    "api:filing-review-request-acknowledge": NOBODY,
    "api:filing-review-request-review": NOBODY,
    "api:filing-review-request-answer": NOBODY,
    "api:filing-review-request-track": NOBODY,  # POST only
    "api:filing-annual-list-list": COMMITTEE | ISSUER,
    "api:filing-annual-list-detail": COMMITTEE,
    "api:filing-annual-list-coverage": COMMITTEE | ISSUER,
    "api:filing-report": COMMITTEE,
}

POST_POLICY = {
    "filings:create": ISSUER,
    "filings:act": REGISTRARS,
    "filings:review-act": REGISTRARS,
    "filings:request-act": REGISTRARS,
    "filings:annual-list-create": ISSUER,
    "filings-portal:submit": PUBLIC,
    "filings-portal:track": PUBLIC,
    "api:filing-list": ISSUER,
    "api:filing-accept": REGISTRARS,
    "api:filing-return": REGISTRARS,
    "api:filing-review-list": REGISTRARS,
    "api:filing-review-extend": REGISTRARS,
    "api:filing-review-finish": REGISTRARS,
    "api:filing-correction-close": REGISTRARS,
    "api:filing-correction-propose-revocation": REGISTRARS,
    "api:filing-correction-record-revocation": REGISTRARS,
    "api:filing-review-request-list": PUBLIC,
    "api:filing-review-request-acknowledge": REGISTRARS,
    "api:filing-review-request-review": REGISTRARS,
    "api:filing-review-request-answer": REGISTRARS,
    "api:filing-review-request-track": PUBLIC,
    "api:filing-annual-list-list": ISSUER,
}


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


URL_ARGS = {
    "filings:detail": _pk("other_filing"),
    "filings:act": lambda w: {"pk": w.other_filing.pk, "action": "accept"},
    "filings:review-detail": _pk("other_review"),
    "filings:review-act": lambda w: {"pk": w.other_review.pk, "action": "extend"},
    "filings:request-detail": _pk("other_request"),
    "filings:request-act": lambda w: {"pk": w.other_request.pk, "action": "answer"},
    "filings:report": lambda w: {"year": 2023},
    "api:filing-report": lambda w: {"year": 2023},
    **{
        f"api:filing-{name}": _pk("other_filing")
        for name in ("detail", "accept", "return", "refile", "articles")
    },
    **{
        f"api:filing-review-{name}": _pk("other_review")
        for name in ("detail", "extend", "finish", "assistant")
    },
    **{
        f"api:filing-correction-{name}": _pk("other_correction")
        for name in ("detail", "reply", "close", "propose-revocation", "record-revocation")
    },
    **{
        f"api:filing-review-request-{name}": _pk("other_request")
        for name in ("detail", "acknowledge", "review", "answer")
    },
    "api:filing-annual-list-detail": _pk("other_annual_list"),
}


def prepare(world) -> None:
    import datetime as dt

    from renda.core.models import Organisation
    from renda.filings import services

    office = world.users["office_staff"]
    committee = Organisation.objects.create(
        code="FILINGS-MATRIX-WC", name="法制工作委员会", kind=Organisation.Kind.WORKING_COMMITTEE
    )
    filing = services.file_document(
        issuer=world.other_unit,
        title="他单位的规范性文件",
        document_number="他〔2023〕1号",
        adopted_on=world.term.start_date,
        published_on=world.term.start_date,
        legal_basis="《行政处罚法》",
        text="第一条　为了管理，制定本办法。\n第二条　违反规定的，处一千元罚款。",
        actor=office,
        filed_on=world.term.start_date + dt.timedelta(days=10),
    )
    services.accept_filing(filing, actor=office)
    review = services.start_review(filing, type="active", committee=committee, actor=office)
    services.finish_review(review, actor=office, finding_text="罚款无依据", restricts_rights=True)
    request, _created = services.submit_request(
        requester_kind="citizen",
        document_title="他单位的规范性文件",
        reasons="请审查第二条罚款规定的合法性。",
        channel="portal",
    )
    services.acknowledge_request(request, filing=filing, actor=office)
    world.other_filing = filing
    world.other_review = review
    world.other_correction = review.correction
    world.other_request = request
    world.other_annual_list = services.file_annual_list(
        issuer=world.other_unit, year=2023, entries=[("他〔2023〕1号", "文件", None)], actor=office
    )
