"""Tests of bot.sms."""
