"""`make bench`: what the reader waits for and what the author waits for, each next to its bare baseline.

A benchmark, not a test: it prints a table and writes bench/results.json (read by the site's
Performance page at build time); it never fails on a slow machine. See __main__.py for the figures.
"""
