"""Logging on stderr only (stdout belongs to the stdio transport), with secrets redacted.

The redaction filter runs the process's one redactor (:mod:`..pinterest.redact`, the same that
cleans results, errors and audit entries) over every record before it is written: every secret
the server holds (tokens renewed since start included), anything that looks like a bearer or
Basic credential, and every confirmation id (issued ones, and anything shaped like one: the HTTP
transports log result chunks at DEBUG). A token that slips into a message or an exception text
never reaches a log line.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable

from ..pinterest.redact import MASK, REDACTOR

_STD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        secrets = [s for s in secrets if s]
        REDACTOR.add(*secrets)
        # Values too short for the shared redactor are still kept out of log lines.
        self.short = [s for s in secrets if len(s) >= 4 and s not in REDACTOR.known()]

    def redact(self, text: str) -> str:
        for secret in self.short:
            text = text.replace(secret, MASK)
        return REDACTOR.for_logs(text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if record.exc_info:
            # Render the traceback now so it can be redacted too.
            formatter = logging.Formatter()
            clean = clean + "\n" + self.redact(formatter.formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = clean, None
        # Structured extras (JSON mode prints them) are scrubbed too, nested values included.
        for key, value in list(vars(record).items()):
            if key not in _STD_ATTRS and not key.startswith("_"):
                setattr(record, key, self.scrub(value))
        return True

    def scrub(self, value: object) -> object:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.scrub(v) for v in value]
        return value


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any structured extras."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STD_ATTRS and not key.startswith("_"):
                payload[key] = value
        return json.dumps(payload, default=str)


def configure(level: str = "INFO", *, json_lines: bool = False, secrets: Iterable[str] = ()) -> None:
    """Send every log record to stderr, redacted, as text or JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactSecrets(secrets))
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Per-request chatter from the HTTP stack is noise at INFO.
    # The SSE writers log every chunk they send (results, confirmation ids) at DEBUG.
    for noisy in ("httpx2", "httpcore2", "uvicorn.access", "mcp.server.lowlevel.server", "sse_starlette",
                  "mcp.server.sse", "mcp.server.streamable_http"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
