"""pandas conveniences, imported only when ``.to_pandas()`` is called.

pandas is an optional extra (``pip install 'eblomlada[pandas]'``): ``import eblomlada`` never
imports it.
"""

from __future__ import annotations

from typing import Any, Sequence, Tuple

EXTRA_HINT = "pip install 'eblomlada[pandas]'"


def require_pandas() -> Any:
    """The pandas module, or an ImportError that names the extra to install."""
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - exercised with pandas hidden
        raise ImportError(
            f"to_pandas() needs pandas, an optional extra of eblomlada: {EXTRA_HINT}"
        ) from error
    return pandas


def typed_frame(columns: Sequence[Tuple[str, str, Sequence[Any], Any]]) -> Any:
    """A DataFrame from typed columns ``(name, kind, values, categories)``: ``kind`` is
    ``"category"`` (``values`` are codes into ``categories``, -1 for missing; ordered as the
    catalogue orders them), ``"Int64"``, ``"Float64"``, ``"boolean"`` (nullable) or ``"str"``."""
    pd = require_pandas()
    data = {}
    for name, kind, values, categories in columns:
        if kind == "category":
            data[name] = pd.Categorical.from_codes(values, categories=categories, ordered=True)
        elif kind == "str":
            data[name] = pd.Series(values, dtype=object if all(v is None for v in values) else None)
        else:
            data[name] = pd.array(values, dtype=kind)
    return pd.DataFrame(data, columns=[c[0] for c in columns])


def polars_frame(table: Any) -> Any:
    """A polars DataFrame of an object with ``__arrow_c_stream__``."""
    try:
        import polars
    except ImportError as error:  # pragma: no cover - exercised with polars hidden
        raise ImportError("to_polars() needs polars: pip install polars") from error
    return polars.DataFrame(table)
