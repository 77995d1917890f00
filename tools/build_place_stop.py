"""Write src/kexie/extract/data/place_stop.txt: division names that are everyday words.

A division's short form (合作 for 合作市, 光明 for 光明区) or even full name (城区, 郊区)
can be an ordinary word. jieba's public dictionary (dict.txt: word, frequency, part of
speech) says which: a name jieba knows as a frequent word that is not tagged as a place
name (ns) is stopped, plus a few place-tagged words that are mostly verbs or adjectives
in bulletin prose (written here). Run: .venv/bin/python tools/build_place_stop.py
"""

from __future__ import annotations

import os
from pathlib import Path

import jieba

from kexie.extract import places

OUT = Path(__file__).resolve().parents[1] / "src/kexie/extract/data/place_stop.txt"
MIN_FREQ = 100  # below this, jieba's non-place reading is rare enough to accept the place
ALWAYS = [
    "大兴",  # 大兴调查研究 (a common political phrase) far more often than 大兴区 without 区
    "新建",
    "新区",
    "城区",
    "郊区",
    "矿区",
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "城中",
    "城东",
    "城西",
    "城南",
    "城北",
    "市中",
    "江南",
    "长安",
    "东方",
    "新华",
    "新城",
    "前进",
    "向阳",
    "红旗",
    "胜利",
    "团结",
    "友谊",
    "兴业",
    "先锋",
    "永安",
    "开发",
    "高新",
    "平安",
    "和平",
    "太平",
    "安宁",
    "新兴",
    "建设",
    "东山",
    "西山",
    "南山",
    "北山",
    "中山",
    "城关",
    "河东",
    "河西",
    "江北",
    "江东",
    "桥东",
    "桥西",
    "铁东",
    "铁西",
    "普陀",
    "宝山",
    "白云",
    "青山",
    "金山",
    "龙华",
    "海州",
    "西湖",
    "东湖",
    "南湖",
    "永定",
    "通道",
    "大方",
    "合作",
    "光明",
    "文化",
    "和县",
    "沙县",
    "盐池",
    "大同",
    "大通",
    "吉安",
    "安康",
    "长寿",
    "万年",
    "新乡",
]
# Place names known well enough that their everyday reading is the rarer one.
KEEP = set(
    [
        "常熟",
        "平遥",
        "高密",
        "库车",
        "龙口",
        "河间",
        "海盐",
        "和田",
        "弥勒",
        "无为",
        "临清",
        "宝应",
        "新野",
        "定远",
        "镇远",
        "湖里",
        "大理",
        "恩施",
        "大同",
        "吉安",
        "安康",
        "新乡",
        "中山",
        "宝山",
        "普陀",
        "西湖",
        "南山",
        "龙华",
        "长安",
        "城关",
        "江北",
        "白云",
        "金山",
        "青山",
    ]
)


def main() -> None:
    OUT.write_text("", "utf-8")
    places._gazetteer.cache_clear()
    g = places._gazetteer()
    # Only county-level short forms: full names carry their suffix, and prefecture and
    # province names are what bulletins mean when they write them (jieba tags some as nr).
    names = {d.short for d in g.by_code.values() if d.level == 3 and d.short} | set(ALWAYS)
    freq: dict[str, tuple[int, str]] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            w, n, tag = line.split()
            if w in names:
                freq[w] = (int(n), tag)
    stop = {w for w, (n, tag) in freq.items() if n >= MIN_FREQ and not tag.startswith(("ns", "nr", "nt"))}
    stop = (stop | set(ALWAYS)) - KEEP
    header = __doc__.strip().splitlines()
    OUT.write_text("\n".join(["# " + h for h in header] + sorted(stop)) + "\n", "utf-8")
    print(f"{len(stop)} stop words → {OUT}")


if __name__ == "__main__":
    main()
