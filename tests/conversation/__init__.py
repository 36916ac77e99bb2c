"""Tests of bot.conversation."""
