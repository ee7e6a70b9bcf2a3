"""Benchmarks: figures and ratios printed, never asserted (run ``python -m benchmarks``)."""
