"""What `make grade` and `make regrade` show a person: the score table, the regrade's CSV and its
class report (one self-contained HTML page).

Everything here reads results.json objects the grader wrote; nothing runs student code. Scores
are rounded for people (`0.55 / 0.55`); results.json and the CSV keep exact values. Tests are
always in Gradescope's order, part.check.case compared as numbers (parts 1..5).

The class report (`results/regrade-report.html`) needs no script and no external asset: a score
histogram (inline SVG), the mean per part, the pass rate of each check, the most common named
mistakes and who made them, the slowest submissions and the submissions that did not grade.
Every string that may come from a student (folder names above all) is HTML-escaped.
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import html
import re
import shutil
import statistics
import textwrap
from pathlib import Path

from autograder import scheme

PARTS = sorted(scheme.PARTS.values(), key=lambda part: part.number)
TOTAL_POINTS = sum(check.points for check in scheme.CHECKS if not check.reference_only)
NOT_RUN = "Tests not run"  # main.assemble's entry for points never reached
# feedback.known_mistake: "**Known mistake: NAME.** explanation", at the start of a line.
MISTAKE = re.compile(r"^\*\*Known mistake: (.+?)\.\*\*", re.MULTILINE)
FENCE = re.compile(r"^(`{3,}|~{3,})")
INTERNAL_ERROR = "The grader hit an internal error"  # plugin.py and session.py's words


@dataclasses.dataclass
class Graded:
    """One student of a regrade."""

    student: str
    results: dict  # the results.json the grader wrote (a zero when it could not grade)
    seconds: float = 0.0  # wall time of the whole grading, staging included
    log: Path | None = None  # the grader's output for this student
    error: str = ""  # why grading raised, "" when it returned results

    @property
    def score(self) -> float:
        return float(self.results.get("score", 0.0))

    @property
    def tests(self) -> list:
        return sort_tests(self.results.get("tests", []))

    @property
    def grader_seconds(self) -> float | None:
        value = self.results.get("execution_time")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def part_seconds(self) -> dict:
        parts = (self.results.get("extra_data") or {}).get("parts") or {}
        return {
            name: float(t.get("wall_seconds", 0.0))
            for name, t in parts.items()
            if isinstance(t, dict)
        }

    @property
    def problem(self) -> str:
        """Why this submission did not grade (in full), or "" when it did."""
        if self.error:
            return self.error
        if not self.results.get("tests"):
            return "no tests ran: " + _first_line(self.results.get("output", ""))
        if any(t.get("name") == NOT_RUN for t in self.results["tests"]):
            return "grading stopped before every test ran (time limit or grader error)"
        errors = internal_errors(self.results)
        if errors:
            return f"the grader hit an internal error in {errors} tests (see its log)"
        return ""

    @property
    def mistakes(self) -> list:
        """The named mistakes in this student's feedback, each once, in test order."""
        seen = []
        for test in self.tests:
            for name in test_mistakes(test):
                if name not in seen:
                    seen.append(name)
        return seen


# -- ordering and numbers for people ---------------------------------------------------------
def number_key(test: dict) -> tuple:
    """Gradescope's order: part.check.case as numbers; tests without a number come last."""
    number = str(test.get("number", ""))
    try:
        return (0, tuple(int(piece) for piece in number.split(".")))
    except ValueError:
        return (1, ())


def sort_tests(tests: list) -> list:
    return sorted(tests, key=number_key)  # stable: unnumbered tests keep their order


def part_number(test: dict) -> int | None:
    key = number_key(test)
    return key[1][0] if key[0] == 0 and key[1] else None


def people(value: float) -> str:
    """A score for people: at most two decimals, no trailing zeros (0.545455 -> 0.55)."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def part_totals(results: dict) -> list:
    """[(part, points, out of)] in part order; the out-of is the scheme's, so a part whose
    tests never ran still shows what it was worth."""
    got = collections.Counter()
    for test in results.get("tests", []):
        number = part_number(test)
        if number is not None:
            got[number] += float(test.get("score", 0.0))
    return [(part, got[part.number], part_points(part)) for part in PARTS]


def part_points(part) -> float:
    return sum(c.points for c in scheme.checks_of(part.name) if not c.reference_only)


def test_mistakes(test: dict) -> list:
    """The names of the known mistakes a test names: the grader's data (the ids the plugin
    writes to the test's extra_data["mistakes"]) when results.json carries it, else read from
    the feedback's words; then the properties it found violated (extra_data["properties"])."""
    extra = test.get("extra_data") or {}
    ids = extra.get("mistakes")
    if isinstance(ids, list):
        names = bank_names_by_id()
        named = [names.get(str(mistake_id), str(mistake_id)) for mistake_id in ids]
    else:
        named = named_mistakes(test.get("output", ""))
    # Violated properties (autograder/grade/properties) count alongside, by their ids.
    properties = extra.get("properties")
    if isinstance(properties, list):
        named += [f"violated: {prop}" for prop in properties]
    return named


def outside_fences(output: str) -> str:
    """A test's feedback without its code fences: the grader's words only (a student's own
    text, an exception or what the code printed, is shown only inside fences)."""
    kept, fence = [], None
    for line in str(output).splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            kept.append(line)
    return "\n".join(kept)


def internal_errors(results: dict) -> int:
    """How many tests the grader could not judge because it hit an internal error of its own
    (plugin.INTERNAL_ERROR, session's part error): its log says what went wrong."""
    return sum(
        INTERNAL_ERROR in outside_fences(test.get("output", ""))
        for test in results.get("tests", [])
    )


def named_mistakes(output: str) -> list:
    """The known mistakes a test's feedback names, outside code fences (where a student's own
    text is shown) and only names of the mistake bank when it can be read."""
    names = MISTAKE.findall(outside_fences(output))
    known = bank_names()
    return [name for name in names if known is None or name in known]


_BANK: list = []


def _bank() -> dict | None:
    """{id: name} of the mistake bank (autograder/build/mistakes), or None if unreadable."""
    if not _BANK:
        try:
            from autograder.build import expected

            _BANK.append({mistake.id: mistake.name for mistake in expected.load_mistakes()})
        except Exception:  # noqa: BLE001 - without the bank, every name the grader wrote counts
            _BANK.append(None)
    return _BANK[0]


def bank_names() -> set | None:
    bank = _bank()
    return None if bank is None else set(bank.values())


def bank_names_by_id() -> dict:
    return _bank() or {}


def _first_line(text: str) -> str:
    return (str(text).strip().splitlines() or [""])[0][:200]


def terminal_safe(text: str) -> str:
    """A student's folder name for a terminal: no control characters or escape sequences."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


# -- the score table of `make grade` -----------------------------------------------------------
def table(results: dict, width: int | None = None) -> str:
    """Every test with its number and full name (wrapped, never cut) and its score, grouped by
    part in the numbered order, each part with its subtotal, then the total."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
    tests = sort_tests(results.get("tests", []))
    numbers = [str(t.get("number", "")) for t in tests]
    num_w = max([len(n) for n in numbers] + [3])
    score_w = max([len(people(t["score"])) for t in tests] + [len(people(TOTAL_POINTS)), 5])
    max_w = max([len(people(t["max_score"])) for t in tests] + [len(people(TOTAL_POINTS)), 3])
    score_cell = score_w + 3 + max_w
    name_w = max(30, width - (2 + 1 + num_w + 1 + 1 + score_cell))
    indent = " " * (2 + 1 + num_w + 1)

    def row(mark, number, name, score, out_of):
        lines = textwrap.wrap(name, name_w, break_long_words=True, break_on_hyphens=False) or [""]
        cell = f"{score:>{score_w}} / {out_of:>{max_w}}" if out_of != "" else ""
        first = f"{mark:2} {number:<{num_w}} {lines[0]:<{name_w}} {cell}".rstrip()
        return "\n".join([first, *(indent + line for line in lines[1:])])

    out = [row("", "#", "test", "score", "max")]
    totals = {part.number: (got, of) for part, got, of in part_totals(results)}
    current = object()
    for test, number in zip(tests, numbers, strict=True):
        part = part_number(test)
        if part != current:
            current = part
            title = next(
                (f"{p.number}. {p.name}: {p.title}" for p in PARTS if p.number == part), "other"
            )
            got, of = totals.get(part, ("", ""))
            out.append("")
            out.append(
                row("", "", title, people(got) if got != "" else "", people(of) if of != "" else "")
            )
        mark = "ok" if test.get("status") == "passed" else "XX"
        out.append(
            row(
                mark,
                number,
                str(test.get("name", "")),
                people(test["score"]),
                people(test["max_score"]),
            )
        )
    out.append("")
    out.append(row("", "", "TOTAL", people(results.get("score", 0.0)), people(TOTAL_POINTS)))
    return "\n".join(out)


# -- the regrade's CSV --------------------------------------------------------------------------
def csv_rows(graded: list) -> list:
    """The CSV as rows: per student the total, per-part totals, the named mistakes, whether it
    graded, the time, then one column per test in Gradescope's order (exact scores)."""
    labels, keys = {}, {}
    for one in graded:
        for test in one.tests:
            label = f"{test.get('number', '')} {test.get('name', '')}".strip()
            labels.setdefault(label, number_key(test))
    names = sorted(labels, key=lambda label: labels[label])  # stable on ties
    head = [
        "student",
        "score",
        "max_score",
        *(f"part {part.number} {part.name}" for part in PARTS),
        "named_mistakes",
        "graded",
        "seconds",
        *names,
    ]
    rows = [head]
    for one in graded:
        scores = {
            f"{t.get('number', '')} {t.get('name', '')}".strip(): t.get("score", "")
            for t in one.tests
        }
        keys[one.student] = scores
        rows.append(
            [
                spreadsheet_safe(one.student),
                one.score,
                TOTAL_POINTS,
                *(round(got, 6) for _, got, _ in part_totals(one.results)),
                "; ".join(one.mistakes),
                "yes" if not one.problem else f"no: {one.problem}",
                round(one.seconds, 1),
                *(scores.get(name, "") for name in names),
            ]
        )
    return rows


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a folder named `=HYPERLINK(...)`)."""
    text = str(text)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(graded: list, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(csv_rows(graded))


def mistake_counts(graded: list) -> collections.Counter:
    """How many students each named mistake was seen for (once per student)."""
    counts = collections.Counter()
    for one in graded:
        counts.update(one.mistakes)
    return counts


def mistakes_text(graded: list) -> str:
    counts = mistake_counts(graded)
    if not counts:
        return "no named mistakes\n"
    lines = ["students  named mistake"]
    lines += [f"{count:8d}  {name}" for name, count in counts.most_common()]
    return "\n".join(lines) + "\n"


# -- the class report ---------------------------------------------------------------------------
def e(value) -> str:
    """HTML-escaped text (quotes too: it may sit in an attribute)."""
    return html.escape(str(value), quote=True)


STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330;
       margin: 24px auto; max-width: 1100px; padding: 0 16px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px;
     border-bottom: 1px solid #d8dce6; padding-bottom: 4px; }
.sub { color: #5b6475; margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #d8dce6; border-radius: 6px; padding: 10px 14px; min-width: 120px; }
.card .v { font-size: 22px; font-weight: 600; } .card .k { color: #5b6475; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eceef3;
         vertical-align: top; }
th { background: #f4f6fa; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { background: #e8ebf2; height: 10px; width: 160px; border-radius: 3px; display: inline-block;
       vertical-align: middle; margin-right: 6px; }
.bar > span { display: block; height: 10px; background: #3b6fd8; border-radius: 3px; }
.bar.low > span { background: #d8553b; }
.bad { color: #b3261e; } .muted { color: #5b6475; }
code { background: #f4f6fa; padding: 0 3px; border-radius: 3px; }
"""


def histogram_svg(scores: list, total: float, bins: int = 10) -> str:
    """Students per tenth of the points, as an inline SVG bar chart, with the mean marked."""
    counts = [0] * bins
    for score in scores:
        index = int(bins * max(0.0, min(score, total)) / total) if total else 0
        counts[min(index, bins - 1)] += 1
    width, height, left, bottom, top = 720, 252, 40, 40, 28
    plot_w, plot_h = width - left - 10, height - bottom - top
    tallest = max(counts + [1])
    slot = plot_w / bins
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="score histogram">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#5b6475"/>',
    ]
    ticks = range(tallest + 1) if tallest <= 10 else range(0, tallest + 1, max(1, tallest // 5))
    for tick in ticks:
        y = top + plot_h - plot_h * tick / tallest
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#eceef3"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#5b6475">{tick}</text>'
        )
    labels = []
    for i, count in enumerate(counts):
        bar_h = plot_h * count / tallest
        x = left + i * slot + 4
        y = top + plot_h - bar_h
        low, high = people(total * i / bins), people(total * (i + 1) / bins)
        parts.append(
            f'<rect class="hist-bar" data-count="{count}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{slot - 8:.1f}" height="{bar_h:.1f}" fill="#3b6fd8">'
            f"<title>{e(low)}-{e(high)} points: {count} students</title></rect>"
        )
        if count:  # drawn last, over the mean's line, with a white halo
            labels.append(
                f'<text x="{x + (slot - 8) / 2:.1f}" y="{y - 4:.1f}" font-size="12" '
                'text-anchor="middle" fill="#1d2330" stroke="#fff" stroke-width="3" '
                f'paint-order="stroke">{count}</text>'
            )
        parts.append(
            f'<text x="{x + (slot - 8) / 2:.1f}" y="{top + plot_h + 16}" font-size="11" '
            f'text-anchor="middle" fill="#5b6475">{10 * i}-{10 * (i + 1)}%</text>'
        )
    if scores and total:
        mean = statistics.fmean(scores)
        x = left + plot_w * min(mean, total) / total
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 12}" x2="{x:.1f}" y2="{top + plot_h}" '
            'stroke="#d8553b" stroke-width="2" stroke-dasharray="5,4"/>'
        )
        anchor = "start" if x < left + plot_w / 2 else "end"
        shift = 4 if anchor == "start" else -4
        parts.append(
            f'<text x="{x + shift:.1f}" y="{top - 16}" font-size="11" fill="#d8553b" '
            f'text-anchor="{anchor}">mean {e(people(mean))}</text>'
        )
    parts += labels
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" font-size="12" '
        f'text-anchor="middle" fill="#5b6475">share of the {e(people(total))} '
        "points</text></svg>"
    )
    return "\n".join(parts)


def _bar(fraction: float) -> str:
    fraction = max(0.0, min(1.0, fraction))
    low = " low" if fraction < 0.5 else ""
    return f'<span class="bar{low}"><span style="width:{100 * fraction:.0f}%"></span></span>'


def check_rows(graded: list) -> list:
    """Per check of the scheme, in number order: (number, title, students who passed every
    case, students graded on it, cases passed, cases run, mean points, points)."""
    stats = {}
    for one in graded:
        if one.problem and not one.results.get("tests"):
            continue
        per_check = collections.defaultdict(list)
        for test in one.tests:
            key = number_key(test)
            if key[0] != 0 or len(key[1]) < 2:
                continue
            per_check[key[1][:2]].append(test)
        for check_number, tests in per_check.items():
            entry = stats.setdefault(
                check_number,
                {"all": 0, "students": 0, "passed": 0, "cases": 0, "points": 0.0, "tests": tests},
            )
            passed = sum(t.get("status") == "passed" for t in tests)
            entry["students"] += 1
            entry["all"] += passed == len(tests)
            entry["passed"] += passed
            entry["cases"] += len(tests)
            entry["points"] += sum(float(t.get("score", 0.0)) for t in tests)
    rows = []
    for check_number in sorted(stats):
        entry = stats[check_number]
        sample = entry["tests"][0]
        title = re.sub(r" \[[^\]]*\]$", "", str(sample.get("name", "")))
        out_of = sum(float(t.get("max_score", 0.0)) for t in entry["tests"])
        rows.append(
            (
                ".".join(map(str, check_number)),
                title,
                entry["all"],
                entry["students"],
                entry["passed"],
                entry["cases"],
                entry["points"] / entry["students"],
                out_of,
            )
        )
    return rows


def html_report(graded: list, *, title: str = "Regrade: class report", source: str = "") -> str:
    scores = [one.score for one in graded]
    ok = [one for one in graded if not one.problem]
    failed = [one for one in graded if one.problem]
    mean = statistics.fmean(scores) if scores else 0.0
    median = statistics.median(scores) if scores else 0.0
    body = [f"<h1>{e(title)}</h1>"]
    if source:
        body.append(
            f'<p class="sub">Submissions from <code>{e(source)}</code>. Scores out of '
            f"{e(people(TOTAL_POINTS))} points; exact values are in regrade.csv.</p>"
        )

    def card(key, value, ident=""):
        attr = f' id="{ident}"' if ident else ""
        return (
            f'<div class="card"><div class="v"{attr}>{e(value)}</div>'
            f'<div class="k">{e(key)}</div></div>'
        )

    body.append(
        '<div class="cards">'
        + card("students", len(graded), "student-count")
        + card("graded in full", len(ok), "graded-count")
        + card("did not grade", len(failed), "failed-count")
        + card("mean score", people(mean), "mean-score")
        + card("median score", people(median), "median-score")
        + card("full marks", sum(abs(s - TOTAL_POINTS) < 1e-6 for s in scores), "full-marks")
        + "</div>"
    )

    body.append("<h2>Scores</h2>")
    body.append(histogram_svg(scores, TOTAL_POINTS))

    body.append(
        '<h2>Mean per part</h2><table><tr><th>part</th><th class="n">mean</th>'
        '<th class="n">out of</th><th></th></tr>'
    )
    for part in PARTS:
        values = [got for one in graded for p, got, _ in part_totals(one.results) if p is part]
        part_mean = statistics.fmean(values) if values else 0.0
        of = part_points(part)
        body.append(
            f"<tr><td>{part.number}. {e(part.name)}: {e(part.title)}</td>"
            f'<td class="n">{e(people(part_mean))}</td><td class="n">{e(people(of))}</td>'
            f"<td>{_bar(part_mean / of if of else 0)}</td></tr>"
        )
    body.append("</table>")

    body.append(
        "<h2>Pass rate per check</h2>"
        '<p class="sub">Students who passed every case of the check, and the share of '
        "cases passed, over the submissions the check ran on.</p>"
        '<table><tr><th>#</th><th>check</th><th class="n">passed every case</th>'
        '<th></th><th class="n">cases passed</th><th class="n">mean points</th></tr>'
    )
    for number, name, all_passed, students, passed, cases, points, out_of in check_rows(graded):
        body.append(
            f'<tr class="check" data-check="{e(number)}"><td>{e(number)}</td>'
            f"<td>{e(name)}</td>"
            f'<td class="n">{all_passed} / {students}</td>'
            f"<td>{_bar(all_passed / students if students else 0)}</td>"
            f'<td class="n">{100 * passed / cases if cases else 0:.0f}%</td>'
            f'<td class="n">{e(people(points))} / {e(people(out_of))}</td></tr>'
        )
    body.append("</table>")

    body.append("<h2>Most common named mistakes</h2>")
    who = collections.defaultdict(list)
    for one in graded:
        for name in one.mistakes:
            who[name].append(one.student)
    if who:
        body.append('<table><tr><th class="n">students</th><th>named mistake</th><th>who</th></tr>')
        for name, students in sorted(who.items(), key=lambda item: (-len(item[1]), item[0])):
            body.append(
                f'<tr class="mistake"><td class="n">{len(students)}</td>'
                f"<td>{e(name)}</td><td>{e(', '.join(students))}</td></tr>"
            )
        body.append("</table>")
    else:
        body.append('<p class="muted">No named mistake was seen.</p>')

    body.append(
        "<h2>Slowest submissions</h2>"
        "<p class=\"sub\">The grader's own time (results.json's execution_time) and each "
        "part's sandboxed run; the wall time includes staging.</p>"
    )
    timed = sorted(graded, key=lambda one: -(one.grader_seconds or one.seconds))[:10]
    body.append(
        '<table><tr><th>student</th><th class="n">grader</th><th class="n">wall</th>'
        + "".join(f'<th class="n">{part.number}. {e(part.name)}</th>' for part in PARTS)
        + "</tr>"
    )
    for one in timed:
        seconds = one.part_seconds
        grader = one.grader_seconds
        body.append(
            f"<tr><td>{e(one.student)}</td>"
            f'<td class="n">{"" if grader is None else f"{grader:.1f} s"}</td>'
            f'<td class="n">{one.seconds:.1f} s</td>'
            + "".join(
                f'<td class="n">{seconds[p.name]:.1f} s</td>'
                if p.name in seconds
                else '<td class="n muted">-</td>'
                for p in PARTS
            )
            + "</tr>"
        )
    body.append("</table>")

    body.append("<h2>Submissions that did not grade</h2>")
    if failed:
        body.append("<table><tr><th>student</th><th>why</th><th>log</th></tr>")
        for one in failed:
            body.append(
                f'<tr class="failed"><td>{e(one.student)}</td>'
                f'<td class="bad">{e(one.problem)}</td>'
                f"<td><code>{e(one.log or '')}</code></td></tr>"
            )
        body.append("</table>")
    else:
        body.append('<p class="muted" id="none-failed">Every submission graded in full.</p>')

    body.append(
        "<h2>Every student</h2><table><tr><th>student</th>"
        '<th class="n">total</th>'
        + "".join(f'<th class="n">{part.number}. {e(part.name)}</th>' for part in PARTS)
        + "<th>named mistakes</th></tr>"
    )
    for one in graded:
        cells = "".join(
            f'<td class="n">{e(people(got))}</td>' for _, got, _ in part_totals(one.results)
        )
        flag = ' class="bad"' if one.problem else ""
        body.append(
            f'<tr class="student" data-student="{e(one.student)}">'
            f"<td{flag}>{e(one.student)}</td>"
            f'<td class="n total">{e(people(one.score))}</td>{cells}'
            f"<td>{e('; '.join(one.mistakes))}</td></tr>"
        )
    body.append("</table>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_html(graded: list, path: Path, **kwargs) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_report(graded, **kwargs), encoding="utf-8")
