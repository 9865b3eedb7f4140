"""The calculation core: plain Python, no Django.

Everything here is a pure function of its arguments, so it can be tested, benchmarked and reasoned
about without a database. Services in the Django apps load rows, call into this package and write the
results; nothing in here imports Django or any of the apps (a test enforces it with import-linter).
"""
