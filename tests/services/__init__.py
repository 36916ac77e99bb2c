"""Tests of bot.services."""
