"""eBlomlådan ("the e-flowerbox"): the self-assessment of Swedish municipalities' digital
services and digital development, with exact scoring and the flowerbox picture.

>>> import eblomlada as eb
>>> a = eb.Assessment("eblomladan-2016", municipality="1881", year=2017)
>>> a.answer("elderly-06", "fully")
>>> s = a.score()
>>> s.answered, s.total, s.areas["elderly"].colour
(1, 88, None)

Main classes: :class:`Catalogue` (the indicators), :class:`Assessment` (one municipality's
answers), :class:`Score` (exact scores, ``to_dict()`` equal to ``eblomlada score``).
Analysis: :func:`compile` (national, county and group figures), :func:`compare`, :func:`diff`
(year over year), :func:`plan` (the improvement planner), :func:`merge` (a team's
:class:`Contribution` objects merged into one assessment and a :class:`TeamReport`), :func:`synthetic` (a synthetic
national data set), :func:`read_csv` / :func:`to_csv` / :func:`to_xlsx`, :func:`read_table` (a pandas,
polars or pyarrow table or a DuckDB relation, long or wide), :func:`scores` (every assessment's
flowers in one table), :func:`trends` (over the years) and :func:`to_table` (assessments as a long
or wide table, the way back of :func:`read_table`). Functions that take assessments
also take a table. Tabular results have ``to_records()``, ``to_pandas()`` (ordered
categoricals, nullable numbers), ``to_arrow()`` (the Arrow PyCapsule interface, for pyarrow,
polars and DuckDB) and ``to_polars()``; pandas, pyarrow and polars are all optional.
Errors are :class:`EblomladaError` (a ``ValueError``) and its subclasses.
"""

from __future__ import annotations

import os
from typing import Iterable, List, Optional, Union

from ._errors import (
    AnalysisError,
    CatalogueMismatchError,
    EblomladaError,
    EblomladaWarning,
    EmptyInputError,
    InvalidCsvError,
    InvalidTableError,
    InvalidGroupingError,
    InvalidMappingError,
    MixedCataloguesError,
    UnknownAreaError,
    UnknownColourError,
    InvalidAssessmentError,
    InvalidCatalogueError,
    InvalidFieldError,
    InconsistentContributionsError,
    InvalidContributionError,
    InvalidDecisionsError,
    TeamError,
    UnknownAnswerError,
    UnknownCatalogueError,
    UnknownIndicatorError,
    InvalidPublishedError,
    UnknownPublishedError,
)
from ._eblomlada import (
    AnswerOption,
    Area,
    AreaScore,
    Assessment,
    Band,
    Catalogue,
    Comparison,
    Compilation,
    Contribution,
    Diff,
    Indicator,
    Level,
    LevelScore,
    Plan,
    Problem,
    PublishedComparison,
    Report,
    Score,
    Table,
    TeamReport,
    VersionMapping,
    __version__,
    compare,
    compare_published,
    compile,
    diff,
    merge,
    municipality_name,
    plan,
    published_figures,
    read_csv,
    read_table,
    report,
    scores,
    set_max_input_bytes,
    synthetic,
    to_csv,
    to_table,
    to_xlsx,
    trends,
)

PathLike = Union[str, "os.PathLike[str]"]


def load_assessments(
    source: Union[PathLike, Iterable[PathLike]],
    catalogue: Union[Catalogue, str, None] = None,
) -> List[Assessment]:
    """Reads assessment files: every ``*.json`` file of a folder (sorted by name), or the
    given paths in order.

    ``catalogue`` is passed to :meth:`Assessment.from_file` (``None``: the built-in catalogue
    each file names). The first invalid file raises its error, naming the file.
    """
    if isinstance(source, (str, os.PathLike)):
        if os.path.isdir(source):
            folder = os.fspath(source)
            paths: List[PathLike] = [
                os.path.join(folder, name)
                for name in sorted(os.listdir(folder))
                if name.endswith(".json")
            ]
        else:
            paths = [source]
    else:
        paths = list(source)
    return [Assessment.from_file(path, catalogue) for path in paths]


__all__ = [
    "AnalysisError",
    "AnswerOption",
    "Area",
    "AreaScore",
    "Assessment",
    "Band",
    "Catalogue",
    "CatalogueMismatchError",
    "Comparison",
    "Compilation",
    "Contribution",
    "Diff",
    "EblomladaError",
    "EblomladaWarning",
    "EmptyInputError",
    "InconsistentContributionsError",
    "Indicator",
    "InvalidAssessmentError",
    "InvalidCatalogueError",
    "InvalidContributionError",
    "InvalidCsvError",
    "InvalidTableError",
    "InvalidDecisionsError",
    "InvalidFieldError",
    "InvalidGroupingError",
    "InvalidMappingError",
    "InvalidPublishedError",
    "Level",
    "LevelScore",
    "MixedCataloguesError",
    "Plan",
    "Report",
    "Problem",
    "PublishedComparison",
    "Score",
    "Table",
    "TeamError",
    "TeamReport",
    "UnknownAnswerError",
    "UnknownAreaError",
    "UnknownCatalogueError",
    "UnknownColourError",
    "UnknownIndicatorError",
    "UnknownPublishedError",
    "VersionMapping",
    "__version__",
    "compare",
    "compare_published",
    "compile",
    "diff",
    "load_assessments",
    "merge",
    "municipality_name",
    "plan",
    "published_figures",
    "report",
    "read_csv",
    "read_table",
    "scores",
    "set_max_input_bytes",
    "synthetic",
    "to_csv",
    "to_table",
    "to_xlsx",
    "trends",
]
