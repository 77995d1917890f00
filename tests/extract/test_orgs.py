"""Organizations: fullest names, short forms, abbreviations and home/district resolution,
on sentences written here (other provinces, universities, hospitals, companies, societies)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kexie.config import Settings
from kexie.extract.orgs import find_orgs
from kexie.extract.people import find_persons
from kexie.extract.resolve import is_short_form
from kexie.model import Article

HOME = Settings(home_org="北京市科协", home_region="北京市")


def orgs(
    *paragraphs: str, title: str = "", attribution: tuple[str, ...] = (), settings: Settings = HOME
) -> dict[str, list[str]]:
    found, _ = find_orgs(Article(0, title, list(paragraphs), attribution=list(attribution)), settings)
    return {o.name: o.aliases for o in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "近日，甘肃省兰州市城关区科协联合城关区卫生健康局、兰州大学第一医院，走进张掖路街道开展义诊活动。",
            {"甘肃省兰州市城关区科协", "城关区卫生健康局", "兰州大学第一医院"},
        ),
        (
            "山东省济南市历下区科协联合济南市第一中学、历下区实验小学开展科普进校园活动。",
            {"山东省济南市历下区科协", "济南市第一中学", "历下区实验小学"},
        ),
        (
            "活动得到了国家自然科学基金委员会和中国科协科学技术传播中心的大力支持。",
            {"国家自然科学基金委员会", "中国科协科学技术传播中心"},
        ),
        # hierarchical names stay whole; 与 inside a name is kept
        (
            "中国农业大学资源与环境学院与云南省农业科学院茶叶研究所签订协议。",
            {"中国农业大学资源与环境学院", "云南省农业科学院茶叶研究所"},
        ),
        ("上海交通大学医学院附属瑞金医院举办开放日。", {"上海交通大学医学院附属瑞金医院"}),
        (
            "由北京理工大学、中国兵器工业集团有限公司联合主办的论坛在京举行。",
            {"北京理工大学", "中国兵器工业集团有限公司"},
        ),
        (
            "福建省福州市鼓楼区东街街道社区卫生服务中心开展义诊。",
            {"福建省福州市鼓楼区东街街道社区卫生服务中心"},
        ),
        (
            "陕西省西安市长安区王曲街道南堡寨村村委会组织村民观看科普电影。",
            {"陕西省西安市长安区王曲街道南堡寨村村委会"},
        ),
        # a verb before a place name belongs to the sentence (走访, 支持)
        (
            "市科协支持河北雄安新区智慧农业联合体，走访包头钢铁（集团）有限责任公司。",
            {"北京市科协", "河北雄安新区智慧农业联合体", "包头钢铁（集团）有限责任公司"},
        ),
        # a party body after a named unit stands for the unit; a bare party body is kept
        (
            "人事处、学会服务中心、科普活动中心党支部书记以及机关青年理论学习小组代表述职。",
            {"人事处", "学会服务中心", "科普活动中心"},
        ),
        (
            "对标党中央部署和省委要求，推进省农村专业技术协会党总支建设。",
            {"党中央", "省委", "省农村专业技术协会党总支"},
        ),
        # names joined by • and brand + bracketed branch
        (
            "成立科创中国•长三角生物医药产业联合体，某某优选（杭州公司）参与其中。",
            {"科创中国•长三角生物医药产业联合体", "某某优选（杭州公司）"},
        ),
        (
            "本次活动由江苏省科协主办，江苏省植物保护学会、南京农业大学植物保护学院承办。",
            {"江苏省科协", "江苏省植物保护学会", "南京农业大学植物保护学院"},
        ),
        (
            "浙江省医学会心血管病学分会、浙江大学医学院附属第二医院共同承办学术年会。",
            {"浙江省医学会心血管病学分会", "浙江大学医学院附属第二医院"},
        ),
        (
            "TCL科技集团股份有限公司与华南理工大学共建联合实验室。",
            {"TCL科技集团股份有限公司", "华南理工大学"},
        ),
        ("广州市第一人民医院、番禺区人民医院的医务人员参加比赛。", {"广州市第一人民医院", "番禺区人民医院"}),
        ("科技部、教育部、中国科协联合印发通知。", {"科技部", "教育部", "中国科协"}),
        (
            "中国石油大学（北京）、中国矿业大学（北京）的师生参加了活动。",
            {"中国石油大学（北京）", "中国矿业大学（北京）"},
        ),
        ("西门子（中国）有限公司副总裁介绍了案例。", {"西门子（中国）有限公司"}),
        ("内蒙古自治区包头市昆都仑区科协走访企业。", {"内蒙古自治区包头市昆都仑区科协"}),
        (
            "辽宁省沈阳市浑南区科协会同浑南区教育局举办青少年科技创新大赛。",
            {"辽宁省沈阳市浑南区科协", "浑南区教育局"},
        ),
        (
            "原省科协副主席、省老科协会长出席，华为技术有限公司高级副总裁致辞。",
            {"省科协", "省老科协", "华为技术有限公司"},
        ),
        ("要围绕县委县政府中心工作，落实省委省政府部署。", {"县委", "县政府", "省委", "省政府"}),
        ("太原理工大学、中原工学院参加。", {"太原理工大学", "中原工学院"}),
        # sentence verbs jieba tags as nouns (利用) end the sentence part; activity words in names stay
        ("充分利用华为公司的平台，深化中国科学院合作，落实省委部署。", {"华为公司", "中国科学院", "省委"}),
        (
            "北京国际交流中心、市农业技术指导站、省人才培训中心、重庆市预防医学会参加。",
            {"北京国际交流中心", "市农业技术指导站", "省人才培训中心", "重庆市预防医学会"},
        ),
        # conjunction after a full name splits two names
        ("平阳县科协和温州医科大学联合举办讲座。", {"平阳县科协", "温州医科大学"}),
    ],
)
def test_finds_fullest_names(text: str, expected: set[str]) -> None:
    assert set(orgs(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "科协组织在新时代要发挥更大作用，各级科协要围绕中心、服务大局。",
        "该公司积极推进企业科协建设，鼓励高校科协参与，现有会员120人。",
        "要深化科协改革，谋划好科协工作，加快“数字科协”建设。",
        "以人民为中心，做好中心工作，建设国际消费中心城市。",
        "他站在新的起点上，全部内部干部都到处走访，学会秘书处工作人员参加。",
        "抓好“一中心”（国家金融管理中心）建设。",
        "活动在朝阳区举办，共建创新联合体，建设服务中心。",
        "党和政府高度重视，坚持党旗所向。",
        "建设世界一流大学和国家重点实验室，推动高水平研究型大学发展，依托院士专家工作站。",
        "推动高校、科研院所和企业协同创新，拥有省级企业技术中心、省级工程技术研究中心等平台。",
        "巡展在乐山市科技馆开展，学员们参观了某某集团科技馆，展览走进县文化馆。",
        "据了解，该合作社成立于2015年，现有社员236户，全区现有科普学校3所。",
    ],
)
def test_no_false_orgs(text: str) -> None:
    assert orgs(text) == {}


def test_short_forms_link_to_the_fullest_name() -> None:
    found = orgs(
        "湖南省湘潭县金穗粮油农民专业合作社、湖南省土壤肥料学会、湘潭县科协共同召开座谈会。",
        "金穗合作社从生产端、土壤肥料学会从技术端分别发言，湘潭科协作总结。",
        "下一步，湖南省湘潭县金穗农民专业合作社将扩大试点。",
    )
    assert found == {
        "湖南省湘潭县金穗粮油农民专业合作社": ["金穗合作社", "湖南省湘潭县金穗农民专业合作社"],
        "湖南省土壤肥料学会": ["土壤肥料学会"],
        "湘潭县科协": ["湘潭科协"],
    }


def test_defined_abbreviation() -> None:
    found = orgs(
        "湖北省农业科学院（以下简称“省农科院”）与武汉市蔡甸区科协签订合作协议。省农科院将派出专家团队。"
    )
    assert found == {"湖北省农业科学院": ["省农科院"], "武汉市蔡甸区科协": []}
    found = orgs("深圳市腾讯计算机系统有限公司（以下简称腾讯公司）副总裁出席。腾讯公司表示支持。")
    assert found == {"深圳市腾讯计算机系统有限公司": ["腾讯公司"]}


def test_home_org_and_district_resolution() -> None:
    assert orgs("市科协召开学会工作会议。") == {"北京市科协": ["市科协"]}
    assert orgs("市科协召开会议。", settings=Settings(home_org="浙江省科协", home_region="浙江省")) == {
        "市科协": []
    }
    assert orgs("省科协召开会议。", settings=Settings(home_org="浙江省科协", home_region="浙江省")) == {
        "浙江省科协": ["省科协"]
    }
    found = orgs(
        "区政府与驻区企业座谈，区科协作交流发言。", title="朝阳区举办企业座谈会", attribution=("朝阳区科协",)
    )
    assert found == {"朝阳区政府": ["区政府"], "朝阳区科协": ["区科协"]}
    # with no district named, the relative form stays as written
    assert orgs("区政府与驻区企业座谈。") == {"区政府": []}


def test_relative_forms_follow_the_article_not_only_the_home() -> None:
    # an article about another province or city: its own 省科协 / 市科协, even with a Beijing home
    assert orgs("省科协联合浙江省农业科学院开展培训。", title="浙江省科协举办培训班") == {
        "浙江省科协": ["省科协"],
        "浙江省农业科学院": [],
    }
    assert orgs("市科协组织专家赴杭州市余杭区调研。", attribution=("杭州市科协",)) == {
        "杭州市科协": ["市科协"]
    }
    # the home region named as well: the home organization
    assert orgs("北京市科协召开会议，市科协主要负责同志出席。") == {"北京市科协": ["市科协"]}


def test_abbreviations_link_to_full_names() -> None:
    found = orgs("中国科学院与中国科学技术大学共建实验室。中科院将提供设备。")
    assert found == {"中国科学院": ["中科院"], "中国科学技术大学": []}


def test_title_prefix_party_body_is_not_an_org() -> None:
    assert orgs("区委副书记、区长刘某某主持会议。") == {}


def test_mentions_carry_the_fullest_name() -> None:
    art = Article(0, "金穗合作社获评示范社", ["湖南省湘潭县金穗粮油农民专业合作社获评国家级示范社。"])
    found, mentions = find_orgs(art, HOME)
    assert [o.name for o in found] == ["湖南省湘潭县金穗粮油农民专业合作社"]
    assert [(m.paragraph, m.text, m.entity) for m in mentions] == [
        (-1, "金穗合作社", "湖南省湘潭县金穗粮油农民专业合作社"),
        (0, "湖南省湘潭县金穗粮油农民专业合作社", "湖南省湘潭县金穗粮油农民专业合作社"),
    ]
    assert all(art.text_of(m.paragraph)[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("学会中心", "某省学会服务中心", True),
        ("顺义科协", "顺义区科协", True),
        ("某某公司", "北京某某农业股份有限公司", True),
        ("科学中心", "某省学会服务中心", False),
        ("上海市科学院", "上海市农业科学院", False),
        ("朝阳区科协", "海淀区科协", False),
        ("清华大学", "北京大学", False),
        ("北京大学", "北京农业大学", False),
        ("中科院", "中国科学院", True),
    ],
)
def test_is_short_form(short: str, full: str, expected: bool) -> None:
    from kexie.extract.orgname import default_places

    assert is_short_form(short, full, default_places()) is expected


def test_bad_input_never_raises() -> None:
    assert orgs() == {}
    assert orgs("（）“”", "（以下简称“”）", "•••公司") == {}


_ALPHABET = (
    "北京市区县省科协学会公司大学院部中心党支书记主席副长张王李刘（）“”、，。•·和与及以下简称0123456789年月日"
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=_ALPHABET, max_size=60), max_size=4), st.text(alphabet=_ALPHABET, max_size=30)
)
def test_any_text_gives_valid_records(paragraphs: list[str], title: str) -> None:
    """Never an exception; every mention's offsets point at its own text in the article."""
    art = Article(0, title, paragraphs, attribution=paragraphs[:1])
    found, mentions = find_orgs(art, HOME)
    people, per = find_persons(art)
    names = {o.name for o in found}
    for m in [*mentions, *per]:
        assert art.text_of(m.paragraph)[m.start : m.end] == m.text
    assert all(m.entity in names for m in mentions)
    assert {m.entity for m in per} <= {p.name for p in people}


def test_places_may_be_loc_mentions_or_names() -> None:
    """The pipeline passes the article's LOC mentions; a set of names works too."""
    from kexie.model import Mention

    art = Article(0, "", ["区政府与驻区企业座谈，区科协作交流发言。"], attribution=["朝阳区科协"])
    locs = [Mention("LOC", "朝阳", 0, 0, 2, "朝阳区")]
    by_mentions, _ = find_orgs(art, HOME, locs)
    by_names, _ = find_orgs(art, HOME, frozenset({"朝阳区", "朝阳"}))
    assert {o.name for o in by_mentions} == {o.name for o in by_names} == {"朝阳区政府", "朝阳区科协"}
