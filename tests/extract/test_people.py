"""People and titles: hits and non-hits on sentences written here (provinces, universities,
hospitals, companies, societies), not taken from the shared sample."""

from __future__ import annotations

import pytest

from kexie.extract.people import find_persons
from kexie.model import Article


def persons(*paragraphs: str, title: str = "") -> dict[str, list[str]]:
    found, _ = find_persons(Article(0, title, list(paragraphs)))
    return {p.name: p.titles for p in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles before the name, with an organization prefix and a chain joined by 、
        (
            "3月15日，浙江省科协党组书记、常务副主席王建华一行到杭州市余杭区调研，余杭区委常委、副区长李晓峰陪同。",
            {"王建华": ["浙江省科协党组书记", "常务副主席"], "李晓峰": ["余杭区委常委", "副区长"]},
        ),
        (
            "中国科学院院士、清华大学教授张明远作题为《人工智能与未来教育》的报告。",
            {"张明远": ["中国科学院院士", "清华大学教授"]},
        ),
        (
            "会议由广东省土木建筑学会秘书长陈志强主持，华南理工大学土木与交通学院副院长刘洋出席并致辞。",
            {"陈志强": ["广东省土木建筑学会秘书长"], "刘洋": ["华南理工大学土木与交通学院副院长"]},
        ),
        (
            "四川大学华西医院呼吸与危重症医学科主任医师赵丽娟为社区居民开展健康讲座。",
            {"赵丽娟": ["四川大学华西医院呼吸与危重症医学科主任医师"]},
        ),
        # a list of names sharing the titles in front of it
        (
            "市科协党组成员、副主席孙立新、钱海燕、欧阳志远出席会议。",
            {n: ["市科协党组成员", "副主席"] for n in ("孙立新", "钱海燕", "欧阳志远")},
        ),
        # honorifics after the name, also when a title is in front
        (
            "上海交通大学医学院附属瑞金医院院长宁光院士介绍了医院学科建设情况。",
            {"宁光": ["上海交通大学医学院附属瑞金医院院长", "院士"]},
        ),
        ("讲座由科普志愿者宋佳宁老师主讲。", {"宋佳宁": ["老师"]}),
        (
            "西安交通大学第一附属医院心血管内科主任马爱群教授为患者义诊。",
            {"马爱群": ["西安交通大学第一附属医院心血管内科主任", "教授"]},
        ),
        # compound surnames; a later mention by the name alone is the same person
        (
            "市科协副主席欧阳晓光、秘书长诸葛明出席活动。欧阳晓光指出，要发挥学会作用。",
            {"欧阳晓光": ["市科协副主席"], "诸葛明": ["秘书长"]},
        ),
        # a national leader's name before the title
        ("学习贯彻习近平总书记重要讲话精神。", {"习近平": ["总书记"]}),
        # a shorter name wins when a longer word follows (徐静|陪同, not 徐静陪|同)
        ("省科技馆馆长杨柳、副馆长徐静陪同参观。", {"杨柳": ["省科技馆馆长"], "徐静": ["副馆长"]}),
        ("董事长兼总经理吴晓东介绍了企业发展情况。", {"吴晓东": ["董事长", "总经理"]}),
        (
            "副主席张海波、李晓红和王建军出席，院士张三丰和企业代表交流。",
            {"张海波": ["副主席"], "李晓红": ["副主席"], "王建军": ["副主席"], "张三丰": ["院士"]},
        ),
        ("驻村第一书记王大海介绍了村里的产业发展情况。", {"王大海": ["驻村第一书记"]}),
        # a place name inside the prefix is not cut at its function-word character (都)
        (
            "内蒙古自治区包头市昆都仑区科协主席高峰带队走访企业。",
            {"高峰": ["内蒙古自治区包头市昆都仑区科协主席"]},
        ),
        ("江西省南昌市红谷滩区科协主席罗志坚同志在会上讲话。", {"罗志坚": ["江西省南昌市红谷滩区科协主席"]}),
        (
            "会上，中国电子学会理事长徐晓兰作工作报告，副理事长兼秘书长张宏图主持会议。",
            {"徐晓兰": ["中国电子学会理事长"], "张宏图": ["副理事长", "秘书长"]},
        ),
        (
            "西门子（中国）有限公司副总裁王海滨介绍了数字化工厂案例。",
            {"王海滨": ["西门子（中国）有限公司副总裁"]},
        ),
        # a transliterated name (·) has no surname from the list
        (
            "新疆维吾尔自治区科协党组书记、副主席阿不都热依木·卡德尔出席活动。",
            {"阿不都热依木·卡德尔": ["新疆维吾尔自治区科协党组书记", "副主席"]},
        ),
        # a formal post after the name, with a clear left edge
        (
            "会上，李华院长介绍了医院发展情况，常务副县长刘强出席。",
            {"李华": ["院长"], "刘强": ["常务副县长"]},
        ),
        # a level before a generic post; role words that mark a name without being a title
        ("市领导张海波、李晓红出席。", {"张海波": ["市领导"], "李晓红": ["市领导"]}),
        ("村民王大山说，今年收成好。科技志愿者刘小红为居民讲解。", {"王大山": [], "刘小红": []}),
        # a colon after the title; titles in brackets after the name
        ("座谈会主持人：张建军。", {"张建军": ["主持人"]}),
        ("报告人张立新（浙江大学教授、博士生导师）介绍了成果。", {"张立新": ["浙江大学教授", "博士生导师"]}),
        # people named without a title: a speaker opening a clause, a list before 等专家
        ("活动结束后，王建国表示，将继续支持科普工作。", {"王建国": []}),
        ("据周立新介绍，今年产量提升。李明告诉记者，项目进展顺利。", {"周立新": [], "李明": []}),
        ("张立新、李红梅、赵大勇等专家参加了评审。", {"张立新": [], "李红梅": [], "赵大勇": []}),
    ],
)
def test_finds_people_with_titles(text: str, expected: dict[str, list[str]]) -> None:
    assert persons(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "主任委员单位代表发言后，与会人员进行了讨论。书记以及各部门负责人参加了会议。",
        "主持人宣布会议开始。会长单位代表发言。理事长高度评价了学会工作。",
        "会上，王老师和李教授分别作了发言，学员们反响热烈。",  # surname + honorific is no name
        "党组书记主持会议并讲话，副主席单位、成员单位代表参加。",
        "博士后科研工作站建设取得进展，老师们和同学们积极参与。",
        "科协组织在新时代要发挥更大作用，各级科协要围绕中心、服务大局。",
        "会议指出，要加强科普。专家表示认可。同时指出问题。文章指出方向。党委强调，要做好工作。",
        "北京、上海、广州等城市参与。黄山、泰山等5个景区开放。许多专家指出，创新很重要。",
        "活动在朝阳区（北京市）举行，本届（第三届）大会由学会（筹）主办。",
        "公安局局长、商会会长、支部书记、党委书记、工会主席、学会会长讲话。该院院长表示。",
        "同学们积极参与，志愿者们热情服务，全市领导干部参加。",
        "据了解，活动效果良好。据统计，共有100人。据悉，该项目已完工。",
    ],
)
def test_no_false_people(text: str) -> None:
    assert persons(text) == {}


def test_mentions_point_into_the_text() -> None:
    title = "副市长周海涛调研科普工作"
    paras = ["5月8日，副市长周海涛到市科技馆调研。周海涛强调，要加强科普阵地建设。"]
    art = Article(0, title, paras)
    found, mentions = find_persons(art)
    assert [p.name for p in found] == ["周海涛"]
    per = [m for m in mentions if m.type == "PER"]
    assert [(m.paragraph, art.text_of(m.paragraph)[m.start : m.end]) for m in per] == [
        (-1, "周海涛"),
        (0, "周海涛"),
        (0, "周海涛"),
    ]
    titles = [m for m in mentions if m.type == "TITLE"]
    assert all(art.text_of(m.paragraph)[m.start : m.end] == m.text == "副市长" for m in titles)
    assert {m.entity for m in mentions} == {"周海涛"}


def test_empty_article_yields_nothing() -> None:
    assert find_persons(Article(0, "", [])) == ([], [])
    assert find_persons(Article(0, "！！", ["……", "2023年"])) == ([], [])
