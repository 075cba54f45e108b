"""What the demo year of filings must show (run by renda/reports/tests/test_demo_year.py)."""

from renda.filings import services
from renda.filings.models import CorrectionNotice, Filing, Review, ReviewRequest
from renda.handling.models import Case


def check(figures: dict) -> None:
    assert figures["normative_documents_reviewed"] == 25
    assert figures["filing_review_coverage"] == 1.0

    filings = Filing.objects.filter(filed_on__year=2023)
    assert filings.count() == 25
    assert not filings.exclude(state=Filing.State.ACCEPTED).exists()
    assert 2 <= filings.filter(is_late=True).count() <= 4  # a few late (R60)
    assert filings.filter(times_returned=1).count() == 1  # returned once, filed again (R61)
    assert not filings.filter(version__isnull=True).exists()  # every text kept with its structure
    reviews = Review.objects.filter(filing__in=filings)
    assert reviews.filter(state=Review.State.FINISHED, finished_on__year=2023).count() == 25
    assert {"active", "on_request"} <= set(reviews.values_list("type", flat=True))
    # one or two problems, corrected through the handling engine (R64)
    corrections = CorrectionNotice.objects.filter(review__in=reviews)
    assert 1 <= corrections.count() <= 2
    assert not corrections.exclude(state=CorrectionNotice.State.CLOSED).exists()
    assert set(corrections.values_list("outcome", flat=True)) <= {"amended", "repealed"}
    assert (
        not Case.objects.filter(correction_notice__in=corrections)
        .exclude(state=Case.State.COMPLETED)
        .exists()
    )
    # the citizen's request was reviewed and answered (R65)
    answered = ReviewRequest.objects.filter(state=ReviewRequest.State.ANSWERED)
    assert answered.filter(review__type=Review.Type.ON_REQUEST).exclude(outcome="").exists()
    # every issuer listed its documents; none missing
    rows = services.coverage(2023)
    assert rows and all(row["coverage"] == 1.0 for row in rows)
    assert sum(row["listed"] for row in rows) == 25
