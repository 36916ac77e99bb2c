"""The test suite: one folder per package of bot/ (plus e2e/), shared helpers in tests.support."""
