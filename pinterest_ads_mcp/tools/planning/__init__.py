"""Helpers the day-two write tools share (reading what exists, merging changes, wording before -> after).

Nothing here is a tool: the tool modules are the files directly under ``tools/``.
"""
