"""pandas conveniences, imported only when ``.to_pandas()`` is called.

pandas is an optional extra (``pip install 'eblomlada[pandas]'``): ``import eblomlada`` never
imports it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

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


def frame(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """A DataFrame with one row per record and exactly ``columns``, in that order."""
    pd = require_pandas()
    return pd.DataFrame.from_records(list(records), columns=list(columns))
