"""Tests of bot.texts."""
