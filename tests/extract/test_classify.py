"""Event type and platforms from weighted cues; the packaged taxonomy equals the contract's."""

from __future__ import annotations

import json
from pathlib import Path

from kexie.extract.classify import OTHER, classify, taxonomy


def test_packaged_taxonomy_equals_the_shared_contract(shared_dir: Path) -> None:
    assert taxonomy() == json.loads((shared_dir / "contract" / "taxonomy.json").read_text("utf-8"))


def test_title_cues_decide_the_event_type() -> None:
    event, _, explain = classify("区科协举办科普讲座", ["讲座后，专家召开座谈交流。"])
    assert event == "科普活动"
    assert explain["event_type"]["choice"] == "科普活动"
    assert any("(标题)" in c for c in explain["event_type"]["cues"]["科普活动"])


def test_no_cue_is_other_and_no_platform() -> None:
    event, platforms, explain = classify("一则消息", ["今天天气很好。"])
    assert event == OTHER and platforms == []
    assert explain["platforms"]["choice"] == []


def test_platforms_listed_in_passing_do_not_count() -> None:
    body = [
        "党组书记主持党建工作会，各党支部书记述职，党员代表发言。",
        "通过搭建科学家精神宣教、前沿性学术交流、国际化科技交流等平台，加强党建引领。",
    ]
    event, platforms, _ = classify("市科协召开党建工作会", body)
    assert event == "会议" and platforms == ["党建"]


def test_every_choice_is_a_taxonomy_key() -> None:
    tax = taxonomy()
    for title in (
        "院士专家工作站揭牌",
        "专家赴果园开展技术指导",
        "学术年会召开",
        "培训班开班",
        "评选结果揭晓",
    ):
        event, platforms, _ = classify(title, ["正文。"])
        assert event in tax["event_types"] and not event.startswith("_")
        assert all(p in tax["platforms"] for p in platforms)
