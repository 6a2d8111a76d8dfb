"""JSON for the wire: Hangul as UTF-8 (3 bytes a syllable) rather than \\uXXXX escapes
(6 bytes), and no spaces after separators."""

from __future__ import annotations

import json
from typing import Any


def dumps(obj: Any, **kwargs: Any) -> str:
    kwargs.setdefault("separators", (",", ":"))
    return json.dumps(obj, ensure_ascii=False, **kwargs)


def loads(text: str | bytes, **kwargs: Any) -> Any:
    return json.loads(text, **kwargs)
