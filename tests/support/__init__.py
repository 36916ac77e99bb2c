"""Helpers the tests import (`from tests.support.<module> import ...`): constants, builders, fakes. No fixtures
here: those live in the conftest.py of the folder (or folders) that use them."""
