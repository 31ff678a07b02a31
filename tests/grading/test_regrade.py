"""`make regrade`: every student graded in isolation; one line per student on the terminal, the
grader's output in a log per student, a CSV with per-part totals and named mistakes, and the
class report, checked in a real headless browser (Debian's chromium) against the CSV."""

import contextlib
import csv
import io
import re
import shutil
import statistics
import subprocess
from html.parser import HTMLParser

import pytest
from submissions import REPO, reference_source

from autograder.build import variants
from autograder.grade import regrade, report
from autograder.grade.main import total_points
from autograder.grade.report import Graded

MISTAKE = "in-place (Gauss-Seidel) backup"
STUDENTS = ["alice", "bob", "carol"]


@pytest.fixture(scope="module")
def regraded(tmp_path_factory):
    """Three made-up students with one part file each (the other parts are missing and cost
    nothing): alice the reference, bob the blank stub, carol the reference with a known
    mistake. Graded through `make regrade`'s entry point; what it printed is kept."""
    tmp = tmp_path_factory.mktemp("regrade")
    export = tmp / "export"
    for student, text in [
        ("alice", reference_source("dp.py")),
        ("bob", (REPO / "starter" / "dp.py").read_text()),
        ("carol", variants.source(variants.by_id("mistakes")["dp_in_place_backup"])),
    ]:
        (export / student).mkdir(parents=True)
        (export / student / "dp.py").write_text(text)
    out = tmp / "results"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert regrade.main([str(export), "--out", str(out), "--workers", "2"]) == 0
    with open(out / "regrade.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {"out": out, "printed": printed.getvalue(), "rows": rows, "tmp": tmp}


def test_regrade_prints_one_line_per_student_and_logs_the_rest(regraded):
    printed = regraded["printed"]
    lines = printed.splitlines()
    assert len(lines) <= 24, printed  # about a screen
    per_student = [line for line in lines if re.match(r"\[\d/3\] ", line)]
    assert sorted(line.split()[1] for line in per_student) == STUDENTS, printed
    line = {line.split()[1]: line for line in per_student}
    assert f"/ {total_points():g}" in line["alice"] and re.search(r"\d+ s ", line["alice"])
    assert MISTAKE in line["carol"] and "tests failed (1." in line["carol"]
    assert re.search(r" \d+ tests failed \(1\.\* 2\.\* 3\.\* 4\.\* 5\.\*\)$", line["bob"])
    for noise in ("[100%]", "Traceback", "[grader]", "passed in"):
        assert noise not in printed, noise
    for student in STUDENTS:
        log = (regraded["out"] / "regrade-logs" / f"{student}.log").read_text()
        assert "%]" in log, student  # the hidden suite's pytest output went there
    assert "regrade-report.html" in lines[-1]


def test_regrade_csv_has_part_totals_mistakes_and_the_numbered_order(regraded):
    rows = {row["student"]: row for row in regraded["rows"]}
    assert list(rows) == STUDENTS
    score = {student: float(row["score"]) for student, row in rows.items()}
    assert score["alice"] > score["carol"] > score["bob"] == 0
    parts = [key for key in regraded["rows"][0] if key.startswith("part ")]
    assert parts == [
        "part 1 dp",
        "part 2 td",
        "part 3 q_learning",
        "part 4 dqn",
        "part 5 reinforce",
    ]
    for row in rows.values():
        assert sum(float(row[p]) for p in parts) == pytest.approx(float(row["score"]))
        assert row["graded"] == "yes"
    assert float(rows["alice"]["part 1 dp"]) == pytest.approx(30)
    # the bank's name, and the property its in-place backup violates (as data, by its id)
    carol = rows["carol"]["named_mistakes"].split("; ")
    assert carol == [MISTAKE, "violated: bellman_backup_v.synchronous"], carol
    assert rows["alice"]["named_mistakes"] == ""
    tests = [key for key in regraded["rows"][0] if re.match(r"\d+\.\d+\.\d+ ", key)]
    keys = [tuple(int(p) for p in key.split()[0].split(".")) for key in tests]
    assert keys == sorted(keys) and len(keys) > 100
    mistakes = (regraded["out"] / "regrade-mistakes.txt").read_text()
    assert re.search(rf"^ +1  {re.escape(MISTAKE)}$", mistakes, re.M), mistakes


def test_regrade_api_counts_named_mistakes_once_per_student():
    graded = [
        Graded(
            "a",
            {
                "score": 1.0,
                "tests": [
                    {
                        "number": "1.1.1",
                        "name": "x",
                        "score": 0.0,
                        "max_score": 1.0,
                        "status": "failed",
                        "output": f"**Known mistake: {MISTAKE}.** explanation",
                    },
                    {
                        "number": "1.1.2",
                        "name": "x",
                        "score": 0.0,
                        "max_score": 1.0,
                        "status": "failed",
                        "output": f"header\n\n**Known mistake: {MISTAKE}.** explanation",
                    },
                ],
            },
        )
    ]
    assert report.mistake_counts(graded) == {MISTAKE: 1}
    # the grader's data, when results.json carries it, wins over the words
    as_data = {
        "number": "1.1.3",
        "name": "x",
        "score": 0.0,
        "max_score": 1.0,
        "status": "failed",
        "output": "",
        "extra_data": {"mistakes": ["dp_in_place_backup"]},
    }
    graded.append(Graded("b", {"score": 0.0, "tests": [as_data]}))
    assert report.mistake_counts(graded) == {MISTAKE: 2}
    assert graded[1].mistakes == [MISTAKE]
    # a violated property (autograder/grade/properties) is counted by its id
    as_data = {**as_data, "extra_data": {"properties": ["dqn_loss.squared_error"]}}
    graded.append(Graded("c", {"score": 0.0, "tests": [as_data]}))
    assert graded[2].mistakes == ["violated: dqn_loss.squared_error"]
    assert report.mistake_counts(graded)["violated: dqn_loss.squared_error"] == 1


def test_student_line_names_failed_checks_and_whole_parts():
    def test(number, passed):
        return {
            "number": number,
            "name": "x",
            "score": float(passed),
            "max_score": 1.0,
            "status": "passed" if passed else "failed",
            "output": "",
        }

    tests = [
        test("1.1.1", True),
        test("1.1.2", False),
        test("1.2.1", True),
        test("1.10.1", False),
        test("2.1.1", False),
        test("2.2.1", False),
        test("3.1.1", True),
    ]
    assert regrade.failed_checks(tests) == ["1.1", "1.10", "2.*"]
    line = regrade.student_line(
        Graded("\x1b[31mzoe", {"score": 3.0, "tests": tests}, 12.0), 2, 10, 8
    )
    assert line == (
        f"[ 2/10] ?[31mzoe      3 / {total_points():g}    12 s  4 tests failed (1.1 1.10 2.*)"
    ), line
    broken = Graded("max", {"score": 0.0, "tests": []}, 1.0, None, "the grading raised OSError")
    assert "DID NOT GRADE: the grading raised OSError" in regrade.student_line(broken, 1, 1, 3)


def test_named_mistakes_are_the_graders_not_the_students():
    """A student's exception text is shown in a fence: a forged mistake line there, or a name
    the bank does not have, is not counted."""
    forged = (
        f"`f` raised an exception:\n\n````\n**Known mistake: {MISTAKE}.** fake\n````\n\n"
        "**Known mistake: not a bank name.** fake"
    )
    assert report.named_mistakes(forged) == []
    assert report.named_mistakes(f"**Known mistake: {MISTAKE}.** real") == [MISTAKE]


def test_an_internal_error_of_the_grader_is_a_submission_that_did_not_grade():
    error = {
        "number": "1.1.1",
        "name": "x",
        "score": 0.0,
        "max_score": 1.0,
        "status": "failed",
        "output": "**x** (case `a`)\n\nThe grader hit an internal error while running "
        "this part (not your fault); please tell the course staff.",
    }
    printed = dict(
        error,
        number="1.1.2",
        output="Your code printed:\n\n```\nThe grader hit an internal error\n```",
    )
    assert report.internal_errors({"tests": [error, printed]}) == 1
    assert "internal error in 1 tests" in Graded("a", {"score": 0.0, "tests": [error]}).problem
    assert Graded("b", {"score": 0.0, "tests": [printed]}).problem == ""


def test_report_escapes_every_student_string(tmp_path):
    nasty = '<img src=x onerror="alert(1)">&"\''
    graded = [
        Graded(
            nasty,
            {
                "score": 3.0,
                "tests": [
                    {
                        "number": "1.1.1",
                        "name": "<b>check</b> [case]",
                        "score": 3.0,
                        "max_score": 3.0,
                        "status": "passed",
                        "output": "",
                    }
                ],
            },
            1.0,
            tmp_path / "<x>.log",
        ),
        Graded(
            "</table><script>x()</script>",
            {"score": 0.0, "tests": []},
            1.0,
            None,
            "the grading raised OSError: <script>y()</script>",
        ),
    ]
    page = report.html_report(graded, source="<export>")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;&#x27;" in page
    tags = Tags()
    tags.feed(page)
    # only the report's own markup, nothing that loads or runs anything
    assert tags.names <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "div",
        "code",
        "table",
        "tr",
        "th",
        "td",
        "span",
        "svg",
        "line",
        "rect",
        "text",
    }, tags.names
    assert not {"src", "href", "onerror", "onload"} & tags.attributes, tags.attributes


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names, self.attributes = set(), set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


# -- the class report in a real browser ------------------------------------------------------
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(
            "chromium is not installed, so the class report cannot be checked in a "
            "browser: install Debian's package (as root: apt-get install -y chromium; "
            ".ci/run does this)"
        )
    return found


class ReportNumbers(HTMLParser):
    """What the rendered page shows: the cards by id, each student's total, histogram bars."""

    def __init__(self):
        super().__init__()
        self.ids, self.totals, self.bars = {}, {}, []
        self._id = self._student = None
        self._in_total = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self._id = attrs["id"]
        if tag == "tr" and "data-student" in attrs:
            self._student = attrs["data-student"]
        if tag == "td" and "total" in (attrs.get("class") or "").split():
            self._in_total = True
        if tag == "rect" and "hist-bar" in (attrs.get("class") or ""):
            self.bars.append(int(attrs["data-count"]))

    def handle_data(self, data):
        if self._id and data.strip():
            self.ids[self._id] = data.strip()
            self._id = None
        if self._in_total and data.strip():
            self.totals[self._student] = data.strip()
            self._in_total = False


def test_class_report_renders_in_chromium_and_matches_the_csv(regraded):
    browser = chromium()
    page = regraded["out"] / "regrade-report.html"
    tmp = regraded["tmp"]
    shot = regraded["out"] / "regrade-report.png"
    flags = [*CHROMIUM_FLAGS, "--window-size=1200,1600"]
    subprocess.run(
        [
            browser,
            *flags,
            f"--user-data-dir={tmp / 'chromium-shot'}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    dom = subprocess.run(
        [browser, *flags, f"--user-data-dir={tmp / 'chromium-dom'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout

    # the screenshot: a real picture of the page, not a blank one
    assert shot.exists() and shot.stat().st_size > 20_000, "no screenshot, or a blank one"
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1200, 1600)
        raw = image.convert("RGB").resize((300, 400)).tobytes()
        pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
        non_white = sum(1 for p in pixels if min(p) < 235) / len(pixels)
        blue = sum(1 for r, g, b in pixels if b > 150 and r < 120 and g < 160)  # the bars
    assert non_white > 0.02 and blue > 50, (non_white, blue)
    print(f"screenshot: {shot}")

    # the numbers the browser shows are the CSV's
    assert "<svg" in dom and "Pass rate per check" in dom, dom[:500]
    shown = ReportNumbers()
    shown.feed(dom)
    rows = regraded["rows"]
    scores = [float(row["score"]) for row in rows]
    assert int(shown.ids["student-count"]) == len(rows) == 3
    assert shown.ids["mean-score"] == report.people(statistics.fmean(scores))
    assert shown.totals == {row["student"]: report.people(float(row["score"])) for row in rows}
    assert sum(shown.bars) == len(rows)
    assert int(shown.ids["failed-count"]) == 0
    assert MISTAKE in dom and "carol" in dom.split(MISTAKE, 1)[1].split("</tr>", 1)[0]
