"""Probes: small trusted functions that call a module's functions on a case and return arrays.

One probe serves three uses: on `solutions/` it gives the expected outputs, on a submission (in the
sandbox) the actual ones, on a known-mistake variant the outputs that name the mistake. A probe
returns a dict of plain numpy arrays; it raises `ContractError` when the module breaks the
student-facing contract (a list where an array is asked, a mutated input).
"""
