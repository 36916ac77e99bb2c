"""Hjulsamtal's benchmark: `make bench` (python -m bench). Not a test: nothing here is collected by pytest.

Rule: every load goes to 127.0.0.1 only, every loop is bounded in count and time, every process started
is stopped by its own id, and every phone number is from the synthetic range in bench.synthetic.
"""
