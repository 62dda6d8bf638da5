"""Per-thread state the fixes share while an entry renders: how many variables a
group called and printed, whether a sort key is being built, which item's names
and dates are being formatted."""

from __future__ import annotations

import threading

variables = threading.local()
