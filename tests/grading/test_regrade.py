"""`make regrade`: every student graded in isolation; a CSV and the common named mistakes."""

import csv

from submissions import IN_PLACE_BACKUP, reference_source

from autograder.grade import regrade


def test_regrade_writes_a_csv_and_counts_named_mistakes(tmp_path):
    export = tmp_path / "export"
    (export / "alice").mkdir(parents=True)
    (export / "alice" / "dp.py").write_text(reference_source("dp.py"))
    (export / "bob").mkdir()
    (export / "bob" / "dp.py").write_text(reference_source("dp.py") + IN_PLACE_BACKUP)
    rows, mistakes = regrade.regrade(export, workers=2, log=lambda *_: None)
    scores = {student: results["score"] for student, results in rows}
    assert scores["alice"] > scores["bob"] > 0
    assert mistakes["in-place (Gauss-Seidel) backup"] == 1
    regrade.write_csv(rows, tmp_path / "out.csv")
    with open(tmp_path / "out.csv") as handle:
        table = list(csv.reader(handle))
    assert table[0][:2] == ["student", "score"] and [r[0] for r in table[1:]] == ["alice", "bob"]
    assert len(table[0]) == len(rows[0][1]["tests"]) + 2
