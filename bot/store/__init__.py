"""The store: every table (models.py), database engines and migrations (db.py), encryption at rest
(crypto.py), the SQL of one turn (conversations.py), key rotation and the log filters.

Rule: imports bot.texts and bot.conversation only, never Flask or the layers above (a contract checks).
"""
