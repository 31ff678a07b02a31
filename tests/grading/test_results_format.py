"""results.json follows Gradescope's documented format; the validator rejects what it must."""

import json

import pytest

from autograder import results

GOOD = {
    "score": 3.0,
    "execution_time": 1.5,
    "output": "summary",
    "output_format": "md",
    "visibility": "visible",
    "stdout_visibility": "hidden",
    "tests": [{"name": "t", "number": "1.1", "score": 3.0, "max_score": 3.0,
               "status": "passed", "output": "", "tags": ["dp"], "visibility": "after_due_date"}],
    "leaderboard": [{"name": "return", "value": 1.0, "order": "desc"}],
}


def test_a_complete_document_is_valid():
    assert results.validate(json.loads(json.dumps(GOOD))) is not None


@pytest.mark.parametrize("change", [
    lambda d: d.pop("score") and d.update(tests=[]),
    lambda d: d.update(score="3"),
    lambda d: d.update(score=float("nan")),
    lambda d: d.update(execution_time="1 s"),
    lambda d: d.update(visibility="secret"),
    lambda d: d.update(output_format="pdf"),
    lambda d: d["tests"][0].update(status="ok"),
    lambda d: d["tests"][0].update(score=None),
    lambda d: d["tests"][0].update(number=1.1),
    lambda d: d["tests"][0].update(tags="dp"),
    lambda d: d["tests"][0].pop("score") and d["tests"][0].pop("status"),
    lambda d: d["leaderboard"][0].update(order="up"),
    lambda d: d["leaderboard"][0].update(value=float("inf")),
])
def test_malformed_documents_are_rejected(change):
    document = json.loads(json.dumps(GOOD))
    change(document)
    with pytest.raises(results.InvalidResults):
        results.validate(document)


def test_write_atomic_refuses_an_invalid_document_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "results.json"
    results.write_atomic(path, results.fallback("first"))
    with pytest.raises(results.InvalidResults):
        results.write_atomic(path, {"score": float("nan"), "tests": []})
    assert json.loads(path.read_text())["output"] == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]
