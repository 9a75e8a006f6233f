"""The exceptions of eblomlada.

Every error the library raises on bad input is an :class:`EblomladaError`, which is a
``ValueError``; lookups of something that does not exist (an indicator id, a built-in
catalogue key) are also ``KeyError``\\ s. Each carries the core library's message as
``str(error)`` and every problem found as ``.problems``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from ._eblomlada import Problem


class EblomladaWarning(UserWarning):
    """Something that does not make an assessment unusable but that an analyst should see: a
    year the catalogue was not made for, a code that is not one of Sweden's municipalities.
    Raised through :mod:`warnings` when assessments are made or read (one summary warning for
    a whole CSV file or table); the same problems are in ``Assessment.warnings``."""


class EblomladaError(ValueError):
    """Invalid input for eblomlada.

    ``str(error)`` is the core library's message (preceded by the file name for errors read
    from a file); ``problems`` lists every problem found, each with ``severity``, ``path``
    (a JSON path such as ``$.answers.lead-03.answer``), ``line``, ``column`` and ``message``;
    ``filename`` is the file read, or ``None``.
    """

    message: str
    problems: List["Problem"]
    filename: Optional[str]

    def __init__(
        self, message: str, problems: Iterable["Problem"] = (), filename: Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        self.filename = filename

    def __str__(self) -> str:
        # KeyError would show repr(message) in quotes; every subclass reads like a ValueError.
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message, self.problems, self.filename))


class InvalidCatalogueError(EblomladaError):
    """A catalogue document is malformed or inconsistent; ``problems`` lists every problem."""


class InvalidAssessmentError(EblomladaError):
    """An assessment document is malformed or does not fit its catalogue; ``problems`` lists
    every problem, each with its JSON path."""


class UnknownCatalogueError(EblomladaError, KeyError):
    """No built-in catalogue has the key asked for (or named by an assessment file)."""


class UnknownIndicatorError(EblomladaError, KeyError):
    """An indicator id that the catalogue does not have."""


class UnknownAnswerError(EblomladaError):
    """An answer outside the catalogue's scale (``fully``, ``partly``, ``not_met``)."""


class InvalidFieldError(EblomladaError):
    """An invalid municipality code, year, or an edit that does not fit (such as a comment on
    an unanswered indicator)."""


class InvalidPublishedError(EblomladaError):
    """A published-figures file is malformed or does not fit its catalogue (every problem in ``problems``)."""


class UnknownPublishedError(EblomladaError, KeyError):
    """No published figures are built in for this catalogue and year."""


class AnalysisError(EblomladaError):
    """An analysis function (compile, compare, diff, plan, CSV, XLSX) cannot do what was asked."""


class EmptyInputError(AnalysisError):
    """An analysis function that needs at least one assessment got none."""


class MixedCataloguesError(AnalysisError):
    """Assessments of different catalogue versions were to be pooled without a version mapping;
    the message names both catalogues and the positions of the assessments."""


class CatalogueMismatchError(AnalysisError):
    """Two things that must share a catalogue do not (an assessment and a compilation, a
    version mapping and an assessment)."""


class UnknownAreaError(AnalysisError, KeyError):
    """An area id the catalogue does not have."""


class UnknownColourError(AnalysisError):
    """A colour that is not one of the catalogue's bands."""


class InvalidMappingError(AnalysisError):
    """A version mapping document is malformed or does not fit its catalogues."""


class InvalidCsvError(AnalysisError):
    """A CSV file could not be read; every problem names its line and column."""


class InvalidTableError(AnalysisError):
    """A table of assessments (a DataFrame, an Arrow table) could not be read; every problem
    names its row and column (``path`` is ``"row 7, answer"``) or the column (``"columns.year"``)."""


class InvalidGroupingError(AnalysisError):
    """A grouping (municipality code → group) is malformed."""


class TeamError(EblomladaError):
    """A team function (contributions, decisions, merge) cannot do what was asked."""


class InvalidContributionError(TeamError):
    """A contribution is malformed, does not fit its catalogue, or answers outside its
    respondent's scope; ``problems`` lists every problem with its JSON path."""


class InvalidDecisionsError(TeamError):
    """The coordinator's decisions name unknown indicators or answers."""


class InconsistentContributionsError(TeamError):
    """Contributions of different municipalities, years or catalogues, or one respondent id
    with two different descriptions or two different answers to one indicator."""


__all__ = [
    "AnalysisError",
    "EmptyInputError",
    "MixedCataloguesError",
    "CatalogueMismatchError",
    "UnknownAreaError",
    "UnknownColourError",
    "InvalidMappingError",
    "InvalidCsvError",
    "InvalidTableError",
    "InvalidGroupingError",
    "EblomladaError",
    "EblomladaWarning",
    "InvalidCatalogueError",
    "InvalidAssessmentError",
    "UnknownCatalogueError",
    "UnknownIndicatorError",
    "UnknownAnswerError",
    "InvalidFieldError",
    "TeamError",
    "InvalidContributionError",
    "InvalidDecisionsError",
    "InconsistentContributionsError",
    "InvalidPublishedError",
    "UnknownPublishedError",
]
