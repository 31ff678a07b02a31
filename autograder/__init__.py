"""The grading harness: probes, the sandbox boundary, comparisons, and Gradescope's results.json."""
