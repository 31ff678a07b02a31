"""`make grade`: quiet by default (header, progress, the table, one closing line; the grader's
own output in a log file), `-v` brings the output back; a readable table; Gradescope's order."""

import io
import json
import re

from submissions import REPO

from autograder.grade import local, report
from autograder.grade.main import total_points

TOTAL = total_points()  # the scheme's

# A results.json as the grader writes it, in pytest's file order (parts 1, 4, 3, ...).
RESULTS = {
    "score": 7.545455,
    "tests": [
        {
            "number": "4.1.1",
            "name": "QNetwork: the lecture's layers, parameter count and forward pass "
            "[frame-84-actions-6]",
            "score": 2.0,
            "max_score": 2.0,
            "status": "passed",
        },
        {
            "number": "1.1.10",
            "name": "bellman_backup_v: one synchronous backup of V [random-200s-3a-dense]",
            "score": 0.545455,
            "max_score": 0.545455,
            "status": "passed",
        },
        {
            "number": "3.2.1",
            "name": "epsilon_greedy: action frequencies [eps0.1]",
            "score": 0.0,
            "max_score": 1.0,
            "status": "failed",
        },
        {
            "number": "1.1.2",
            "name": "bellman_backup_v: one synchronous backup of V [racing-gamma0.9]",
            "score": 0.0,
            "max_score": 0.545455,
            "status": "failed",
        },
        {
            "number": "1.2.1",
            "name": "value_iteration: V^3 after exactly three backups (max_iters=3) "
            "[random-100s-4a-sparse-absorbing]",
            "score": 0.272727,
            "max_score": 0.272727,
            "status": "passed",
        },
        {"name": "Tests not run", "score": 0.0, "max_score": 4.727273, "status": "failed"},
    ],
}


def names_in(text: str) -> str:
    """The name column of a table, its wrapped lines joined: what a person reads."""
    lines = text.splitlines()
    start = next(line for line in lines if re.search(r"score / +max$", line)).index("test")
    column = [re.sub(r"\s+-?[\d.]+ / +[\d.]+$", "", line)[start:].strip() for line in lines]
    return " ".join(piece for piece in column if piece)


def test_table_wraps_full_names_rounds_scores_and_keeps_the_numbered_order():
    for width in (70, 100, 140):
        text = local.table(RESULTS, width=width)
        lines = text.splitlines()
        assert all(len(line) <= max(width, 70) for line in lines), text
        flat = names_in(text)
        for test in RESULTS["tests"]:  # every name whole, case id included
            assert test["name"] in flat, (test["name"], text)
        assert "0.545455" not in text and "0.55 / 0.55" in text and "0.27 / 0.27" in text
        order = [m.group(1) for m in re.finditer(r"^(?:ok|XX) +(\d[\d.]*)", text, re.M)]
        assert order == ["1.1.2", "1.1.10", "1.2.1", "3.2.1", "4.1.1"], text
        # parts in order, each with its subtotal; the total last
        heads = [m.group(1) for m in re.finditer(r"^ +(\d)\. \w+:", text, re.M)]
        assert heads == ["1", "3", "4"], text
        assert lines[-1].split()[:1] == ["TOTAL"] and lines[-1].endswith(f"7.55 /  {TOTAL:g}")
        # scores aligned: every " / " of a scored line in the same column
        columns = {line.rindex(" / ") for line in lines if re.search(r"\d / +\d+(\.\d+)?$", line)}
        assert len(columns) == 1, text


def test_people_rounding():
    assert [report.people(x) for x in (0.545455, 6.0, 1.5, 0.0, 114.999999, 0.272727)] == [
        "0.55",
        "6",
        "1.5",
        "0",
        "115",
        "0.27",
    ]


def test_progress_line_on_a_log_is_short():
    stream = io.StringIO()
    bar = local.Progress("expected data", stream)
    for k in range(1, 45):
        bar.message(f"[{k}/44] dp: mistake {k}")
    lines = stream.getvalue().splitlines()
    assert 3 <= len(lines) <= 5 and lines[-1].startswith("  expected data [44/44]"), lines


def graded_quietly(tmp_path, capfd, *extra):
    """`make grade` (local.main) of the blank dp.py stub alone: the other parts are missing
    and graded at once, so this costs one part's startup."""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "dp.py").write_text((REPO / "starter" / "dp.py").read_text())
    out = tmp_path / "results"
    assert local.main([str(folder), "--out", str(out), *extra]) == 0
    return capfd.readouterr(), out


def test_make_grade_is_quiet_and_logs_the_graders_output(tmp_path, capfd, monkeypatch):
    monkeypatch.delenv(local.VERBOSE_ENV, raising=False)
    captured, out = graded_quietly(tmp_path, capfd)
    printed = captured.out + captured.err
    lines = printed.splitlines()
    assert lines[0].startswith("Grading ") and "as Gradescope would" in lines[0]
    closing = lines[-1]
    assert closing.startswith(f"score 0 / {TOTAL:g}; graded in ") and "grade.log" in closing, (
        closing
    )
    # what a person reads: no pytest progress, no tracebacks, no grader log lines
    for noise in ("[100%]", "Traceback", "passed in", "failed in", "[grader]", "==="):
        assert noise not in printed, (noise, printed)
    log = (out / "grade.log").read_text()
    assert "%]" in log  # the hidden suite's pytest output went there
    results = json.loads((out / "results.json").read_text())
    numbers = [t["number"] for t in results["tests"] if "number" in t]
    keys = [tuple(int(p) for p in n.split(".")) for n in numbers]
    assert keys == sorted(keys) and keys[0][0] == 1 and keys[-1][0] == 5, numbers[:10]
    assert [n.split(".")[0] for n in numbers[::20]] == sorted(
        n.split(".")[0] for n in numbers[::20]
    )
    # the table shows every test, full name and case id
    shown = names_in(printed)
    for test in results["tests"]:
        assert test["name"] in shown, test["name"]


def test_make_grade_verbose_prints_the_graders_output(tmp_path, capfd, monkeypatch):
    monkeypatch.setenv(local.VERBOSE_ENV, "1")
    captured, out = graded_quietly(tmp_path, capfd)
    assert "%]" in captured.out + captured.err  # pytest's progress, on the terminal
    assert not (out / "grade.log").exists()
    assert "log:" not in captured.out.splitlines()[-1]
