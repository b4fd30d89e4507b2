"""The one chart module (ADR 51): accessible SVG, Indonesian numbers, whole years, text
never over the data, the table and CSV behind every chart, gaps for missing values."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from django.template import Context, Template

from akkopsi.core.charts import (
    Chart,
    Marker,
    Rule,
    as_chart,
    bar_chart,
    histogram,
    line_chart,
    stacked_bar,
    year_position,
)
from akkopsi.core.charts.axes import nice_ticks, year_ticks
from akkopsi.core.charts.draw import Box, text_box

NS = "{http://www.w3.org/2000/svg}"
YEARS = list(range(2009, 2026))


def _tree(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # well-formed XML: every name is escaped


def _texts(chart: Chart) -> list[tuple[Box, str]]:
    out = []
    for t in _tree(chart).iter(f"{NS}text"):
        anchor = t.get("text-anchor", "start")
        x, y = float(t.get("x", 0)), float(t.get("y", 0))
        out.append((text_box(x, y, t.text or "", anchor), t.text or ""))
    return out


def _marks(chart: Chart) -> list[Box]:
    """The boxes of the data: bars, points, target diamonds and the lines' vertices."""
    root = _tree(chart)
    boxes = []
    for r in root.iter(f"{NS}rect"):
        x, y, w, h = (float(r.get(k, 0)) for k in ("x", "y", "width", "height"))
        if w > 0 and h > 0:
            boxes.append(Box(x, y, x + w, y + h))
    for c in root.iter(f"{NS}circle"):
        x, y = float(c.get("cx", 0)), float(c.get("cy", 0))
        boxes.append(Box(x - 4, y - 4, x + 4, y + 4))
    for p in root.iter(f"{NS}polygon"):
        pts = [tuple(map(float, xy.split(","))) for xy in (p.get("points") or "").split()]
        xs, ys = [a for a, _b in pts], [b for _a, b in pts]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys)))
    for p in root.iter(f"{NS}path"):
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", p.get("d", ""))]
        for x, y in zip(nums[::2], nums[1::2], strict=False):
            boxes.append(Box(x - 1, y - 1, x + 1, y + 1))
    return boxes


def _growth() -> Chart:
    counts: list[float | None] = [10, 40, 121, 225, 280, 300, 348, None, 420, 450, 470, 480]
    counts += [485, 488, 490, 491, 492]
    return line_chart(
        "Anggota AKKOPSI pada akhir setiap tahun",
        YEARS,
        {"Anggota": counts, "Median <rekan> & lainnya": [5.25] * len(YEARS)},
        y_label="kabupaten/kota",
        markers=[Marker(year_position(date(2015, 5, 19)), "rakor 19 Mei 2015")],
        targets={"target nasional": [(2030, 500.0)]},
    )


def _all() -> list[Chart]:
    return [
        _growth(),
        histogram(
            "Sebaran porsi APBD",
            [0.4, 1.2, 1.9, 2.0, 2.4, 3.3, 5.0],
            bins=[0, 1, 2, 3, 4, 5],
            markers=[Marker(2.0, "komitmen 2%")],
            percent=True,
            y_label="anggota",
        ),
        bar_chart(
            "Anggota per provinsi",
            ["Kalimantan Timur", "Kepulauan Bangka Belitung", "Jawa Barat"],
            [12, None, 27],
            y_label="anggota",
        ),
        stacked_bar(
            "Belanja per subsektor",
            ["2019", "2020", "2021"],
            {"Air limbah": [1.5, 2.25, 3], "Persampahan": [0.5, None, 1]},
            line=2,
            line_label="komitmen 2%",
            y_label="juta Rp",
        ),
        stacked_bar(
            "Kebutuhan per subsektor",
            ["Air limbah domestik", "Persampahan", "Drainase lingkungan"],
            {"Dana direncanakan": [10, 20, 5], "Kesenjangan": [3, 0, 8]},
        ),
    ]


def test_every_chart_is_titled_described_and_labelled_by_both() -> None:
    for chart in _all():
        root = _tree(chart)
        assert root.get("role") == "img"
        ids = (root.get("aria-labelledby") or "").split()
        assert ids == [f"{chart.ident}-t", f"{chart.ident}-d"]
        title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
        assert title is not None and title.get("id") == ids[0] and title.text == chart.title
        assert desc is not None and desc.get("id") == ids[1] and len(desc.text or "") > 20


def test_no_style_attributes_so_the_svg_is_inlined_under_the_strict_csp() -> None:
    for chart in _all():
        assert "style" not in chart.svg and "<script" not in chart.svg
        assert not any(e.get("style") for e in _tree(chart).iter())


def test_year_axes_are_whole_years_without_a_thousands_dot() -> None:
    labels = [t for _b, t in _texts(_growth()) if re.fullmatch(r"[\d.,]+", t)]
    years = [t for t in labels if len(t) == 4 and t.startswith("20")]
    assert years and all(re.fullmatch(r"20\d\d", y) for y in years)
    assert not any(t.startswith("2.0") or "," in t for t in labels)  # no 2010,5 or 2.010
    assert year_ticks(2010, 2012.5, 10).values == (2010.0, 2011.0, 2012.0)
    assert all(v.is_integer() for v in year_ticks(2009, 2025, 4).values)


def test_numbers_are_written_the_indonesian_way() -> None:
    chart = stacked_bar("Belanja", ["2019", "2020"], {"Air limbah": [1234.5, 2.25]})
    assert chart.rows == (("2019", "1.234,50"), ("2020", "2,25"))
    ticks = nice_ticks(0, 0.9)
    assert ticks.labels(percent=True)[:3] == ["0,00%", "0,25%", "0,50%"]
    assert "1.500" in [t for _b, t in _texts(chart)]  # the value axis: a dot between thousands


def test_no_text_lies_over_the_data_and_the_legend_is_outside_the_svg() -> None:
    for chart in _all():
        marks = _marks(chart)
        assert marks, chart.title
        for box, text in _texts(chart):
            hits = [m for m in marks if box.overlaps(m)]
            assert not hits, f"{chart.title}: '{text}' over the data"
        for item in chart.legend:  # the legend is HTML beside the plot, not in the SVG
            assert f">{item.label}<" not in chart.svg.replace("&amp;", "&")


def test_marker_label_stands_above_the_plot() -> None:
    chart = _growth()
    label = next(b for b, t in _texts(chart) if t == "rakor 19 Mei 2015")
    top_of_data = min(m.y0 for m in _marks(chart))
    assert label.y1 <= top_of_data
    assert "rakor 19 Mei 2015." in chart.description


def test_the_table_holds_the_data_and_missing_is_said_not_zero() -> None:
    chart = _growth()
    assert chart.header == ("Tahun", "Anggota", "Median <rekan> & lainnya", "target nasional")
    rows = {r[0]: r for r in chart.rows}
    assert rows["2012"][1:3] == ("225", "5,25") and rows["2012"][3] == ""
    assert rows["2016"][1] not in ("0", "") and rows["2016"][1] == chart.rows[7][1]
    assert rows["2030"] == ("2030", "", "", "500")  # a target beyond the data
    assert len(chart.rows) == len(YEARS) + 1


def test_none_is_a_gap_in_the_line_not_a_zero() -> None:
    chart = _growth()
    path = next(_tree(chart).iter(f"{NS}path")).get("d", "")
    assert path.count("M") == 2  # broken at 2016
    points = [c for c in _tree(chart).iter(f"{NS}circle")]
    assert len(points) == 2 * len(YEARS) - 1
    bars = bar_chart("x", ["A", "B"], [1, None])
    assert len([r for r in _tree(bars).iter(f"{NS}rect")]) == 1
    assert bars.raw == (("A", 1), ("B", None))


def test_csv_is_the_raw_table_and_a_data_link_downloads_it() -> None:
    chart = _growth()
    rows = list(csv.reader(io.StringIO(chart.csv)))
    assert rows[0] == list(chart.header)
    assert rows[1] == ["2009", "10", "5.25", ""]
    assert rows[8] == ["2016", "", "5.25", ""]  # missing: empty, never 0
    assert chart.csv_href.startswith("data:text/csv;charset=utf-8,")
    assert unquote(chart.csv_href.split(",", 1)[1]) == "\ufeff" + chart.csv
    assert chart.filename == "anggota-akkopsi-pada-akhir-setiap-tahun.csv"


def test_names_are_escaped() -> None:
    chart = bar_chart("<b>Judul</b>", ['Kota "A" <script>', "B & C"], [1, 2])
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert _tree(chart).find(f"{NS}title").text == "<b>Judul</b>"  # type: ignore[union-attr]


def test_histogram_counts_each_value_once() -> None:
    chart = _all()[1]
    assert [r[1] for r in chart.raw] == [1, 2, 2, 1, 1]  # 5.0 falls in the last, closed class
    assert chart.rows[0][0] == "0%–1%"


def test_a_chart_survives_json_as_frozen_in_a_bulletin() -> None:
    for chart in _all():
        again = as_chart(chart.to_json())
        assert again == chart
    legacy = '<svg xmlns="http://www.w3.org/2000/svg"><title>Lama</title></svg>'
    assert as_chart(legacy) == legacy and as_chart("") is None


@pytest.mark.parametrize("chart", _all(), ids=lambda c: c.title)
def test_the_include_shows_the_svg_legend_table_and_csv_link(chart: Chart) -> None:
    html = Template("{% load akkopsi %}{% chart c %}").render(Context({"c": chart}))
    assert html.count("<figure") == 1 and chart.svg in html
    assert '<details class="chart-data">' in html
    assert html.count("<tr>") == len(chart.rows) + 1
    assert f'download="{chart.filename}"' in html
    for item in chart.legend:
        assert f'fill="{item.color}"' in html or f'stroke="{item.color}"' in html
    assert ("chart-legend" in html) == bool(chart.legend)


def test_a_chart_published_before_adr_51_still_shows_as_an_image() -> None:
    legacy = '<svg xmlns="http://www.w3.org/2000/svg"><title>Anggota</title></svg>'
    html = Template("{% load akkopsi %}{% chart c %}").render(Context({"c": legacy}))
    assert '<img class="chart" alt="Anggota" src="data:image/svg+xml;base64,' in html


def test_rules_and_targets_are_named_in_the_legend() -> None:
    chart = line_chart(
        "Porsi APBD", [2020, 2021], {"porsi": [1.5, 2.5]}, percent=True, rules=[Rule(2, "2%")]
    )
    assert [(i.label, i.kind) for i in chart.legend] == [("porsi", "line"), ("2%", "rule")]
    assert [(i.kind) for i in _growth().legend] == ["line", "line", "marker"]


def test_a_chart_prints_in_a_pdf_without_its_table(tmp_path: Any, settings: Any) -> None:
    from pypdf import PdfReader

    from akkopsi.core.pdf import render_pdf

    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    (tmp_path / "c.html").write_text("{% load akkopsi %}<html><body>{% chart c %}</body></html>")
    pdf = render_pdf("c.html", {"c": _growth()})
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Anggota AKKOPSI pada akhir setiap tahun" in text  # the caption
    assert "rakor 19 Mei 2015" in text and "2015" in text  # text drawn in the SVG
    assert "Tabel data" not in text and "Unduh" not in text


def test_negative_parts_stack_below_zero_and_are_drawn() -> None:
    """Contributions may be negative (z-scores): drawn on the other side of zero, not lost."""
    for horizontal in (False, True):
        chart = stacked_bar(
            "Sumbangan",
            ["Kota A", "Kota B"],
            {"K1": [2, 1], "K2": [-1, 0.5]},
            horizontal=horizontal,
        )
        rects = [r for r in _tree(chart).iter(f"{NS}rect")]
        assert len(rects) == 4 and all(float(r.get("width", 0)) > 0 for r in rects)
        assert all(float(r.get("height", 0)) > 0 for r in rects)
        assert chart.rows[0] == ("Kota A", "2", "-1,0")
