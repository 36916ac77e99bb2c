"""Texts: the locale catalogues (python-i18n), languages, bilingual rendering, SMS segments and LIX, the
`flows check` rules and the staff texts.

Rule: imports bot.conversation only, never the store, the services or a web framework (a contract checks).
"""
