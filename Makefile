# Every entry point of the package. The targets build their own virtual environment, so on a
# fresh machine `make test` and `make grade` are the whole set-up.
# A system interpreter when it is new enough: the sandbox user must be able to run it, and
# pyenv's interpreters live under /root. Python >= 3.10 either way.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys; assert sys.version_info >= (3, 10)' \
            2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV   := .venv
PY     := $(VENV)/bin/python
SUBMISSION ?= solutions
# V=1: the grader's own output (pytest, the sandbox) on the terminal instead of in a log file.
V ?=
VERBOSE := $(if $(filter-out 0,$(V)),-v)

.PHONY: help test lint grade autograder handout regrade bench diagnosis clean

help:
	@echo "make test                      the package's own test suite (lint included)"
	@echo "make grade [SUBMISSION=path]   grade a folder of student files as Gradescope would (V=1: full log)"
	@echo "make autograder                build dist/autograder.zip for Gradescope"
	@echo "make handout                   build dist/handout.zip for students"
	@echo "make regrade SUBMISSIONS=dir   grade every student's sub-folder; CSV + HTML class report"
	@echo "make plots                     the pictures, drawn from the reference"
	@echo "make bench                     grading cost and speed figures (results/bench.json)"
	@echo "make diagnosis [ARGS=--bank]   caught / named / false diagnoses on held-out mistakes"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Test files run in parallel, one per core (at most 4: each grading holds a few hundred MB).
JOBS ?= $(shell $(PYTHON) -c 'import os; print(min(4, len(os.sched_getaffinity(0))))')

test: lint
	STUDENT_DIR=solutions $(PY) -m pytest -q -n $(JOBS) --dist loadfile

grade: $(VENV)/.installed
	@$(PY) -m autograder.grade.local $(VERBOSE) $(SUBMISSION)

autograder: $(VENV)/.installed
	@$(PY) -m autograder.grade.local --zip $(VERBOSE)

regrade: $(VENV)/.installed
	@test -n "$(SUBMISSIONS)" || (echo "usage: make regrade SUBMISSIONS=folder-with-one-subfolder-per-student"; exit 2)
	@$(PY) -m autograder.grade.regrade $(VERBOSE) $(SUBMISSIONS)

bench: $(VENV)/.installed
	$(PY) benchmarks/bench.py --readme

# Grades benchmarks/heldout (and with ARGS=--bank / --alternatives the mistake bank and the
# correct alternatives) through run_autograder: results/diagnosis.json and a table per part.
ARGS ?=
diagnosis: $(VENV)/.installed
	$(PY) benchmarks/diagnosis.py $(ARGS)

handout: $(VENV)/.installed
	$(PY) -m autograder.build.package handout

# The handout's `make plots`, drawn from the reference solutions into plots/.
.PHONY: plots
plots: $(VENV)/.installed
	@STUDENT_DIR=solutions $(PY) starter/tools/plots.py --out plots

clean:
	rm -rf build dist results
