"""Bulletins written for kexie's own tests and examples (invented text, no real names).

Each is a `Bulletin` whose articles are the expected reconstruction; the fixtures
render it as PDF, DOCX and text in different layouts and the tests parse it back.
"""

from __future__ import annotations

from kexie.model import Article, Bulletin, Issue, Source

_SRC = Source("corpus", "0" * 64, "txt")


def _art(
    index: int, section: str | None, title: str, paragraphs: list[str], attribution: list[str]
) -> Article:
    return Article(index=index, title=title, paragraphs=paragraphs, section=section, attribution=attribution)


def spring_issue() -> Bulletin:
    """Masthead, three sections, a title wrapped over two lines, an article without attribution."""
    return Bulletin(
        _SRC,
        Issue(title="科协工作动态", number="2024年第3期", date="2024-03-08", year=2024),
        [
            _art(
                1,
                None,
                "市科协召开2024年度学会工作会议",
                [
                    "3月5日，市科协召开2024年度学会工作会议，总结上一年度学会工作，部署本年度重点任务。各市级学会负责同志参加会议。",
                    "会议指出，过去一年，各学会围绕中心、服务大局，在学术交流、科学普及、决策咨询等方面取得了新进展。会议要求，各学会要进一步加强自身建设，完善治理结构，提升服务能力，更好地团结引领广大科技工作者。",
                    "会上，五家学会作了交流发言。",
                ],
                [],
            ),
            _art(
                2,
                "学会动态",
                "青年科技工作者沙龙聚焦新材料与绿色制造 多家学会联合推动产学研深度对接",
                [
                    "3月6日，市材料学会联合市机械工程学会举办青年科技工作者沙龙，来自高校、科研院所和企业的40余名青年科技工作者参加活动。",
                    "与会人员围绕新材料研发、绿色制造工艺和成果转化等议题深入交流，并就建立常态化对接机制达成共识。",
                ],
                ["市材料学会", "市机械工程学会"],
            ),
            _art(
                3,
                "区科协动态",
                "东城区科协开展“科技助力社区”主题活动",
                [
                    "3月2日上午，东城区科协在和平里街道开展“科技助力社区”主题活动，设置健康咨询、防灾减灾、智能生活等6个互动展区，服务居民800余人次。",
                    "活动期间，科普志愿者向居民讲解了燃气安全和电动自行车充电安全知识，发放宣传资料1500余份。",
                ],
                ["东城区科协"],
            ),
            _art(
                4,
                "区科协动态",
                "南山区科协调研企业科协建设工作",
                [
                    "近日，南山区科协一行到辖区两家高新技术企业调研企业科协建设情况，与企业负责人和科技人员座谈交流。",
                    "区科协负责同志表示，将进一步发挥桥梁纽带作用，帮助企业对接学会资源，支持企业建立科协组织。",
                ],
                ["南山区科协"],
            ),
        ],
    )


def plain_issue() -> Bulletin:
    """No masthead date line, no sections: articles one after another."""
    return Bulletin(
        _SRC,
        Issue(year=2022),
        [
            _art(
                1,
                None,
                "县科协举办农业实用技术培训班",
                [
                    "11月8日，县科协联合县农业技术推广站举办农业实用技术培训班，邀请农业专家为60余名种植户讲授果树修剪和病虫害防治技术。",
                    "培训采取课堂讲授与田间示范相结合的方式，专家在示范园现场演示修剪要点，并解答种植户提出的问题。",
                ],
                ["县科协"],
            ),
            _art(
                2,
                None,
                "县青少年科技创新大赛落下帷幕",
                [
                    "11月12日，县第十届青少年科技创新大赛在县青少年活动中心落下帷幕，共评出一等奖作品12件。",
                    "大赛期间还举办了科技教师研讨会，交流科技教育经验。",
                ],
                [],
            ),
        ],
    )
