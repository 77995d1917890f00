"""A need as staff type it, turned into weighted concepts; and what to suggest when it says too little.

「我们的桃园想制定水肥一体化管理标准，需要土壤和果树方面的专家」 → concepts 桃园, 水肥一体化,
管理, 标准, 土壤, 果树, each with its synonyms from the table (桃园 → 大桃, 桃树 …; 水肥一体化 →
施肥, 灌溉 …). The words that only make the request (需要, 方面, 专家, 我们) are dropped: they
say who is asking, not what the work is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .match_index import MatchIndex
from .synonyms import Lexicon

# A synonym counts this much of the word the user wrote: related words widen recall, the
# user's own word still decides the order (chosen on benchmarks/match.py; 0.5-0.8 rank alike).
SYNONYM_WEIGHT = 0.6
MIN_NEED_CHARS = 2  # fewer meaningful characters than this: too short to match anything

# Words that phrase a request rather than name the work. Source: written here from the way
# requests to an association are worded (general function words and request verbs).
REQUEST_WORDS = frozenset(
    [
        "我们",
        "我",
        "我们的",
        "你们",
        "他们",
        "本",
        "本单位",
        "单位",
        "机构",
        "团队",
        "方面",
        "有关",
        "相关",
        "一些",
        "一下",
        "一位",
        "一名",
        "几位",
        "多位",
        "有",
        "需要",
        "需求",
        "寻找",
        "找",
        "找到",
        "想",
        "想要",
        "希望",
        "请",
        "请求",
        "恳请",
        "帮助",
        "帮忙",
        "协助",
        "推荐",
        "介绍",
        "对接",
        "联系",
        "邀请",
        "请教",
        "专家",
        "老师",
        "人员",
        "人才库",
        "能",
        "能够",
        "可以",
        "可否",
        "是否",
        "如何",
        "怎么",
        "怎样",
        "什么",
        "哪些",
        "谁",
        "哪里",
        "哪位",
        "问题",
        "事情",
        "事宜",
        "开展",
        "进行",
        "做",
        "搞",
        "做好",
        "搞好",
        "提供",
        "支持",
        "指点",
        "合作",
        "方面的",
        "的",
        "了",
        "和",
        "与",
        "及",
        "以及",
        "或",
        "或者",
        "等",
        "在",
        "对",
        "为",
        "把",
        "给",
        "关于",
        "针对",
        "围绕",
        "一个",
        "一套",
        "一场",
        "一次",
        "一系列",
        "系列",
        "这个",
        "那个",
        "这些",
        "那些",
        "其",
        "之",
        "所",
        "就",
        "也",
        "都",
        "还",
        "又",
        "很",
        "更",
        "我们想",
        "近期",
        "今年",
        "明年",
        "下一步",
        "目前",
        "现在",
        "准备",
        "计划",
        "打算",
        "拟",
        "要",
        "欲",
        "我司",
        "我村",
        "我镇",
        "我区",
        "我县",
        "我校",
        "我院",
        "区里",
        "市里",
        "县里",
        "村里",
        "镇里",
        "想办",
        "办",
        "举办",
        "搞个",
        "弄",
    ]
)

_SPLIT = re.compile(r"[\s\W_]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class Need:
    text: str  # as given, normalized
    terms: list[str]  # content words, in the order written
    concepts: list[list[tuple[str, float]]]  # per term: (term, 1.0) and its synonyms
    platforms: list[str]  # platforms the table's groups point at
    expansions: dict[str, list[str]] = field(default_factory=dict)  # term -> synonyms used

    @property
    def highlight_terms(self) -> list[str]:
        """Every word worth marking in a passage: the terms and their synonyms."""
        return list(dict.fromkeys(t for c in self.concepts for t, _ in c))


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits → ASCII), whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def meaningful_chars(text: str) -> int:
    return len(_CJK.findall(text)) + len(re.findall(r"[A-Za-z0-9]", text))


def parse_need(text: str, lexicon: Lexicon) -> Need:
    """Content terms of a need: table phrases first (longest match), jieba words for the rest."""
    import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict" on stderr
    norm = normalize(text)
    terms: list[str] = []
    rest: list[str] = []
    pos = 0
    for start, end, term in lexicon.find(norm):
        rest.append(norm[pos:start])
        terms.append(term)
        pos = end
    rest.append(norm[pos:])
    for piece in rest:
        for chunk in _SPLIT.split(piece):
            if not chunk:
                continue
            for w in jieba.lcut(chunk):
                if w in REQUEST_WORDS or (len(w) < 2 and w not in lexicon.by_term) or not w.strip():
                    continue
                terms.append(w)
    terms = [t for t in dict.fromkeys(terms) if t not in REQUEST_WORDS]
    concepts: list[list[tuple[str, float]]] = []
    expansions: dict[str, list[str]] = {}
    for t in terms:
        syn = lexicon.related(t)
        expansions[t] = syn
        concepts.append([(t, 1.0)] + [(s, SYNONYM_WEIGHT) for s in syn])
    return Need(norm, terms, concepts, lexicon.platforms(terms), expansions)


def suggestions(index: MatchIndex, lexicon: Lexicon, need_text: str = "", limit: int = 8) -> list[str]:
    """Words from the archive's own vocabulary to try instead: table terms the archive holds,
    those sharing a character with the need first, then the most frequent of each group."""
    held = {t: index.df(t) for t in lexicon.by_term}
    held = {t: n for t, n in held.items() if n > 0}
    chars = {c for c in _CJK.findall(need_text)} - set("的了和与在是我们要想有")
    out: list[str] = []
    if chars:
        near = [t for t in held if chars & set(t)]
        out.extend(sorted(near, key=lambda t: (-held[t], t))[:limit])
    best_of_group = []
    for g in lexicon.groups:
        present = [t for t in g.terms if t in held]
        if present:
            best_of_group.append(max(present, key=lambda t: held[t]))
    for t in sorted(dict.fromkeys(best_of_group), key=lambda t: -held[t]):
        if len(out) >= limit:
            break
        if t not in out:
            out.append(t)
    return out[:limit]
