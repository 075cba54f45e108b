"""Deterministic, plausible Chinese names and places for the demo city."""

import random

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰建国志红海东文博晓晨"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英慧莉萍红玲燕琳晶颖雪梅婷倩洁琴云璐佳欣怡丹凤兰瑶"


def person_name(rng: random.Random, female: bool) -> str:
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(
        ("139", "138", "137", "136", "135", "150", "151", "158", "186", "187")
    ) + "".join(str(rng.randrange(10)) for _ in range(8))


# The city's districts and counties (the delegations), with the deputies each elects.
DISTRICTS = [
    ("XH", "新华区", 52),
    ("WD", "卫东区", 50),
    ("ZH", "湛河区", 48),
    ("SL", "石龙区", 22),
    ("WG", "舞钢市", 45),
    ("RZ", "汝州市", 78),
    ("BF", "宝丰县", 55),
    ("YX", "叶县", 68),
    ("LS", "鲁山县", 67),
    ("JX", "郏县", 50),
]
MILITARY_DELEGATION = ("JD", "驻平部队", 15)
TOWNSHIP_SUFFIXES = ("镇", "乡", "街道")
TOWNSHIP_STEMS = "东西南北中新兴和平安宁丰华光明盛泰康福瑞祥阳山河湖桥园"

SPECIAL_COMMITTEES = [
    ("SC-FZ", "法制委员会"),
    ("SC-JS", "监察和司法委员会"),
    ("SC-CJ", "财政经济委员会"),
    ("SC-JKW", "教育科学文化卫生委员会"),
    ("SC-CH", "城乡建设环境保护委员会"),
    ("SC-NY", "农业与农村委员会"),
    ("SC-SJ", "社会建设委员会"),
]
WORKING_COMMITTEES = [
    ("WC-FG", "法制工作委员会"),
    ("WC-YS", "预算工作委员会"),
    ("WC-DB", "代表人事选举工作委员会"),
    ("WC-YJ", "研究室"),
]
DEPARTMENTS = [
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "民族宗教事务局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "城市管理局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "国有资产监督管理委员会",
    "市场监督管理局",
    "体育局",
    "统计局",
    "医疗保障局",
    "林业局",
    "粮食和物资储备局",
    "信访局",
    "政务服务和大数据管理局",
    "机关事务管理中心",
    "乡村振兴局",
    "人民防空办公室",
    "住房公积金管理中心",
    "供销合作社",
    "地方金融监督管理局",
    "外事办公室",
    "营商环境建设局",
    "残疾人联合会",
    "总工会",
    "妇女联合会",
    "共青团市委",
    "科学技术协会",
    "工商业联合会",
    "气象局",
    "税务局",
    "消防救援支队",
    "生态环境局执法支队",
    "公路事业发展中心",
    "城乡一体化示范区管委会",
    "高新技术产业开发区管委会",
    "投资集团有限公司",
    "供电公司",
    "自来水有限公司",
    "燃气有限公司",
    "公共交通集团公司",
    "中级人民法院",
    "人民检察院",
]
NON_GOVERNMENT_UNITS = {
    "残疾人联合会",
    "总工会",
    "妇女联合会",
    "共青团市委",
    "科学技术协会",
    "工商业联合会",
    "投资集团有限公司",
    "供电公司",
    "自来水有限公司",
    "燃气有限公司",
    "公共交通集团公司",
    "中级人民法院",
    "人民检察院",
}
PARTIES = (
    ["中共党员"] * 14
    + ["群众"] * 2
    + ["民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "九三学社社员", "无党派人士"]
)
ETHNICITIES = ["汉族"] * 40 + ["回族", "满族", "蒙古族"]
OCCUPATIONS = {
    "party_government": [
        "{place}党委书记",
        "{place}人民政府区长",
        "{place}党委副书记",
        "{place}镇长",
    ],
    "worker_farmer": [
        "{place}{village}村党支部书记",
        "{company}一线工人",
        "{place}农民专业合作社理事长",
    ],
    "professional": [
        "{hospital}主任医师",
        "{school}校长",
        "{school}高级教师",
        "律师事务所主任",
        "农业技术推广站高级农艺师",
    ],
    "business": ["{company}董事长", "{company}总经理", "{company}党委书记"],
    "military": ["驻平部队某部政治委员", "驻平部队某部参谋长"],
    "other": ["社区居委会主任", "个体工商户", "{place}文化站站长"],
}
COMPANIES = [
    "平煤神马集团",
    "平高集团",
    "舞阳钢铁公司",
    "姚孟发电公司",
    "尼龙科技公司",
    "鹰城建设集团",
    "宝丰酒业公司",
]
HOSPITALS = ["市第一人民医院", "市第二人民医院", "市中医医院", "县人民医院"]
SCHOOLS = ["市第一高级中学", "市实验小学", "平顶山学院", "河南城建学院", "县第一高级中学"]
VILLAGES = "李庄 张湾 王营 马寨 刘店 赵沟 杨岗 前进 红旗 新村".split()


def occupation(rng: random.Random, sector: str, place: str) -> str:
    template = rng.choice(OCCUPATIONS[sector])
    return template.format(
        place=place,
        village=rng.choice(VILLAGES),
        company=rng.choice(COMPANIES),
        hospital=rng.choice(HOSPITALS),
        school=rng.choice(SCHOOLS),
    )
