"""The README's points table is the grading scheme's, generated."""

from pathlib import Path

from autograder import scheme

README = Path(__file__).resolve().parents[2] / "README.md"


def test_points_table_matches_the_scheme():
    text = README.read_text()
    start = text.index("<!-- points-table:start -->\n") + len("<!-- points-table:start -->\n")
    end = text.index("<!-- points-table:end -->")
    assert text[start:end].strip() == scheme.points_table(), (
        "README's points table is stale: paste the output of `python -m autograder.scheme`"
    )


def test_readme_documents_the_commands_ci_runs():
    text = README.read_text()
    ci = (README.parent / ".ci" / "run").read_text()
    assert "make test" in ci and "make test" in text
    for command in ("make grade", "make autograder"):
        assert command in text
