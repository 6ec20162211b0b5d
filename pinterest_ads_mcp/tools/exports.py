"""Analytics exports: a table kept in the state store for a day and read as a resource.

``get_analytics(format="csv")`` stores its rows here and answers with a resource link to
``pinterest-ads://exports/{id}.csv`` instead of the table, so a large report does not fill the
model's context; any MCP client (stdio or HTTP) reads the file with ``resources/read``. The id is
random and unguessable; an export expires after 24 hours.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError
from mcp_types import ResourceLink
from pydantic import BaseModel, Field

from .support.runtime import Runtime, runtime
from .support.writes import guard

EXPORT_URI = "pinterest-ads://exports/{export_id}.csv"
_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class ExportLink(BaseModel):
    uri: str = Field(description="Read it with resources/read (text/csv)")
    rows: int = Field(description="Data rows in the file (plus one header line)")
    bytes: int
    expires_at: str = Field(description="ISO 8601 UTC; the file is gone after this")


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """One header line, then the rows exactly as the structured result would carry them (None -> empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue()


def save_csv(rt: Runtime, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> ExportLink:
    content = to_csv(columns, rows)
    export_id = secrets.token_urlsafe(16)
    expires = guard(rt).store.save_export(export_id, content, media_type="text/csv")
    return ExportLink(
        uri=EXPORT_URI.format(export_id=export_id),
        rows=len(rows),
        bytes=len(content.encode()),
        expires_at=datetime.fromtimestamp(expires, tz=UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    )


def link_block(link: ExportLink, title: str) -> ResourceLink:
    return ResourceLink(
        type="resource_link",
        uri=link.uri,
        name=link.uri.rsplit("/", 1)[-1],
        title=title,
        mime_type="text/csv",
        size=link.bytes,
        description=f"{link.rows} rows; kept until {link.expires_at}",
    )


async def read_export(ctx: Context, export_id: str) -> str:
    """A CSV export made by get_analytics(format="csv")."""
    found = None
    store = guard(runtime(ctx)).store
    if _ID.match(export_id):
        found = store.load_export(export_id)
    if found is None:
        raise ResourceNotFoundError(
            f"export {export_id!r} does not exist or has expired (exports are kept for 24 hours); "
            'run get_analytics with format="csv" again'
        )
    return found[1]


def register(server: MCPServer) -> None:
    server.resource(
        EXPORT_URI,
        name="analytics_export",
        title="Analytics export (CSV)",
        mime_type="text/csv",
        description='A table exported by get_analytics(format="csv"), kept for 24 hours',
    )(read_export)
