"""What every tool call shares: the Runtime, money and error shapes, the Guard, progress, and the
lookups several tool families read (analytics rows, the metric table, campaigns by label).

Nothing here is a tool: the tool modules are the files directly under ``tools/``.
"""
