"""The mistake bank: one file per known mistake, `<part>_<slug>.py`.

Each file sets PART, NAME (a few words), EXPLANATION (one line that tells the student what to
fix), CAUGHT_BY (the check ids that must lose points for it) and redefines the reference's
functions as a student with that mistake would write them. The builder appends the file to the
reference module, so the redefined functions win, also where other reference functions call them.
No `from __future__` import in these files (it must stay at the top of the combined module).
"""
