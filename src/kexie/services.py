"""The use cases: the one place that knows the pipeline's order.

read → reflow → extract → store, and the read side (search, profiles, reports, matching).
CLI and web call these functions and nothing deeper.
"""

from __future__ import annotations
