"""One redaction for every secret the server holds.

Everything that leaves the API client (parsed answers, error messages, the ``x-pinterest-rid``
value), every audit entry and every log line passes through :data:`REDACTOR`. It knows each
secret in the forms an upstream could echo it back: as sent (a bearer token), form-encoded (a
posted refresh form) and as the HTTP Basic value of the app credentials. Tokens that a refresh
hands out are added the moment they arrive, so a rotated token is covered before it is first used.

Confirmation ids are not secrets towards the model (a tool returns them), but they must never
reach a log: :meth:`Redactor.for_logs` also hides ids the server issued and anything shaped like one.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "[redacted]"
# Shorter values are too likely to occur in ordinary text to be replaced everywhere.
MIN_SECRET_LEN = 6
# Logs also hide any credential in an Authorization-header shape, known or not.
_CREDENTIAL = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}|\b(basic\s+)[A-Za-z0-9+/]{16,}={0,2}")
# ``secrets.token_urlsafe(32)``: 43 URL-safe characters standing alone.
_CONFIRMATION_SHAPE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def _variants(secret: str) -> set[str]:
    out = {secret, quote_plus(secret), quote(secret, safe=""), json.dumps(secret, ensure_ascii=False)[1:-1]}
    return {v for v in out if len(v) >= MIN_SECRET_LEN}


def basic_value(user: str, password: str) -> str:
    """What ``Authorization: Basic`` carries for these credentials (without its padding)."""
    return base64.b64encode(f"{user}:{password}".encode()).decode().rstrip("=")


class Redactor:
    """Replaces known secrets in text and nested data (in logs, credential shapes too)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._log_only: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._log_pattern: re.Pattern[str] | None = None

    # -- what is secret ---------------------------------------------------------------------
    def add(self, *secrets: str | None) -> None:
        """Secrets hidden everywhere: results, errors, audit entries and logs."""
        fresh = set()
        for secret in secrets:
            if secret and len(secret) >= MIN_SECRET_LEN:
                fresh |= _variants(secret)
        with self._lock:
            if fresh - self._secrets:
                self._secrets |= fresh
                self._rebuild()

    def add_app(self, app_id: str | None, app_secret: str | None) -> None:
        """The app secret, and the Basic value it travels in to ``/oauth/token``."""
        if app_secret:
            self.add(app_secret, basic_value(app_id or "", app_secret))

    def add_log_only(self, *values: str | None) -> None:
        """Values a tool may return but no log may show (issued confirmation ids)."""
        fresh = {v for v in values if v and len(v) >= MIN_SECRET_LEN}
        with self._lock:
            if fresh - self._log_only:
                self._log_only |= fresh
                self._rebuild()

    def known(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def _rebuild(self) -> None:
        def alternation(values: Iterable[str]) -> re.Pattern[str] | None:
            ordered = sorted(values, key=len, reverse=True)
            return re.compile("|".join(re.escape(v) for v in ordered)) if ordered else None

        self._pattern = alternation(self._secrets)
        self._log_pattern = alternation(self._secrets | self._log_only)

    # -- applying it ------------------------------------------------------------------------
    def text(self, value: str) -> str:
        pattern = self._pattern
        return pattern.sub(MASK, value) if pattern is not None else value

    def for_logs(self, value: str) -> str:
        pattern = self._log_pattern
        if pattern is not None:
            value = pattern.sub(MASK, value)
        value = _CREDENTIAL.sub(lambda m: f"{m.group(1) or m.group(2)}{MASK}", value)
        return _CONFIRMATION_SHAPE.sub(MASK, value)

    def scrub(self, value: Any, *, logs: bool = False) -> Any:
        """``value`` with every string in it (keys included) redacted; other values as they are.

        One search over all its strings first: an answer with no secret in it (nearly every one)
        comes back as it is, without being rebuilt.
        """
        if not logs:
            flat = _flat(value)
            if not any(secret in flat for secret in self._secrets):  # substring tests run in C
                return value
        return self._scrub(value, logs=logs)

    def scrub_answer(self, raw: str, parsed: Any) -> Any:
        """``parsed`` (the JSON decoded from ``raw``) redacted. Without a backslash in ``raw`` its
        strings are verbatim slices of it, so one search of ``raw`` settles it; an answer with
        escapes (which could spell a secret in ``\\u`` form) gets the full scrub."""
        if "\\" not in raw and not any(secret in raw for secret in self._secrets):
            return parsed
        return self.scrub(parsed)

    def _scrub(self, value: Any, *, logs: bool) -> Any:
        clean = self.for_logs if logs else self.text
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, dict):
            return {(clean(k) if isinstance(k, str) else k): self._scrub(v, logs=logs) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._scrub(v, logs=logs) for v in value]
        return value


def _flat(value: Any) -> str:
    """All of ``value``'s text in one string, for one search (JSON with strings escaped, which is why
    every secret is also known in its JSON-escaped form)."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


REDACTOR = Redactor()
"""The process's one redactor: every secret the server holds is registered here."""
