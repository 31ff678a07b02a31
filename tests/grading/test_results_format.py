"""results.json follows Gradescope's documented format; the validator rejects what it must."""

import json

import pytest

from autograder.grade import results

GOOD = {
    "score": 3.0,
    "execution_time": 1.5,
    "output": "summary",
    "output_format": "md",
    "visibility": "visible",
    "stdout_visibility": "hidden",
    "tests": [
        {
            "name": "t",
            "number": "1.1",
            "score": 3.0,
            "max_score": 3.0,
            "status": "passed",
            "output": "",
            "tags": ["dp"],
            "visibility": "after_due_date",
        }
    ],
    "leaderboard": [{"name": "return", "value": 1.0, "order": "desc"}],
}


def test_a_complete_document_is_valid():
    assert results.validate(json.loads(json.dumps(GOOD))) is not None


@pytest.mark.parametrize(
    "change",
    [
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
    ],
)
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


# -- strict JSON, whatever the strings hold -------------------------------------------------------
HOSTILE = (
    "printed: \ud800 lone high, \udfff lone low, NUL \x00, ESC \x1b[2J, C1 \x85\x9b, "
    "DEL \x7f, bidi \u202e, and a pair \ud83d\ude00"
)


def _strict_load(path):
    """results.json read as Gradescope must be able to read it: strict UTF-8, strict JSON."""
    return json.loads(
        path.read_bytes().decode("utf-8", "strict"),
        parse_constant=lambda name: pytest.fail(f"{name} in results.json"),
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(output="lone \ud800 surrogate"),
        lambda d: d["tests"][0].update(output="\udfff"),
        lambda d: d["tests"][0].update(name="name \udc80"),
        lambda d: d.update(extra_data={"parts": {"dp\ud800": 1.0}}),
        lambda d: d.update(extra_data={"parts": ["\ud800"]}),
        lambda d: d.update(extra_data={1: "integer key"}),
        lambda d: d.update(extra_data={"parts": {("dp",): 1.0}}),
        lambda d: d.update(extra_data={"seconds": float("inf")}),
        lambda d: d.update(extra_data={"seconds": float("nan")}),
        lambda d: d.update(extra_data={"array": object()}),
        lambda d: d.update(output="x" * (results.MAX_OUTPUT_CHARS + 1)),
        lambda d: d["tests"][0].update(output="x" * (results.MAX_OUTPUT_CHARS + 1)),
    ],
)
def test_anything_but_strict_json_is_rejected(change):
    document = json.loads(json.dumps(GOOD))
    change(document)
    with pytest.raises(results.InvalidResults):
        results.validate(document)


def test_hostile_text_is_cleaned_and_written_as_strict_json(tmp_path):
    ten_megabytes = "\x00\ud800`\x85" * 2_500_000 + "THE-END"
    document = json.loads(json.dumps(GOOD))
    document["output"] = HOSTILE
    document["tests"][0].update(name=HOSTILE, output=ten_megabytes)
    document["tests"].append(
        {"name": "t2", "score": 0.0, "max_score": 1.0, "status": "failed", "output": HOSTILE}
    )
    document["extra_data"] = {"student said": HOSTILE, "parts": {"dp": {"wall_seconds": 1.5}}}
    path = tmp_path / "results.json"
    results.write_atomic(path, document)
    written = _strict_load(path)
    results.validate(written)
    for value in (
        written["output"],
        written["tests"][0]["name"],
        written["tests"][1]["output"],
        written["extra_data"]["student said"],
    ):
        assert "lone high" in value and "\U0001f600" in value  # kept: the text and the pair
        assert not any(c in value for c in "\x00\x1b\x85\x9b\x7f\u202e")
    huge = written["tests"][0]["output"]
    assert len(huge) <= results.MAX_OUTPUT_CHARS and "not shown" in huge
    assert written["tests"][0]["score"] == 3.0 and written["score"] == 3.0
    assert document["tests"][0]["output"] is ten_megabytes  # the caller's document is untouched


def test_write_atomic_refuses_a_non_string_key_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "results.json"
    results.write_atomic(path, results.fallback("first"))
    with pytest.raises(results.InvalidResults):
        results.write_atomic(path, {"score": 1.0, "tests": [], "extra_data": {2: "two"}})
    assert _strict_load(path)["output"] == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]
