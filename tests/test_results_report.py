"""The results pages: ``report.html`` of ``quizgen score`` and ``quizgen gain``'s comparison.

The demo class of ``tests/test_results.py`` (six trainees, five items; every
figure worked out by hand there) is the check before; ``demo-post-responses.csv``
is the check after, worked out by hand below. The pages are read as a person
would read them: the tables' cells, the figures' names, and, in a real browser,
axe-core's WCAG 2.1 AA audit at desktop and phone width, light and dark.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from quizgen.cli import main

DATA = Path(__file__).parent / "data" / "results"
DEMO = DATA / "demo.exam.yaml"
PRE, POST = DATA / "demo-responses.csv", DATA / "demo-post-responses.csv"


class Tables(HTMLParser):
    """Every table of a page by its caption: rows of cell texts (head row included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: str | None = None
        self.current: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "caption":
            self.caption = ""
        elif tag == "tr":
            self.current.append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.current[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.tables[self.caption or ""] = self.current
            self.caption, self.current = None, []

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.caption is not None and not self.current:
            self.caption += data


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def rows(html: str, caption: str) -> list[list[str]]:
    """The body rows of the table whose caption starts with *caption*."""
    found = [t for c, t in tables(html).items() if c.startswith(caption)]
    assert len(found) == 1, (caption, list(tables(html)))
    return found[0][1:]


@pytest.fixture(scope="module")
def checks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo class scored before and after, and compared."""
    out = tmp_path_factory.mktemp("checks")
    assert main(["score", str(DEMO), str(PRE), "-o", str(out / "pre")]) == 0
    assert main(["score", str(DEMO), str(POST), "-o", str(out / "post")]) == 0
    assert main(["gain", str(out / "pre"), str(out / "post"), "-o", str(out / "gain")]) == 0
    return {name: out / name for name in ("pre", "post", "gain")}


def report(checks: dict[str, Path], name: str = "pre") -> str:
    return (checks[name] / "report.html").read_text("utf-8")


# -- report.html of quizgen score: the demo class, figures of tests/test_results.py -----------


def test_summary_with_its_meaning(checks: dict[str, Path]) -> None:
    summary = {row[0]: row[1] for row in rows(report(checks), "The class on the whole exam")}
    # mean T 17/6 = 2.833 of 5 = 56.67 %; median 2.75 = 55 %; min 2 = 40 %; max 4.5 = 90 %
    assert summary == {
        "Trainees (n)": "6",
        "Items": "5",
        "Mean": "2.833 of 5 (56.7 %)",
        "Standard deviation": "0.85",
        "Median": "2.75 of 5 (55 %)",
        "Lowest": "2 of 5 (40 %)",
        "Highest": "4.5 of 5 (90 %)",
        "Reliability": "-0.096",
        "Standard error of measurement": "0.89",
        "Pass rate": "50 %",
    }
    meanings = [row[2] for row in rows(report(checks), "The class on the whole exam")]
    assert all(len(meaning) > 20 for meaning in meanings)
    assert "pass mark of 60 %" in meanings[-1]


def test_histogram_table_counts_each_band(checks: dict[str, Path]) -> None:
    # percents Dan 40, Ann 90, Fay 40, Ben 60, Eve 60, Cat 50
    bands = dict(rows(report(checks), "Trainees per score band"))  # type: ignore[arg-type]
    assert bands["40 to under 50"] == "2"  # Dan, Fay
    assert bands["50 to under 60"] == "1"  # Cat
    assert bands["60 to under 70"] == "2"  # Ben, Eve: 60 is in the band it starts
    assert bands["90 to 100"] == "1"  # Ann
    assert sum(int(count) for count in bands.values()) == 6


def test_item_and_mastery_tables(checks: dict[str, Path]) -> None:
    items = rows(report(checks), "Every item's figures")
    assert [row[:7] for row in items] == [
        ["1", "rd-first-words", "RD-1", "single", "0.5", "-0.209", "0.5"],
        ["2", "rd-listening", "RD-1", "multiple", "0.167", "0.674", "0.5"],
        ["3", "rd-ask-directly", "RD-2", "truefalse", "1", "none", "0"],
        ["4", "rd-lifeline", "RD-2", "single", "0.667", "0.189", "1"],
        ["5", "rd-plan", "RD-2", "essay", "0.5", "-0.433", "-0.25"],
    ]
    assert items[1][7] == "too hard, distractor draws the upper group"
    mastery = rows(report(checks), "Mastery by objective")
    assert mastery == [
        ["RD-1", "Choose the right first response.", "33.3", "16.7"],
        ["RD-2", "Know the facts of a crisis call.", "72.2", "83.3"],
    ]


def test_flagged_items_show_stem_flags_in_words_and_option_counts(
    checks: dict[str, Path],
) -> None:
    html = report(checks)
    # every demo item is flagged; the essay has no options to count
    assert re.findall(r'<h3 id="item-(\d)">', html) == ["1", "2", "3", "4", "5"]
    assert "<p>Which number reaches the Suicide &amp; Crisis Lifeline?</p>" in html
    assert "too easy: more than 90 % answered it right" in html  # item 3, p = 1
    assert "nobody chose wrong option 2" in html  # item 3: False
    assert "nobody chose wrong option 3" in html  # item 1: Say nothing.
    assert "chose wrong option 4" in html  # item 2: Arguing, 1 upper, 0 lower
    assert "r is below 0.20" in html  # item 4: r = 0.189
    # rd-lifeline: 988 (key) 4 chosen, 2 upper, 0 lower; 311 1,0,1; 411 1,0,1
    assert rows(html, "Item 4: options chosen") == [
        ["1", "988", "yes", "4", "2", "0"],
        ["2", "311", "no", "1", "0", "1"],
        ["3", "411", "no", "1", "0", "1"],
    ]
    assert "A written item" in html.split('id="item-5"')[1]


def test_every_plot_is_a_named_image_in_a_figure_with_its_table(checks: dict[str, Path]) -> None:
    for html in (report(checks), report(checks, "gain")):
        figures = re.findall(r"<figure>(.*?)</figure>\s*(<div[^>]*>\s*<table)?", html, re.S)
        assert figures
        for inside, table in figures:
            assert table, "a table of the same numbers follows each plot"
            svg = re.match(r'<svg role="img" aria-labelledby="([\w-]+)"', inside)
            assert svg, inside[:200]
            assert f'<title id="{svg.group(1)}">' in inside
            assert "<figcaption>" in inside
            assert "#01010" not in inside  # every placeholder colour became CSS
    assert len(re.findall("<figure>", report(checks))) == 3 + 4  # 4 flagged choice items


def test_the_same_results_give_the_same_pages(checks: dict[str, Path], tmp_path: Path) -> None:
    assert main(["score", str(DEMO), str(PRE), "-o", str(tmp_path / "pre")]) == 0
    assert (tmp_path / "pre" / "report.html").read_bytes() == (
        checks["pre"] / "report.html"
    ).read_bytes()
    assert main(["gain", str(checks["pre"]), str(checks["post"]), "-o", str(tmp_path / "g")]) == 0
    for name in ("gain.csv", "gain.json", "report.html"):
        assert (tmp_path / "g" / name).read_bytes() == (checks["gain"] / name).read_bytes()


def test_nothing_is_fetched(checks: dict[str, Path]) -> None:
    for html in (report(checks), report(checks, "gain")):
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.I)
        assert not re.search(r"<(script|link|img|iframe|object)\b|@import|url\((?!#)", html, re.I)


def test_bank_markup_shows_as_text(tmp_path: Path) -> None:
    bank = (DATA / "demo.bank.yaml").read_text("utf-8")
    bank = bank.replace(
        "stem: Which number reaches the Suicide & Crisis Lifeline?",
        "stem: 'Lifeline <script>window.pwned = 1</script> number?'",
    ).replace('- text: "311"', "- text: '<img src=x onerror=alert(1)>'")
    (tmp_path / "demo.bank.yaml").write_text(bank, "utf-8")
    (tmp_path / "demo.exam.yaml").write_text(DEMO.read_text("utf-8"), "utf-8")
    assert main(["score", str(tmp_path / "demo.exam.yaml"), str(PRE), "-o", str(tmp_path)]) == 0
    html = (tmp_path / "report.html").read_text("utf-8")
    assert "Lifeline &lt;script&gt;window.pwned = 1&lt;/script&gt; number?" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html and "<img" not in html


# -- quizgen gain: the demo class before and after --------------------------------------------
#
# demo-post-responses.csv, scored (RD-1 = FW, LS; RD-2 = TF, LL, PL):
#   Ann A  all right, PL 1      T 5   100 %  RD-1 100  RD-2 100
#   Ben B  all right, PL 0.5    T 4.5  90 %  RD-1 100  RD-2 2.5/3 = 83.3
#   Cat A  all right, PL 0      T 4    80 %  RD-1 100  RD-2 2/3 = 66.7
#   Dan B  LS wrong, PL 1       T 4    80 %  RD-1 50   RD-2 100
#   Eve A  LS blank, PL 0.5     T 3.5  70 %  RD-1 50   RD-2 83.3
#   Gus A  all right, PL 0      (only after)
# Fay sat only the check before. Matched, in the order of the check before:
# Dan, Ann, Ben, Eve, Cat.
#   before 40 90 60 60 50, mean 300/5 = 60; after 80 100 90 70 80, mean 420/5 = 84
#   g = (84 - 60) / (100 - 60) = 24/40 = 0.6
#   changes 40 10 30 10 30, mean 24; deviations 16 -14 6 -14 6, squares sum
#   256 + 196 + 36 + 196 + 36 = 720, sd = sqrt(720/4) = sqrt(180) = 13.416;
#   d = 24 / 13.416 = 1.789
# RD-1: before 50 100 50 0 0, mean 40; after 50 100 100 50 100, mean 80;
#   g = 40/60 = 0.667; changes 0 0 50 50 100, mean 40; deviations -40 -40 10 10 60,
#   squares 7000, sd = sqrt(1750) = 41.833, d = 0.956
# RD-2 (the rounded percents scores.csv holds): before 33.3 83.3 66.7 100 83.3,
#   mean 366.6/5 = 73.32; after 100 100 83.3 83.3 66.7, mean 433.3/5 = 86.66;
#   g = 13.34 / 26.68 = 0.5; changes 66.7 16.7 16.6 -16.7 -16.6, mean 13.34;
#   deviations 53.36 3.36 3.26 -30.04 -29.94, squares 4668.012, sd = sqrt(1167.003)
#   = 34.161, d = 13.34 / 34.161 = 0.390

GAIN_CSV = """\
trainee,pre,post,gain
Dan,40,80,40
Ann,90,100,10
Ben,60,90,30
Eve,60,70,10
Cat,50,80,30
"""

GAIN_JSON = {
    "n": 5,
    "only_pre": ["Fay"],
    "only_post": ["Gus"],
    "mean_pre": 60,
    "mean_post": 84,
    "g": 0.6,
    "d": 1.789,
    "notes": [],
    "objectives": {
        "RD-1": {"mean_pre": 40, "mean_post": 80, "g": 0.667, "d": 0.956, "notes": []},
        "RD-2": {"mean_pre": 73.3, "mean_post": 86.7, "g": 0.5, "d": 0.39, "notes": []},
    },
}


def test_gain_by_hand(checks: dict[str, Path]) -> None:
    assert (checks["post"] / "scores.csv").read_text("utf-8").splitlines()[1:] == [
        "Ann,A,5,5,100,pass,100,100",
        "Ben,B,4.5,5,90,pass,100,83.3",
        "Cat,A,4,5,80,pass,100,66.7",
        "Dan,B,4,5,80,pass,50,100",
        "Eve,A,3.5,5,70,pass,50,83.3",
        "Gus,A,4,5,80,pass,100,66.7",
    ]
    assert (checks["gain"] / "gain.csv").read_text("utf-8") == GAIN_CSV
    assert json.loads((checks["gain"] / "gain.json").read_text("utf-8")) == GAIN_JSON


def test_gain_report_tables(checks: dict[str, Path]) -> None:
    html = report(checks, "gain")
    summary = {row[0]: row[1] for row in rows(html, "The class before and after")}
    assert summary == {
        "Matched trainees (n)": "5",
        "Mean before": "60 %",
        "Mean after": "84 %",
        "Normalized gain g": "0.6",
        "Effect size d": "1.789",
    }
    assert rows(html, "Before and after, by objective") == [
        ["whole check", "60", "84", "24", "0.6", "1.789"],
        ["RD-1", "40", "80", "40", "0.667", "0.956"],
        ["RD-2", "73.3", "86.7", "13.3", "0.5", "0.39"],  # 13.34 shown to 1 decimal
    ]
    assert rows(html, "Each matched trainee's percent before")[0] == ["Dan", "40", "80", "40"]
    assert rows(html, "Each matched trainee's percent on each")[0] == [
        *("Dan", "50", "50", "33.3", "100"),
    ]
    assert "Only in the check before, left out: Fay." in html
    assert "Only in the check after, left out: Gus." in html


def write_check(folder: Path, scores: str) -> Path:
    """A folder as quizgen score leaves it, as far as quizgen gain reads it."""
    folder.mkdir()
    (folder / "scores.csv").write_text(
        "trainee,version,points,max_points,percent,result,RD-1\n" + scores, "utf-8"
    )
    (folder / "summary.json").write_text("{}\n", "utf-8")
    return folder


def gain(capsys: pytest.CaptureFixture[str], *args: Path) -> tuple[int, str, dict[str, Any]]:
    status = main(["gain", *map(str, args[:2]), "-o", str(args[2])])
    err = capsys.readouterr().err
    data = json.loads((args[2] / "gain.json").read_text("utf-8")) if status == 0 else {}
    return status, err, data


def test_full_marks_before_leave_g_undefined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre = write_check(tmp_path / "pre", "A,A,2,2,100,,100\nB,A,2,2,100,,100\n")
    post = write_check(tmp_path / "post", "A,A,1,2,50,,50\nB,A,2,2,100,,100\n")
    status, err, data = gain(capsys, pre, post, tmp_path / "out")
    assert (status, err) == (0, "")
    # changes -50 and 0: mean -25, sd sqrt(((-25)^2 + 25^2) / 1) = 35.355, d = -0.707
    assert (data["g"], data["d"], data["mean_pre"], data["mean_post"]) == (None, -0.707, 100, 75)
    assert data["notes"] == ["g: the mean before is already 100 %, so there was no room to gain."]
    html = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "no room to gain" in html


def test_the_same_change_for_all_leaves_d_undefined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre = write_check(tmp_path / "pre", "A,A,1,2,50,,50\nB,A,0,2,0,,0\n")
    post = write_check(tmp_path / "post", "B,A,1,2,50,,50\nA,A,2,2,100,,100\n")
    status, err, data = gain(capsys, pre, post, tmp_path / "out")
    assert (status, err) == (0, "")
    # mean 25 -> 75: g = 50/75 = 0.667; both gained 50: sd 0
    assert (data["g"], data["d"]) == (0.667, None)
    assert data["notes"] == ["d: every trainee's change is the same (sd 0)."]
    assert data["objectives"]["RD-1"]["d"] is None


def test_no_trainee_in_both_is_reported_at_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre = write_check(tmp_path / "pre", "A,A,1,2,50,,50\n")
    post = write_check(tmp_path / "post", "a,A,1,2,50,,50\n")
    status, err, _ = gain(capsys, pre, post, tmp_path / "out")
    assert status == 1
    assert err.startswith(f"{post / 'scores.csv'}:1: no trainee is also in {pre / 'scores.csv'}")


def test_bad_rows_are_reported_at_their_line_all_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre = write_check(tmp_path / "pre", "A,A,1,2,50,,50\nB,A,1,2,lots,,50\nA,A,1,2,5,,5\n")
    post = write_check(tmp_path / "post", "A,A,1,2,50,,50,extra\n")
    status, err, _ = gain(capsys, pre, post, tmp_path / "out")
    assert status == 1
    assert err.splitlines() == [  # sorted by file, then line
        f"{post / 'scores.csv'}:2: 8 cells where the header has 7",
        f"{pre / 'scores.csv'}:3: percent: not a percent from 0 to 100",
        f"{pre / 'scores.csv'}:4: trainee 'A' is here twice",
    ]


def test_a_folder_without_scores_is_a_usage_error(
    checks: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["gain", str(checks["pre"]), str(tmp_path), "-o", str(tmp_path / "out")])
    assert status == 2
    assert capsys.readouterr().err == (
        f"quizgen gain: {tmp_path} has no scores.csv or summary.json: "
        "give the folders quizgen score -o wrote\n"
    )
    assert not (tmp_path / "out").exists()


# -- in a real browser --------------------------------------------------------------------------

MODES = [(1280, "light"), (1280, "dark"), (375, "light"), (375, "dark")]


@pytest.mark.browser
@pytest.mark.parametrize("name", ["pre", "gain"])
@pytest.mark.parametrize(("width", "scheme"), MODES)
def test_pages_pass_axe_fit_a_phone_and_fetch_nothing(
    checks: dict[str, Path],
    new_tab: Callable[..., Any],
    axe: Callable[[Any], list[str]],
    name: str,
    width: int,
    scheme: str,
) -> None:
    tab = new_tab(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = tab.page
    page.goto((checks[name] / "report.html").as_uri())
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    images = page.get_by_role("img")
    assert images.count() == (7 if name == "pre" else 1)
    assert all(images.nth(i).get_attribute("aria-labelledby") for i in range(images.count()))
    assert page.get_by_role("heading", level=1).count() == 1
    assert (tab.requests, tab.errors) == ([], [])


@pytest.mark.browser
def test_the_plots_take_the_page_colours(
    checks: dict[str, Path], new_tab: Callable[..., Any]
) -> None:
    """A bar is the page's --plot-1 colour: dark blue on white, light blue on near-black."""
    colours = {}
    for scheme in ("light", "dark"):
        page = new_tab(color_scheme=scheme).page
        page.goto((checks["pre"] / "report.html").as_uri())
        bar = page.locator("#distribution ~ figure svg path[style*='--plot-1']").first
        colours[scheme] = bar.evaluate("element => getComputedStyle(element).fill")
    assert colours == {"light": "rgb(31, 95, 168)", "dark": "rgb(121, 176, 240)"}
