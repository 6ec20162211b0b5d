"""Turning a tool's request into a plan: the launch tree, the friendly targeting model and its merge,
reading what exists, schedules, forecasts, and the before -> after wording of day-two changes.

Nothing here is a tool: the tool modules are the files directly under ``tools/``.
"""
