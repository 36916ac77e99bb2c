"""Use cases without Flask: inbound SMS, the outbox and its worker, timers, meetings, paper answers,
retention, export, access, audit, users and rate limits, and the transport port the SMS edge implements.

Rule: imports bot.config, bot.store, bot.reports, bot.texts and bot.conversation, never Flask, Werkzeug or
Twilio, nor bot.sms, bot.web or bot.cli (a contract checks).
"""
