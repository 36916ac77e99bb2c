"""Whole-system tests: the golden transcripts (tests/transcripts/*.yaml), the browser, real servers."""
