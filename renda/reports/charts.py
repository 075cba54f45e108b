"""The annual report's charts, drawn by matplotlib as PNG images for the Word document.

Chinese labels need a Chinese font on the server (Debian: fonts-wqy-microhei or
fonts-noto-cjk). Without one, the charts are left out and the document says why,
rather than printing empty boxes where the characters should be.
"""

import io
import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractMonth

from renda.reports import registry

logger = logging.getLogger(__name__)
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
)
COLOURS = ("#c0392b", "#2e86c1", "#28b463", "#f39c12", "#8e44ad", "#7f8c8d")


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes


@lru_cache(maxsize=1)
def _pyplot():
    # matplotlib keeps its font cache in its config directory: under var/, not $HOME.
    os.environ.setdefault("MPLCONFIGDIR", str(settings.VAR_DIR / "cache" / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")  # no screen on a server
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font = _cjk_font(font_manager)
    if font is None:
        logger.warning("no Chinese font found: the annual report is exported without charts")
        return None
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    return plt


def _cjk_font(font_manager) -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((name for name in CJK_FONTS if name in installed), None)
    if found is None:
        # matplotlib's font list is cached when it is first used: a font installed since
        # is on disk but not in the list, so look on disk once.
        for path in font_manager.findSystemFonts():
            if any(part in path.lower() for part in ("wqy", "notosanscjk", "sourcehansans")):
                font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
        found = next((name for name in CJK_FONTS if name in installed), None)
    return found


def available() -> bool:
    return _pyplot() is not None


def _figure(width: float, height: float):
    """A figure of its own, not pyplot's shared state: requests may draw at once."""
    from matplotlib.figure import Figure

    _pyplot()  # the fonts
    figure = Figure(figsize=(width, height))
    return figure, figure.subplots()


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def bar_chart(
    title: str, labels: list[str], values: list[float], unit: str = "", groups: list[int] = ()
) -> Chart:
    """Horizontal bars; ``groups`` (one number per bar) colours bars that belong together."""
    figure, axes = _figure(6.4, 0.5 * len(labels) + 1.2)
    positions = range(len(labels))
    colours = [COLOURS[1 + g] for g in groups] if groups else COLOURS[1]
    bars = axes.barh(positions, values, color=colours)
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()  # the first label on top, as it is read
    axes.bar_label(bars, labels=[f"{v:g}{unit}" for v in values], padding=3)
    axes.spines[["top", "right"]].set_visible(False)  # the title is the document's caption
    axes.set_xlim(0, max([*values, 1]) * 1.15)
    return Chart(title, _png(figure))


def column_chart(title: str, labels: list[str], values: list[int]) -> Chart:
    figure, axes = _figure(6.4, 3.2)
    bars = axes.bar(labels, values, color=COLOURS[0])
    axes.bar_label(bars, padding=2, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return Chart(title, _png(figure))


def _figure_bars(title: str, keys: list[str], figures: dict) -> Chart | None:
    labels = {f.key: str(f.label) for f in registry.figures()}
    present = [k for k in keys if k in figures]
    if not any(figures[k] for k in present):
        return None
    return bar_chart(title, [labels[k] for k in present], [figures[k] for k in present])


def _opinions_by_month(year: int) -> Chart | None:
    from renda.opinions.models import PublicOpinion

    rows = dict(
        PublicOpinion.objects.filter(submitted_at__year=year)
        .annotate(month=ExtractMonth("submitted_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    if not rows:
        return None
    months = range(1, 13)
    return column_chart(
        f"{year}年各月收集社情民意（条）",
        [f"{m}月" for m in months],
        [rows.get(m, 0) for m in months],
    )


def _handling_outcomes(year: int) -> Chart | None:
    from renda.handling import stats
    from renda.handling.models import Kind

    kinds = {Kind.SUGGESTION, Kind.MOTION}
    rows = [row for row in stats.by_kind(year) if row["kind"] in kinds]
    if not rows:
        return None
    total = stats.sum_rows(rows)
    labels = ["满意", "基本满意", "不满意", "未评价", "A类答复", "B类答复", "C类答复"]
    keys = [f"eval_{e}" for e in stats.E] + ["class_A", "class_B", "class_C"]
    return bar_chart(
        f"{year}年议案建议办理评价与答复分类（件）",
        labels,
        [total[k] for k in keys],
        groups=[0] * 4 + [2] * 3,  # the evaluations, then the reply classes
    )


def for_section(section: str, year: int, figures: dict) -> list[Chart]:
    """The charts of one section of the report, drawn from the same records as its figures."""
    if not available():
        return []
    if section == "supervision":
        keys = [
            "work_reports_heard",
            "special_inquiries",
            "law_enforcement_inspections",
            "research_topics",
            "deliberation_opinions_sent",
            "decisions_made",
        ]
        charts = [_figure_bars(f"{year}年监督工作（项）", keys, figures)]
    elif section == "deputies":
        keys = ["liaison_stations", "activity_centers", "deputy_studios"]
        charts = [_figure_bars("代表履职平台（个）", keys, figures), _opinions_by_month(year)]
    elif section == "suggestions":
        charts = [_handling_outcomes(year)]
    else:
        charts = []
    return [chart for chart in charts if chart is not None]
