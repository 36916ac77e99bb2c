"""Log filters that keep personal data out of logs. Rule: a log line never holds a number or a text.

SQLAlchemy's engines are made with hide_parameters=True (bound values never logged), but at DEBUG its
engine logger also writes every result row, decrypted: those records are rewritten to say only that a
row was read.
"""

from __future__ import annotations

import logging

ENGINE_LOGGER = "sqlalchemy.engine.Engine"


class HideResultRows(logging.Filter):
    """Replace SQLAlchemy's `Row (...)` debug records by `Row [hidden]`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, without the row's values."""
        if isinstance(record.msg, str) and record.msg.startswith("Row "):
            record.msg, record.args = "Row [values hidden]", ()
        return True


def install() -> None:
    """Add the filters once per process (idempotent)."""
    logger = logging.getLogger(ENGINE_LOGGER)
    if not any(isinstance(f, HideResultRows) for f in logger.filters):
        logger.addFilter(HideResultRows())
