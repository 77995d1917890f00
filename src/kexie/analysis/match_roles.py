"""The role an organization or person played in one activity, read from the article itself.

Who did the work matters more than who was named: the society in the subject of the first
sentence (「2月21日，X学会、Y合作社共同组织召开…」) or named as 牵头单位 led it; the units in the
closing attribution reported it; a person titled 教授 or 专家, or who 主讲/作报告, brought the
expertise; a 区长 who 主持会议 was there by office. Pure functions over text, mention offsets and
titles, keyed by whatever identifies an entity for the caller (an archive id or a name).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence

# Titles that name expertise rather than office. Source: general Chinese professional and academic
# titles (职称) and the roles bulletins give to invited experts.
EXPERT_TITLES = frozenset(
    [
        "教授",
        "副教授",
        "研究员",
        "副研究员",
        "助理研究员",
        "专家",
        "首席专家",
        "首席科学家",
        "科学家",
        "主讲人",
        "主讲嘉宾",
        "院士",
        "博士",
        "博士后",
        "博士生导师",
        "博导",
        "高级工程师",
        "正高级工程师",
        "工程师",
        "总工程师",
        "高级农艺师",
        "农艺师",
        "推广研究员",
        "主任医师",
        "副主任医师",
        "医师",
        "讲师",
        "技术总监",
        "专家组组长",
        "高级实验师",
        "科普专家",
        "科技特派员",
    ]
)
EXPERT_TITLE_PARTS = ("专家", "教授", "研究员", "工程师", "农艺师", "医师", "院士", "科学家", "博士")
# After a person's name: verbs of giving expertise (主讲, 作报告, 授课, 现场指导 …).
SPEAKER_CUE = re.compile(
    r"^.{0,12}?(主讲|讲授|授课|作了?.{0,12}报告|讲解|解读|宣讲|示范|现场指导|技术指导|答疑)"
)
# After an organization's name: it led the work (以X为技术牵头单位, X主办, X负责录制).
LEAD_CUE = re.compile(r"^.{0,8}?(牵头|主办|承办|负责(?!人))")
# After an organization's name: its people took part (X有关负责人表示, X专家团队, X代表).
PEOPLE_CUE = re.compile(r"^.{0,3}?(负责人|代表|专家|团队|科研人员|技术人员|工作人员)")
# The verb that ends the subject of a lead sentence: organizations named before it organized the activity.
SUBJECT_END = re.compile(
    r"召开|举办|举行|组织|开展|邀请|赴|到|走访|带队|牵头|主办|承办|联合|发布|启动|完成|在|与|和|围绕|深入|前往|来到"
)

ROLE_ORDER = ("lead", "unit", "expert", "partner", "official", "mentioned")  # = match_index.ROLES
# How each role reads to a user (CLI and web show the same words).
ROLE_NAMES = {
    "lead": "牵头/主办",
    "unit": "供稿单位",
    "expert": "专家/主讲",
    "partner": "参与单位",
    "official": "出席",
    "mentioned": "提及",
}
_RANK = {r: i for i, r in enumerate(ROLE_ORDER)}


def is_expert_title(title: str) -> bool:
    return title in EXPERT_TITLES or any(p in title for p in EXPERT_TITLE_PARTS)


def _stronger(a: str | None, b: str) -> str:
    return b if a is None or _RANK[b] < _RANK[a] else a


def _subject_end(paragraph: str) -> int:
    """Offset where the first sentence's subject ends (past a leading date clause)."""
    sentence_end = min((i for i in (paragraph.find("。"), len(paragraph)) if i >= 0), default=len(paragraph))
    start = paragraph.find("，") + 1 if re.match(r"^[\d月日年上下午前近]{2,16}，", paragraph) else 0
    m = SUBJECT_END.search(paragraph, start, sentence_end)
    return m.start() if m else sentence_end


def roles(
    title: str,
    paragraphs: Sequence[str],
    mentions: Iterable[tuple[Hashable, str, int, int, int]],
    titles: Mapping[Hashable, Sequence[str]],
    attribution: Iterable[Hashable] = (),
) -> dict[Hashable, str]:
    """Role of every entity in one article.

    `mentions`: (entity key, "ORG"|"PER", paragraph (-1 title), start, end);
    `titles`: person key → titles seen with the name; `attribution`: keys of the attribution units.
    """
    out: dict[Hashable, str] = {}
    subject_end = _subject_end(paragraphs[0]) if paragraphs else 0
    for key, typ, par, start, end in mentions:
        text = title if par == -1 else paragraphs[par] if 0 <= par < len(paragraphs) else ""
        after = text[end : end + 24]
        if typ == "ORG":
            if (par == 0 and start < subject_end) or LEAD_CUE.match(after):
                role = "lead"
            elif par <= 0 or PEOPLE_CUE.match(after):
                role = "partner"
            else:
                role = "mentioned"
        elif typ == "PER":
            ts = titles.get(key, ())
            if any(is_expert_title(t) for t in ts) or SPEAKER_CUE.match(after):
                role = "expert"
            elif ts:
                role = "official"
            else:
                role = "mentioned"
        else:
            continue
        out[key] = _stronger(out.get(key), role)
    for key in attribution:
        out[key] = _stronger(out.get(key), "unit")
    for key, ts in titles.items():  # a titled person the mentions missed
        if key not in out:
            out[key] = "expert" if any(is_expert_title(t) for t in ts) else "official"
    return out
