"""Tests of bot.reports."""
