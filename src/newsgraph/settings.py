"""One Settings object, built once and passed down.

Precedence: explicit keyword / CLI flag > ``NEWSGRAPH_*`` environment variable > ``newsgraph.toml`` in the
working folder > defaults below.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError

MODELS = {"md": "en_core_web_md", "sm": "en_core_web_sm"}


@dataclass(frozen=True)
class Settings:
    model: str = "md"  # md | sm  (chosen by measurement, see docs/models.md)
    db: Path = Path("newsgraph.duckdb")
    actors_file: Path | None = None  # user dictionary merged over the built-ins
    max_record_bytes: int = 5_000_000  # per article / record
    max_file_bytes: int = 20_000_000_000  # per input file
    batch_size: int = 32
    workers: int = 1
    prefilter: bool = True  # parse only sentences that can hold an event
    languages: tuple[str, ...] = ("*",)  # languages stored ("*": all); events are coded in English only
    article_time_budget_s: float = 120.0  # an article still in the NLP stages after this long is a failure
    event_model: bool = True  # the learned event stage (docs/models.md); false = rules only
    article_model: bool = True  # skip the parse of long articles the article model calls non-political

    @classmethod
    def load(cls, config: Path | None = None, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        path = config or Path("newsgraph.toml")
        if path.is_file():
            try:
                values.update(tomllib.loads(path.read_text(encoding="utf-8")).get("newsgraph", {}))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"cannot read {path}: {exc}") from None
        names = {f.name: f for f in dataclasses.fields(cls)}
        for name in names:
            env = os.environ.get(f"NEWSGRAPH_{name.upper()}")
            if env is not None:
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - set(names)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return cls(**{k: _coerce(names[k].type, k, v) for k, v in values.items()})

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(kind: Any, name: str, value: Any) -> Any:
    kind = str(kind)
    try:
        if kind.startswith("Path"):
            return None if value in (None, "") else Path(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
        if kind.startswith("tuple"):
            return tuple(value.split(",")) if isinstance(value, str) else tuple(value)
        if name == "model" and value not in MODELS:
            raise ValueError(f"expected one of {', '.join(MODELS)}")
    except ValueError as exc:
        raise ConfigError(f"setting {name}={value!r}: {exc}") from None
    return value
