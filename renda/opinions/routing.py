"""Routing: which handling unit should take a public opinion.

A classifier learns from the units' past assignments (the lead unit that really handled
an opinion, or what staff chose when they corrected the router) and suggests a unit with
a confidence; below the threshold (rule setting ``opinions.routing_threshold``) the
opinion waits for the office. ``renda train_router`` trains a new model; the model lives
in the database (``RouterModel.blob``) so that every process on every machine routes the
same way, and each process loads the latest one once and keeps it until a newer exists.

The model: TF-IDF over the jieba tokens of the text (``renda.textsearch.segment.tokens``,
the one tokenizer of the project) plus the category the citizen chose as one more token,
and a linear classifier, ``SGDClassifier(loss="log_loss")``: logistic regression fitted by
stochastic gradient descent, one vs rest. Why that one:
- ``predict_proba`` is a real logistic probability, so the confidence means something and
  a threshold on it trades coverage against accuracy (bench/README.md, "Routing");
- its memory is the sparse matrix plus one weight vector a unit, where the multinomial
  ``LogisticRegression`` (lbfgs) keeps dense samples × units matrices at every step
  (1,000,000 × 200 floats = 1.6 GB) and took 4× longer in a trial at 100,000 opinions,
  for no better accuracy; LinearSVC has no probability without a calibration that refits
  it k times; naive Bayes trains in no time but its probabilities are useless as a
  confidence;
- training time grows linearly with opinions × units, and the units are fitted in
  parallel (``n_jobs=-1``) where there are free cores.
Averaged SGD (``average=True``) with a fixed number of epochs converges well on short
texts without a tolerance check. bench/routing.py, 100,000 opinions, 200 units: held-out
accuracy 0.85 (near the ceiling set by the generated label noise), training 260 s (about
a third is jieba), a suggestion 2.5 ms.
"""

import logging
import pickle
import threading
import time
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import sklearn
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from scipy.special import expit

from renda.core import audit, clock
from renda.core.models import Organisation
from renda.core.rulesettings import rule_setting
from renda.handling.models import Assignment, Kind
from renda.opinions.models import PublicOpinion, RouterModel, RoutingCorrection
from renda.textsearch.segment import tokens

logger = logging.getLogger(__name__)

MIN_SAMPLES = 20  # fewer labelled opinions teach nothing worth suggesting
MAX_FEATURES = 50_000  # the most frequent terms; rarer ones hardly change a routing
EPOCHS = 5  # held-out accuracy at 20,000 opinions: 0.756 with 3, 0.765 with 5, 0.772 with 8
ALPHA = 1e-6
CANDIDATES = 5  # best units checked for still being active handling units
BLOB_FORMAT = 1
CATEGORY_PREFIX = "类别:"  # ':' never occurs in a token, so this cannot meet a word
R = PublicOpinion.Routing
DECIDED_BY_STAFF = (R.CONFIRMED, R.CORRECTED)


class RouterTrainingRefused(ValidationError):
    """Training is impossible with the data at hand (too few samples, a single unit)."""


# --- samples -------------------------------------------------------------------------------
def _active_units():
    return Organisation.objects.filter(is_handling_unit=True, is_active=True)


def _labelled_rows(chunk_size: int = 5000) -> Iterator[tuple[str, str, int]]:
    """(text, category, unit id) for every opinion with a known right unit.

    The label is the lead unit that handled the opinion (a lead assignment not returned
    as wrongly addressed, the latest if there were several), unless staff recorded a
    routing decision (``RoutingCorrection``, the latest wins), which always wins — except
    a decision for a unit that then returned the opinion as wrongly addressed. Only units
    that still handle items count. Streams: one pass over the lead assignments joined to
    their opinion, ordered by opinion, plus the decisions and the (rare) returns as sets
    of ids — no query per row."""
    active = set(_active_units().values_list("pk", flat=True))
    # Plain one-table streams joined here, not in SQL: on PostgreSQL a three-table join
    # behind a server-side cursor met stale statistics (right after a bulk load) with a
    # nested-loop plan that ran for many minutes.
    opinion_leads = Assignment.objects.filter(
        role=Assignment.Role.LEAD, case__kind=Kind.PUBLIC_OPINION
    ).order_by("pk")
    returned = set(
        opinion_leads.filter(state=Assignment.State.RETURNED).values_list("case_id", "unit_id")
    )
    handler: dict[int, int] = {}
    for case_id, unit_id in (
        opinion_leads.exclude(state=Assignment.State.RETURNED)
        .values_list("case_id", "unit_id")
        .iterator(chunk_size=chunk_size)
    ):
        handler[case_id] = unit_id  # several leads (returned, then reassigned): the latest
    decided: dict[int, int] = {}
    for opinion_id, unit_id in (
        RoutingCorrection.objects.order_by("created_at", "pk")
        .values_list("opinion_id", "chosen_unit_id")
        .iterator(chunk_size=chunk_size)
    ):
        decided[opinion_id] = unit_id  # later rows overwrite: the latest decision wins

    opinions = PublicOpinion.objects.order_by("pk").values_list("pk", "case_id", "text", "category")
    for opinion_id, case_id, text, category in opinions.iterator(chunk_size=chunk_size):
        chosen, handler_id = decided.get(opinion_id), handler.get(case_id)
        if chosen in active and (chosen == handler_id or (case_id, chosen) not in returned):
            # a staff decision wins, unless that unit returned the opinion as misaddressed;
            # decided but not (yet) assigned through the engine: the decision is the label
            yield text, category, chosen
        elif handler_id in active:  # no decision, or the chosen unit retired since
            yield text, category, handler_id


def training_samples() -> Iterator[tuple[str, int]]:
    """(text, unit id) of every opinion the router can learn from (see _labelled_rows)."""
    for text, _category, unit_id in _labelled_rows():
        yield text, unit_id


# --- the model -----------------------------------------------------------------------------
def analyze(document: tuple[str, str]) -> list[str]:
    """The features of one (text, category): jieba tokens and the category as a token.
    Module-level so that the pickled vectorizer refers to it by name."""
    text, category = document
    words = tokens(text)
    if category:
        words.append(CATEGORY_PREFIX + category)
    return words


@dataclass
class Router:
    vectorizer: object
    classifier: object

    def probabilities(self, text: str, category: str = "") -> np.ndarray | None:
        """The probability of each unit, or None when no word of the text is known."""
        features = self.vectorizer.transform([(text, category)])
        if not features.nnz:
            return None
        # What classifier.predict_proba computes (one-vs-rest logistic, normalized), from
        # the few weight columns of the text's terms: predict_proba multiplies the whole
        # (units × terms) matrix through a transposed copy, ~10 ms a call at 200 units.
        coef, intercept = self.classifier.coef_, self.classifier.intercept_
        scores = coef[:, features.indices] @ features.data + intercept
        if coef.shape[0] == 1:  # two units: one weight vector, for the second class
            second = expit(scores[0])
            return np.array([1 - second, second])
        probabilities = expit(scores)
        return probabilities / probabilities.sum()

    @property
    def unit_ids(self) -> list[int]:
        return [int(u) for u in self.classifier.classes_]


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=analyze, min_df=2, max_features=MAX_FEATURES, sublinear_tf=True)


def _classifier(seed: int):
    from sklearn.linear_model import SGDClassifier

    # tol=None: exactly EPOCHS passes (averaged SGD needs no convergence test).
    return SGDClassifier(
        loss="log_loss",
        alpha=ALPHA,
        average=True,
        max_iter=EPOCHS,
        tol=None,
        n_jobs=-1,
        random_state=seed,
    )


def _slim(classifier):
    """Keep what predicting needs. SGD also keeps the plain and averaged weights for a
    later partial_fit (three copies of the weights); we never continue a model. float32
    weights halve the rest, with no difference to a routing (probabilities agree to
    ~1e-7)."""
    for name in ("_standard_coef", "_standard_intercept", "_average_coef", "_average_intercept"):
        if hasattr(classifier, name):
            delattr(classifier, name)
    classifier.coef_ = classifier.coef_.astype(np.float32)
    return classifier


@dataclass
class TrainingResult:
    model: RouterModel
    samples: int
    units: int
    accuracy: float | None
    seconds: float


def train(*, holdout: float = 0.2, seed: int = 20230401) -> RouterModel:
    """Train on every labelled opinion, measure the accuracy on a held-out share
    (``holdout``; 0 skips it), fit again on everything and store the model."""
    return train_with_report(holdout=holdout, seed=seed).model


def train_with_report(*, holdout: float = 0.2, seed: int = 20230401) -> TrainingResult:
    started = time.perf_counter()
    if not 0 <= holdout < 1:
        raise ValueError("holdout must be in [0, 1)")
    labels = array("q")

    def documents():
        for text, category, unit_id in _labelled_rows():
            labels.append(unit_id)
            yield text, category

    vectorizer = _vectorizer()
    try:
        # One pass over the database and one tokenization of each text. The vocabulary
        # and IDF are fitted on all samples, held-out ones included: that uses no label,
        # so the held-out accuracy stays honest.
        matrix = vectorizer.fit_transform(documents())
    except ValueError:  # no document or no term kept: as good as no sample
        matrix = None
    y = np.frombuffer(labels, dtype=np.int64) if labels else np.empty(0, dtype=np.int64)
    units = len(np.unique(y))
    if matrix is None or len(y) < MIN_SAMPLES:
        raise RouterTrainingRefused(
            _(
                "Too few handled opinions to train the router: %(count)s, at least %(min)s "
                "are needed."
            )
            % {"count": len(y), "min": MIN_SAMPLES}
        )
    if units < 2:
        raise RouterTrainingRefused(
            _("The handled opinions all went to one unit; the router needs at least two.")
        )
    vectorizer.stop_words_ = None  # the pruned terms: only for introspection, can be huge
    accuracy = None
    if holdout:
        order = np.random.default_rng(seed).permutation(len(y))
        cut = len(y) - max(1, int(len(y) * holdout))
        train_rows, test_rows = order[:cut], order[cut:]
        if len(np.unique(y[train_rows])) >= 2:
            probe = _classifier(seed).fit(matrix[train_rows], y[train_rows])
            accuracy = float((probe.predict(matrix[test_rows]) == y[test_rows]).mean())
    classifier = _slim(_classifier(seed).fit(matrix, y))
    blob = zlib.compress(
        pickle.dumps(
            {
                "format": BLOB_FORMAT,
                "sklearn": sklearn.__version__,
                "vectorizer": vectorizer,
                "classifier": classifier,
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        ),
        level=1,
    )
    model = RouterModel.objects.create(
        trained_at=clock.now(), samples=len(y), accuracy=accuracy, blob=blob
    )
    _remember(model, Router(vectorizer, classifier))
    return TrainingResult(model, len(y), units, accuracy, time.perf_counter() - started)


# --- loading (once per process, again only when a newer model exists) ----------------------
_lock = threading.Lock()
_loaded: tuple[tuple, Router | None] | None = None


def _key(pk, created_at) -> tuple:
    # pk alone could come back after a rolled-back transaction (tests); with the
    # creation time it names one model.
    return (pk, created_at)


def _remember(model: RouterModel, router: Router | None) -> None:
    global _loaded
    with _lock:
        _loaded = (_key(model.pk, model.created_at), router)


def forget_loaded_model() -> None:
    global _loaded
    with _lock:
        _loaded = None


def _decode(blob: bytes) -> Router | None:
    try:
        # Our own blob: written only by train() above into our own database, never
        # taken from a user or a file.
        data = pickle.loads(zlib.decompress(bytes(blob)))  # noqa: S301
    except (pickle.UnpicklingError, zlib.error, EOFError, AttributeError, ImportError) as exc:
        logger.error("router model unreadable, routing manually until retrained: %s", exc)
        return None
    if not isinstance(data, dict) or data.get("format") != BLOB_FORMAT:
        logger.error("router model of an unknown format, routing manually until retrained")
        return None
    if data.get("sklearn") != sklearn.__version__:
        logger.warning(
            "router model trained with scikit-learn %s, running %s: retrain (renda train_router)",
            data.get("sklearn"),
            sklearn.__version__,
        )
    return Router(data["vectorizer"], data["classifier"])


def current_router() -> Router | None:
    """The latest model, loaded once per process. Each call asks the database which model
    is the latest — one query on a table with a row per training, far cheaper than the
    tokenizing — so a new model is used by every process from its next routing on."""
    global _loaded
    latest = (
        RouterModel.objects.order_by("-trained_at", "-pk").values_list("pk", "created_at").first()
    )
    if latest is None:
        return None
    key = _key(*latest)
    loaded = _loaded
    if loaded is not None and loaded[0] == key:
        return loaded[1]
    with _lock:
        if _loaded is not None and _loaded[0] == key:
            return _loaded[1]
        blob = RouterModel.objects.filter(pk=latest[0]).values_list("blob", flat=True).first()
        router = _decode(blob) if blob is not None else None
        _loaded = (key, router)
        return router


# --- suggesting and routing ----------------------------------------------------------------
def suggest(text: str, category: str = "") -> tuple[int, float] | None:
    """(unit id, confidence) of the likeliest unit that still handles items, or None when
    there is no model (or none of its likeliest units is still active)."""
    router = current_router()
    if router is None or not (text or "").strip():
        return None
    probabilities = router.probabilities(text, category or "")
    if probabilities is None:
        return None
    best = np.argsort(probabilities)[::-1][:CANDIDATES]
    unit_ids = router.unit_ids
    candidates = [unit_ids[i] for i in best]
    active = set(_active_units().filter(pk__in=candidates).values_list("pk", flat=True))
    for index in best:
        if unit_ids[index] in active:  # a unit retired since the training is skipped
            return unit_ids[index], float(probabilities[index])
    return None


def threshold() -> float:
    return float(rule_setting("opinions.routing_threshold"))


def route_opinion(opinion: PublicOpinion, *, actor=None, only_pending=False) -> PublicOpinion:
    """Suggest a unit for ``opinion``: ``suggested`` when the router is confident enough
    (R92 setting ``opinions.routing_threshold``), else ``manual`` for the office, which
    still sees the router's best guess. A routing already decided by staff is kept.
    ``only_pending``: leave an opinion already routed (by a concurrent sweep) as it is."""
    suggestion = suggest(opinion.text, opinion.category)  # model work outside the lock
    limit = threshold()
    with transaction.atomic():
        current = (
            PublicOpinion.objects.select_for_update()
            .only("routing", "suggested_unit", "routing_confidence")
            .get(pk=opinion.pk)
        )
        if only_pending and current.routing != R.PENDING:
            return opinion
        if current.routing in DECIDED_BY_STAFF:
            raise ValidationError(
                _("Staff already decided where this opinion goes; it is not routed again.")
            )
        unit_id, confidence = suggestion if suggestion else (None, None)
        routing = R.SUGGESTED if unit_id and confidence >= limit else R.MANUAL
        before = {
            "suggested_unit_id": current.suggested_unit_id,
            "routing_confidence": current.routing_confidence,
        }
        opinion.routing = routing
        opinion.suggested_unit_id = unit_id
        opinion.routing_confidence = confidence
        opinion.save(
            update_fields=["routing", "suggested_unit", "routing_confidence", "updated_at"]
        )
        audit.record(
            actor,
            opinion,
            "route",
            before=before,
            after={
                "suggested_unit_id": unit_id,
                "routing_confidence": confidence,
                "threshold": limit,
            },
            from_state=current.routing,
            to_state=routing,
            actor_name="" if actor else "router",
        )
    return opinion
