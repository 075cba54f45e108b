"""Realistic, deterministic Chinese citizens' opinions (社情民意) for benchmarks.

Each text is built from templates × places × topics × problems × details, with skewed
(Zipf-like) choices, so that its words have the spread of real submissions: a few very
common words (小区, 车辆, 居民), a long tail of places (roads, communities) and details,
and about 3 % near-duplicates (the same concern submitted again, slightly reworded) of a
recent opinion, marked with ``duplicate_of``.

    from bench.opinion_texts import opinions, search_queries
    for row in opinions(1_000_000):   # a generator: memory stays flat
        row.number, row.text, row.category, row.district, row.submitted, row.duplicate_of

No Django needed. The same ``(count, seed)`` always gives the same rows.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import NamedTuple

SEED = 20240601
START = date(2023, 1, 1)
DAYS = 3 * 365  # opinions are spread over three years, in order of their number
DUPLICATE_SHARE = 0.03

DISTRICTS = [
    "新华区",
    "卫东区",
    "湛河区",
    "石龙区",
    "舞钢市",
    "汝州市",
    "宝丰县",
    "叶县",
    "鲁山县",
    "郏县",
]
_STEMS = "东西南北中新兴和平安宁丰华光明盛泰康福瑞祥阳山河湖桥园锦绣金银龙凤松柏翠香"
_COMMUNITY_SUFFIXES = ["小区", "花园", "家园", "新村", "社区", "苑", "公寓", "名苑", "佳苑", "城"]
_ROAD_SUFFIXES = ["路", "大道", "街", "大街", "巷"]
_TOWN_SUFFIXES = ["街道", "镇", "乡"]

# category: (objects, problems, actions, departments)
CATEGORIES: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "traffic": (
        [
            "红绿灯",
            "公交站台",
            "公交线路",
            "停车位",
            "非机动车道",
            "人行道",
            "斑马线",
            "人行天桥",
            "减速带",
            "交通标志",
            "路口",
            "共享单车",
            "电动车充电桩",
            "学校门口道路",
            "地下通道",
        ],
        [
            "设置不合理",
            "严重不足",
            "长期损坏无人维修",
            "高峰期拥堵严重",
            "被占用",
            "标识不清",
            "存在安全隐患",
            "等待时间过长",
            "经常发生交通事故",
            "线路绕行太远",
        ],
        [
            "优化信号灯配时",
            "增设公交线路",
            "规划建设停车场",
            "加强交通疏导",
            "安装监控设备",
            "重新施划标线",
            "增派交警执勤",
        ],
        ["交通运输局", "公安交警支队", "城市管理局", "公交公司"],
    ),
    "housing": (
        [
            "物业服务",
            "电梯",
            "楼道照明",
            "供暖",
            "地下车库",
            "小区大门",
            "外墙",
            "屋顶",
            "化粪池",
            "门禁系统",
            "消防通道",
            "维修基金",
            "老旧小区改造",
            "不动产证",
            "二次供水",
        ],
        [
            "收费不透明",
            "经常出现故障",
            "漏水严重",
            "温度不达标",
            "长期无人管理",
            "办理困难",
            "维修拖延",
            "存在消防隐患",
            "工程质量差",
            "业主意见很大",
        ],
        [
            "督促物业公司整改",
            "尽快更换电梯",
            "加快老旧小区改造",
            "协调办理不动产证",
            "公开维修基金使用情况",
            "组织专业维修",
        ],
        ["住房和城乡建设局", "房产服务中心", "街道办事处", "自然资源和规划局"],
    ),
    "environment": (
        [
            "河道",
            "垃圾中转站",
            "餐饮油烟",
            "工地扬尘",
            "噪音",
            "污水管网",
            "绿化带",
            "公共厕所",
            "垃圾分类",
            "臭味",
            "烧烤摊",
            "养殖场",
            "化工厂排放",
            "黑臭水体",
            "建筑垃圾",
        ],
        [
            "污染严重",
            "散发异味",
            "扰民严重",
            "长期堆积无人清理",
            "夜间施工",
            "直排入河",
            "影响居民休息",
            "管理不到位",
            "设施老化",
            "屡禁不止",
        ],
        [
            "加强环境执法",
            "尽快清理整治",
            "安装油烟净化设备",
            "限制夜间施工",
            "建设污水处理设施",
            "增加保洁频次",
        ],
        ["生态环境局", "城市管理局", "水利局", "住房和城乡建设局"],
    ),
    "education": (
        [
            "幼儿园",
            "学校",
            "课后服务",
            "校车",
            "学区划分",
            "食堂",
            "操场",
            "教师队伍",
            "校外培训机构",
            "入学报名",
            "课桌椅",
            "教学楼",
            "午休",
            "托育机构",
            "职业教育",
        ],
        [
            "学位紧张",
            "收费偏高",
            "划分不合理",
            "安全隐患大",
            "质量不高",
            "流程复杂",
            "设施陈旧",
            "距离太远",
            "管理混乱",
            "家长负担重",
        ],
        [
            "新建公办幼儿园",
            "合理调整学区",
            "规范校外培训",
            "增加学位供给",
            "改善办学条件",
            "简化入学手续",
        ],
        ["教育局", "发展和改革委员会", "财政局"],
    ),
    "health": (
        [
            "社区卫生服务中心",
            "医院挂号",
            "医保报销",
            "药品价格",
            "急救站",
            "家庭医生",
            "疫苗接种",
            "养老院",
            "医院停车",
            "慢性病用药",
            "体检中心",
            "中医院",
            "儿科门诊",
            "护理服务",
            "异地就医",
        ],
        [
            "排队时间太长",
            "报销比例偏低",
            "服务态度差",
            "床位紧张",
            "价格偏高",
            "手续繁琐",
            "医生数量不足",
            "设备落后",
            "信息不公开",
            "覆盖面太小",
        ],
        [
            "增加医护人员",
            "简化报销流程",
            "扩大家庭医生签约",
            "建设社区养老设施",
            "开通网上预约",
            "提高报销比例",
        ],
        ["卫生健康委员会", "医疗保障局", "民政局", "市场监督管理局"],
    ),
    "social": (
        [
            "养老金",
            "低保",
            "残疾人补贴",
            "社保缴费",
            "灵活就业",
            "农民工工资",
            "失业保险",
            "退役军人优待",
            "高龄津贴",
            "临时救助",
            "公益岗位",
            "劳动合同",
            "工伤认定",
            "技能培训",
            "就业招聘会",
        ],
        [
            "发放不及时",
            "标准偏低",
            "认定不公平",
            "被拖欠",
            "办理时间长",
            "政策宣传不够",
            "申请条件太严",
            "信息不对称",
            "企业不签合同",
            "维权困难",
        ],
        [
            "及时足额发放",
            "提高补贴标准",
            "帮助讨薪",
            "加强政策宣传",
            "开展技能培训",
            "畅通维权渠道",
        ],
        ["人力资源和社会保障局", "民政局", "退役军人事务局", "总工会"],
    ),
    "rural": (
        [
            "农村道路",
            "灌溉水渠",
            "自来水",
            "村卫生室",
            "农村电网",
            "土地流转",
            "农产品销售",
            "村容村貌",
            "农村厕所",
            "宅基地",
            "山区公路",
            "养殖补贴",
            "种粮补贴",
            "乡村学校",
            "农田水利",
        ],
        [
            "年久失修",
            "水压不足",
            "经常停电",
            "补贴未到位",
            "价格过低",
            "纠纷较多",
            "雨天泥泞难行",
            "设施缺乏",
            "管护不到位",
            "群众出行难",
        ],
        [
            "硬化农村道路",
            "维修灌溉设施",
            "改造农村电网",
            "拓宽农产品销售渠道",
            "落实惠农补贴",
            "加强人居环境整治",
        ],
        ["农业农村局", "乡村振兴局", "水利局", "供电公司"],
    ),
    "safety": (
        [
            "电动车进楼",
            "燃气管道",
            "消防设施",
            "监控探头",
            "高空抛物",
            "电信诈骗",
            "流浪犬",
            "井盖",
            "路灯",
            "危房",
            "广告牌",
            "河边护栏",
            "游乐设施",
            "建筑工地围挡",
            "防汛设施",
        ],
        [
            "存在安全隐患",
            "损坏缺失",
            "长期不亮",
            "多次发生事故",
            "无人监管",
            "老化严重",
            "随时可能坠落",
            "威胁行人安全",
            "宣传不到位",
            "整改不彻底",
        ],
        [
            "开展安全排查",
            "及时维修更换",
            "加强巡逻防控",
            "设置警示标志",
            "依法拆除",
            "加大宣传力度",
        ],
        ["应急管理局", "公安局", "消防救援支队", "城市管理局"],
    ),
    "market": (
        [
            "菜市场",
            "食品安全",
            "商品价格",
            "预付卡",
            "网购",
            "药店",
            "农贸市场",
            "早餐摊点",
            "校园周边小卖部",
            "虚假广告",
            "快递网点",
            "加油站",
            "出租车",
            "房屋中介",
            "装修公司",
        ],
        [
            "占道经营",
            "缺斤少两",
            "乱收费",
            "卫生条件差",
            "退款困难",
            "价格欺诈",
            "售卖过期食品",
            "服务质量差",
            "欺骗消费者",
            "投诉无门",
        ],
        ["加强市场监管", "严厉查处违法行为", "规范经营秩序", "畅通投诉渠道", "开展专项整治"],
        ["市场监督管理局", "商务局", "城市管理局", "交通运输局"],
    ),
    "culture": (
        [
            "健身器材",
            "公园",
            "图书馆",
            "文化广场",
            "广场舞",
            "体育场馆",
            "社区活动室",
            "文物古迹",
            "博物馆",
            "游泳馆",
            "篮球场",
            "景区",
            "电影院",
            "老年大学",
            "全民健身步道",
        ],
        [
            "数量太少",
            "损坏严重",
            "开放时间太短",
            "噪音扰民",
            "收费过高",
            "保护不力",
            "设施简陋",
            "管理混乱",
            "距离居民区太远",
            "长期闲置",
        ],
        [
            "增设健身器材",
            "延长开放时间",
            "加强文物保护",
            "建设全民健身场地",
            "规范广场舞时间",
            "免费或低收费开放",
        ],
        ["文化广电和旅游局", "体育局", "园林绿化中心"],
    ),
}

OPENINGS = [
    "我是{district}{community}的居民，",
    "本人住在{district}{town}{community}，",
    "{district}{town}群众反映：",
    "我家住{road}附近，",
    "",
    "",
    "各位领导好，",
    "作为一名在{district}工作多年的市民，",
]
LOCATIONS = [
    "{community}{object}{problem}。",
    "{road}{object}{problem}。",
    "{road}与{road2}交叉口的{object}{problem}。",
    "{town}{object}{problem}。",
    "{community}附近的{object}{problem}，",
    "我们这里的{object}{problem}。",
]
DETAILS = [
    "这种情况已经持续了{n}个月。",
    "{time}尤其明显。",
    "多次拨打12345热线反映，一直没有得到解决。",
    "给周边{who}的生活带来很大影响。",
    "存在较大的安全隐患，万一出事后果不堪设想。",
    "附近有{facility}，{who}每天都要经过这里。",
    "上次{dept}来看过，但是一直没有下文。",
    "{who}意见很大，大家联名希望能解决。",
    "去年也反映过，当时答复说会处理。",
    "周边{n}个小区的{who}都受到影响。",
    "听说是因为资金不到位，所以迟迟没有动工。",
    "{who}只能绕行{n}公里。",
]
REQUESTS = [
    "希望{dept}尽快{action}。",
    "建议{dept}{action}，切实解决群众的急难愁盼。",
    "恳请有关部门{action}。",
    "请{dept}重视这个问题，{action}。",
    "强烈建议{action}。",
]
TIMES = ["早晚高峰", "夜间", "周末", "雨天", "冬天", "夏天", "节假日", "上下学时间"]
WHO = ["居民", "老人", "学生", "家长", "上班族", "商户", "行人", "村民", "残疾人", "孕妇"]
FACILITIES = ["小学", "幼儿园", "医院", "菜市场", "地铁站", "养老院", "中学", "商场", "公园"]
EDITS = ["再次反映：", "补充一下，", "这个问题我之前反映过，", "", "", "急！"]


class OpinionText(NamedTuple):
    number: int  # 1, 2, ...
    text: str
    category: str
    district: str
    submitted: date
    duplicate_of: int | None  # the number of the opinion this one repeats


def _zipf_picker(items: list, rng: random.Random, exponent: float = 1.0):
    """``pick()`` choosing items[k] with weight 1/(k+1)^exponent (after a shuffle)."""
    items = list(items)
    rng.shuffle(items)
    cumulative = list(itertools.accumulate(1 / (k + 1) ** exponent for k in range(len(items))))
    total = cumulative[-1]

    def pick(r: random.Random):
        return items[min(bisect.bisect(cumulative, r.random() * total), len(items) - 1)]

    return pick


class _Vocabulary:
    def __init__(self, seed: int):
        rng = random.Random(seed)
        pairs = [a + b for a in _STEMS for b in _STEMS if a != b]
        self.community = _zipf_picker([p + s for p in pairs for s in _COMMUNITY_SUFFIXES], rng, 0.8)
        self.road = _zipf_picker([p + s for p in pairs for s in _ROAD_SUFFIXES], rng, 0.8)
        self.town = _zipf_picker([p + s for p in pairs[:300] for s in _TOWN_SUFFIXES], rng, 0.9)
        self.district = _zipf_picker(DISTRICTS, rng, 0.6)
        self.category = _zipf_picker(list(CATEGORIES), rng, 0.5)
        self.parts = {
            name: tuple(_zipf_picker(words, rng, 0.9) for words in lists)
            for name, lists in CATEGORIES.items()
        }


def _compose(v: _Vocabulary, r: random.Random, category: str, district: str) -> str:
    objects, problems, actions, departments = v.parts[category]
    fields = {
        "district": district,
        "community": v.community(r),
        "town": v.town(r),
        "road": v.road(r),
        "road2": v.road(r),
        "object": objects(r),
        "problem": problems(r),
        "action": actions(r),
        "dept": departments(r),
        "time": r.choice(TIMES),
        "who": r.choice(WHO),
        "facility": r.choice(FACILITIES),
        "n": r.randint(2, 12),
    }
    sentences = [r.choice(OPENINGS), r.choice(LOCATIONS)]
    if r.random() < 0.4:  # a second problem of the same object
        sentences.append(f"而且{problems(r)}。")
    sentences += r.sample(DETAILS, r.choice((0, 1, 1, 2, 2, 3, 3, 4)))
    sentences.append(r.choice(REQUESTS))
    return "".join(sentences).format(**fields)


def _reword(text: str, r: random.Random) -> str:
    """The same concern, submitted again: a prefix, and a detail changed or dropped."""
    sentences = [s for s in text.replace("。", "。\n").splitlines() if s]
    if len(sentences) > 2 and r.random() < 0.5:
        del sentences[r.randrange(1, len(sentences) - 1)]
    if r.random() < 0.5:
        sentences.insert(
            -1,
            r.choice(DETAILS).format(
                n=r.randint(2, 12),
                time=r.choice(TIMES),
                who=r.choice(WHO),
                dept="有关部门",
                facility=r.choice(FACILITIES),
            ),
        )
    return r.choice(EDITS) + "".join(sentences)


def opinions(count: int, seed: int = SEED) -> Iterator[OpinionText]:
    """``count`` opinions, numbered 1..count, dated in order over three years."""
    vocabulary = _Vocabulary(seed)
    r = random.Random(seed + 1)
    recent: list[OpinionText] = []  # the last 2,000, for near-duplicates
    for number in range(1, count + 1):
        submitted = START + timedelta(days=(number - 1) * DAYS // max(count, 1))
        if recent and r.random() < DUPLICATE_SHARE:
            original = r.choice(recent)
            row = OpinionText(
                number,
                _reword(original.text, r),
                original.category,
                original.district,
                submitted,
                original.number,
            )
        else:
            category = vocabulary.category(r)
            district = vocabulary.district(r)
            text = _compose(vocabulary, r, category, district)
            row = OpinionText(number, text, category, district, submitted, None)
        recent.append(row)
        if len(recent) > 2000:
            del recent[:1000]
        yield row


def new_submissions(count: int, seed: int = SEED) -> Iterator[OpinionText]:
    """Fresh opinions (not in ``opinions()``): numbered from 0 down, dated after them."""
    vocabulary = _Vocabulary(seed)
    r = random.Random(seed + 7)
    for k in range(count):
        category, district = vocabulary.category(r), vocabulary.district(r)
        text = _compose(vocabulary, r, category, district)
        yield OpinionText(-k, text, category, district, START + timedelta(days=DAYS), None)


def reword(text: str, seed: int) -> str:
    """A near-duplicate of ``text`` (as a citizen submitting it again would write it)."""
    return _reword(text, random.Random(seed))


# search_queries()[k] is of the kind QUERY_KINDS[k % len(QUERY_KINDS)]
QUERY_KINDS = [
    "object",
    "object problem",
    "place object",
    "community",
    "road",
    "three",
    "phrase",
    "absent",
    "common",
]


def search_queries(count: int, seed: int = SEED) -> list[str]:
    """``count`` varied search queries, as staff type them into the workbench: single
    common words, topic + problem, place + topic, a community or road name, three-word
    queries, whole phrases, and words that occur nowhere."""
    vocabulary = _Vocabulary(seed)
    r = random.Random(seed + 3)
    absent = [
        "量子计算机",
        "航天发射",
        "北极熊",
        "区块链交易所",
        "火星基地",
        "深海潜水",
        "芯片制造",
        "冰川融化",
    ]
    kinds = QUERY_KINDS
    queries = []
    for k in range(count):
        kind = kinds[k % len(kinds)]
        category = vocabulary.category(r)
        objects, problems, actions, _departments = vocabulary.parts[category]
        if kind == "object":
            query = objects(r)
        elif kind == "object problem":
            query = f"{objects(r)} {problems(r)}"
        elif kind == "place object":
            query = f"{vocabulary.district(r)} {objects(r)}"
        elif kind == "community":
            query = vocabulary.community(r)
        elif kind == "road":
            query = f"{vocabulary.road(r)} {objects(r)}"
        elif kind == "three":
            query = f"{vocabulary.district(r)} {objects(r)} {r.choice(TIMES)}"
        elif kind == "phrase":
            query = f"{objects(r)}{problems(r)}"
        elif kind == "absent":
            query = r.choice(absent)
        else:
            query = r.choice(["小区", "车辆", "居民", "安全隐患", "学校", "维修"])
        queries.append(query)
    return queries


if __name__ == "__main__":  # a look at the data
    for row in opinions(12):
        print(row.number, row.category, row.district, row.submitted, row.duplicate_of, row.text)
    print(search_queries(18))
