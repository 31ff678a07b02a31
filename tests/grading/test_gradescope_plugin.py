"""The pytest plugin reads gradescope-utils' decorators and counts every non-pass as a failure."""

import pytest

from autograder import results
from autograder.gradescope_plugin import GradescopePlugin

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
    assert "setup broke" in setup["output"] and "during setup" in setup["output"]


def test_each_parametrized_case_is_its_own_test(entries):
    tests, _ = entries
    assert tests["Case check [a]"]["status"] == "passed"
    assert tests["Case check [b]"]["status"] == "failed"
    assert {tests["Case check [a]"]["number"], tests["Case check [b]"]["number"]} == {"2.1.1",
                                                                                      "2.1.2"}


def test_leaderboard_and_the_whole_results_are_valid(entries):
    tests, plugin = entries
    assert plugin.leaderboard == [{"name": "returns", "value": 42.5, "order": "desc"}]
    document = {"score": sum(t["score"] for t in tests.values()), "tests": list(tests.values()),
                "leaderboard": plugin.leaderboard, "execution_time": 1.0}
    results.validate(document)
