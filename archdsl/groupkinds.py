"""Kept for old imports: group kinds are read by :mod:`archdsl.infer.groups`."""

from __future__ import annotations

from archdsl.infer.groups import infer_group, read_group

__all__ = ["infer_group", "read_group"]
