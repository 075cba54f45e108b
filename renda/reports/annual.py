"""The year's review: its sections, the office's prose around the figures, and the
figures themselves, all read from the registry.

The prose is a template: ``{figure_key}`` (and ``{year}``, ``{committee}``) stand for
values filled in from the records at every rendering, so the office words the text but
cannot type a number into it.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.reports import registry
from renda.reports.models import AnnualReport, ReportSection


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # the document's own (Chinese) heading
    label: object  # the workbench's heading (translated)
    registry_sections: tuple[str, ...]
    default_prose: str


SECTIONS = (
    Section(
        "party",
        "坚持党的全面领导，把牢正确政治方向",
        _("Political direction and party leadership"),
        ("committee", "ledgers", "personnel"),
        "{year}年，{committee}坚持党的全面领导，严格请示报告制度，全年向市委请示报告重大事项"
        "{party_committee_reports}次；紧扣{problem_areas}个方面突出问题，完成{problem_lists_rectified}"
        "个问题清单整改销号，建立完善规章制度{rules_established}项，{experiences_promoted}项经验做法"
        "被省人大宣传推广。围绕市委部署推出{implementation_measures}项具体落实举措，推动解决"
        "{problems_resolved}个矛盾问题。坚持党管干部与依法任免相统一，任免国家机关工作人员"
        "{appointments}人次，组织{oath_takers}名国家机关工作人员进行宪法宣誓。",
    ),
    Section(
        "legislation",
        "提升立法质量，坚持促发展保善治",
        _("Legislation"),
        ("legislation",),
        "把{legislative_research_topics}个群众关切的热点问题上升为立法调研事项，制定地方性法规"
        "{regulations_enacted}部，其中{regulations_unanimous_at_province}部在省人大常委会审议中全票通过。"
        "建立健全立法制度{legislative_systems}项，建设基层立法联系点{legislative_contact_points}个、"
        "立法基地{legislative_bases}个。",
    ),
    Section(
        "supervision",
        "提升监督质效，全力服务中心大局",
        _("Supervision"),
        ("supervision", "filings"),
        "全年听取审议工作报告{work_reports_heard}项，开展专题询问{special_inquiries}次、执法检查"
        "{law_enforcement_inspections}项、民生专题调研{research_topics}项，交办审议意见"
        "{deliberation_opinions_sent}件。对{departments_assessed_innovation}个职能部门开展科技创新"
        "满意度测评，对{departments_assessed_business_environment}个职能部门开展营商环境专题询问和"
        "满意度测评，提出{research_recommendation_areas}个方面{research_recommendations}项意见建议，"
        "作出决议决定{decisions_made}项。首批聘任咨询专家{consulting_experts}名，推动"
        "{livelihood_projects_completed}项民生实事顺利完成。依法审查规范性文件"
        "{normative_documents_reviewed}件，备案审查覆盖率{filing_review_coverage}。",
    ),
    Section(
        "deputies",
        "提升服务水平，发挥代表主体作用",
        _("Work with the deputies"),
        ("deputies", "meetings", "opinions"),
        "建成代表联络站{liaison_stations}个、代表活动中心{activity_centers}个、代表工作室"
        "{deputy_studios}个，收集各类社情民意{public_opinions_collected}条。全年邀请"
        "{deputies_attending_sessions}人次代表列席常委会会议。代表届内培训覆盖率"
        "{deputy_training_coverage}，述职覆盖率{deputy_report_coverage}。",
    ),
    Section(
        "suggestions",
        "提升建议办理质量，推动答复型向落实型转变",
        _("Handling of motions and suggestions"),
        ("suggestions", "handling"),
        "常委会领导督办领办重点建议{key_suggestions_led}件，{motions_and_suggestions}件议案建议"
        "办结{motions_and_suggestions_completed}件。针对上年{prior_key_suggestions_reviewed}件重点"
        "建议涉及的{prior_key_suggestion_units_assessed}个承办单位开展满意度测评。",
    ),
)
OTHER = Section("other", "其他工作", _("Other figures"), (), "")
SECTION_KEYS = {s.key for s in SECTIONS}
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
WORDS = ("year", "committee")
MAX_PROSE = 5000


def section_of(figure: registry.Figure) -> Section:
    return next((s for s in SECTIONS if figure.section in s.registry_sections), OTHER)


def unknown_placeholders(prose: str) -> list[str]:
    known = {f.key for f in registry.figures()} | set(WORDS)
    return sorted({name for name in PLACEHOLDER.findall(prose) if name not in known})


def fill(prose: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), prose)


@dataclass
class FigureLine:
    figure: registry.Figure
    value: registry.Number
    shown: str
    pending: dict | None = None


@dataclass
class SectionContent:
    section: Section
    prose_template: str
    prose: str
    lines: list[FigureLine] = field(default_factory=list)


@dataclass
class AnnualContent:
    year: int
    committee: str
    report: AnnualReport | None
    sections: list[SectionContent]
    figures: dict[str, registry.Number]
    incomplete: dict[str, dict]

    @property
    def year_in_progress(self) -> bool:
        return self.year == clock.today().year

    @property
    def year_to_come(self) -> bool:
        return self.year > clock.today().year

    @property
    def lines(self) -> list[FigureLine]:
        return [line for content in self.sections for line in content.lines]


def committee_name() -> str:
    from renda.handling.documents import committee_name as name

    return name()


def build(year: int) -> AnnualContent:
    """Every figure of the year, computed now, grouped by section with its prose."""
    figures = registry.compute_all(year)
    incomplete = registry.incomplete(year)
    report = AnnualReport.objects.filter(year=year).first()
    stored = (
        dict(ReportSection.objects.filter(report=report).values_list("section", "prose"))
        if report
        else {}
    )
    committee = committee_name()
    values = {key: registry.display(value) for key, value in figures.items()}
    values |= {"year": str(year), "committee": committee}
    contents = {s.key: SectionContent(s, stored.get(s.key, s.default_prose), "") for s in SECTIONS}
    for figure in registry.figures():
        section = section_of(figure)
        content = contents.setdefault(section.key, SectionContent(section, "", ""))
        value = figures[figure.key]
        content.lines.append(
            FigureLine(figure, value, values[figure.key], incomplete.get(figure.key))
        )
    for content in contents.values():
        content.prose = fill(content.prose_template, values)
    return AnnualContent(year, committee, report, list(contents.values()), figures, incomplete)
