"""The pytest plugin reads gradescope-utils' decorators and counts every non-pass as a failure;
a test's output is only what the grader wrote, never pytest's report of arguments and locals."""

import inspect
import io

import pytest
from forged_markdown import FORGED, assert_only_text

from autograder.grade import main, plugin, results
from autograder.grade.plugin import GradescopePlugin

SUITE = '''
import pytest
from gradescope_utils.autograder_utils.decorators import (
    hide_errors, leaderboard, number, partial_credit, tags, visibility, weight)


@weight(2)
@number("1.1")
@tags("easy", "dp")
def test_passes():
    """A passing test"""


@weight(3)
@number("1.2")
@visibility("after_due_date")
def test_fails():
    assert 1 == 2, "one is not two"


@partial_credit(4)
@number("1.3")
def test_partial(set_score=None):
    set_score(1.5)
    assert False, "partly right"


@weight(1)
@hide_errors("Something is off in part 2")
def test_hidden_error():
    assert False, "secret detail"


@weight(1)
def test_skipped():
    pytest.skip("not today")


@pytest.fixture
def broken():
    raise RuntimeError("setup broke")


@weight(1)
def test_setup_error(broken):
    pass


@weight(0.5)
@number("2.1")
@pytest.mark.parametrize("case", ["a", "b"])
def test_cases(case):
    """Case check"""
    assert case == "a"


@leaderboard("returns")
@weight(1)
def test_board(set_leaderboard_value=None):
    set_leaderboard_value(42.5)
'''


@pytest.fixture
def entries(pytester):
    pytester.makepyfile(test_suite=SUITE)
    plugin = GradescopePlugin()
    pytester.runpytest_inprocess("-p", "no:cacheprovider", plugins=[plugin])
    return {entry["name"]: entry for entry in plugin.tests()}, plugin


def test_weights_numbers_tags_and_visibility(entries):
    tests, _ = entries
    passed = tests["A passing test"]
    assert (passed["score"], passed["max_score"], passed["status"]) == (2.0, 2.0, "passed")
    assert passed["number"] == "1.1" and passed["tags"] == ["easy", "dp"]
    failed = tests["test_fails"]
    assert (failed["score"], failed["max_score"], failed["status"]) == (0.0, 3.0, "failed")
    assert failed["visibility"] == "after_due_date"
    assert "one is not two" in failed["output"]


def test_partial_credit_keeps_the_score_set_before_failing(entries):
    tests, _ = entries
    assert tests["test_partial"]["score"] == 1.5
    assert tests["test_partial"]["max_score"] == 4.0


def test_hide_errors_replaces_the_message(entries):
    tests, _ = entries
    assert tests["test_hidden_error"]["output"] == "Something is off in part 2"


def test_skips_and_setup_errors_count_as_failures(entries):
    tests, _ = entries
    assert tests["test_skipped"]["status"] == "failed" and tests["test_skipped"]["score"] == 0
    setup = tests["test_setup_error"]
    assert setup["status"] == "failed" and setup["score"] == 0
    assert "internal error" in setup["output"] and "during setup" in setup["output"]
    assert "setup broke" not in setup["output"]  # pytest's report goes to the log only


def test_each_parametrized_case_is_its_own_test(entries):
    tests, _ = entries
    assert tests["Case check [a]"]["status"] == "passed"
    assert tests["Case check [b]"]["status"] == "failed"
    assert {tests["Case check [a]"]["number"], tests["Case check [b]"]["number"]} == {
        "2.1.1",
        "2.1.2",
    }


def test_leaderboard_and_the_whole_results_are_valid(entries):
    tests, plugin = entries
    assert plugin.leaderboard == [{"name": "returns", "value": 42.5, "order": "desc"}]
    document = {
        "score": sum(t["score"] for t in tests.values()),
        "tests": list(tests.values()),
        "leaderboard": plugin.leaderboard,
        "execution_time": 1.0,
    }
    results.validate(document)


# -- what a failure shows: the grader's words only ------------------------------------------------
HOSTILE_SUITE = f"""
import pytest
from gradescope_utils.autograder_utils.decorators import weight

from autograder.grade.text import fenced

FORGED = {FORGED!r}


@weight(1)
def test_internal_error():
    expected = "SECRET-LOCAL-7f3a"
    values = [0.125, 0.25]
    raise ValueError("a grader bug " + str(len(values)) + FORGED)


@weight(1)
def test_assert_with_message():
    target_gradient = 2.8417
    assert target_gradient == 0.0, "**Check**: the target gradient is not zero."


@weight(1)
def test_assert_without_message():
    expected = 1234.5678
    assert expected == 0.0


@weight(1)
def test_grader_message_quotes_student_text():
    raise AssertionError("**Check** (case `a`)\\n\\nYour code printed:\\n\\n" + fenced(FORGED)
                         + "\\n\\nAFTER-THE-QUOTE")


@weight(1)
def test_huge_message():
    raise AssertionError("x" * 1_000_000)


@pytest.fixture
def exploding():
    secret = "SECRET-FIXTURE-91b2"
    raise KeyError(secret)


@weight(1)
def test_setup_fails(exploding):
    pass
"""


@pytest.fixture(params=["--assert=plain", "--assert=rewrite"])
def hostile(request, pytester):
    """The suite under main.py's `--assert=plain`, and under pytest's default rewriting (its
    file is not named test_*.py, so this outer pytest's own rewriting leaves it alone)."""
    pytester.makepyfile(check_hostile=HOSTILE_SUITE)
    log = io.StringIO()
    grader = GradescopePlugin(log=log)
    pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-o", "python_files=check_*.py", request.param, plugins=[grader]
    )
    tests = {entry["name"]: entry for entry in grader.tests()}
    assert len(tests) == 6
    return tests, log.getvalue()


def test_an_internal_error_shows_no_locals_and_goes_to_the_log(hostile):
    tests, log = hostile
    output = tests["test_internal_error"]["output"]
    assert output == plugin.INTERNAL_ERROR.format(phase="")
    for secret in ("SECRET-LOCAL-7f3a", "0.125", "FORGED", "ValueError", "Traceback"):
        assert secret not in output
    assert "SECRET-LOCAL-7f3a" in log and "test_internal_error" in log


def test_a_setup_error_shows_no_locals(hostile):
    tests, log = hostile
    output = tests["test_setup_fails"]["output"]
    assert "during setup" in output and "SECRET-FIXTURE-91b2" not in output
    assert "SECRET-FIXTURE-91b2" in log


def test_an_assertion_shows_its_message_and_not_the_compared_values(hostile):
    tests, _ = hostile
    assert tests["test_assert_with_message"]["output"] == (
        "**Check**: the target gradient is not zero."
    )
    assert tests["test_assert_without_message"]["output"] == plugin.NO_MESSAGE


def test_student_text_in_a_failure_stays_text(hostile):
    tests, _ = hostile
    assert_only_text(
        tests["test_grader_message_quotes_student_text"]["output"], must_remain=("AFTER-THE-QUOTE",)
    )


def test_a_test_output_is_capped(hostile):
    tests, _ = hostile
    output = tests["test_huge_message"]["output"]
    assert len(output) <= results.MAX_OUTPUT_CHARS and "not shown" in output


def test_the_grader_runs_pytest_without_assertion_rewriting():
    assert '"--assert=plain"' in inspect.getsource(main.main)
