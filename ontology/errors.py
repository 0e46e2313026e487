"""The one error hierarchy of crimekg.

Every error a user can cause is a :class:`CrimekgError`. The command line prints its ``str()`` (what went
wrong, where, and what to do) and exits with its ``exit_code``; no traceback unless ``--debug``.
Exit codes follow pySHACL: 0 valid, 1 invalid, 2 could not load / bad usage.
"""

from __future__ import annotations

from dataclasses import dataclass


class CrimekgError(Exception):
    """Base of all errors a user can cause or fix."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  how to fix: {self.hint}"


class UsageError(CrimekgError):
    """A command was called with arguments that cannot work (unknown name, missing parameter)."""

    exit_code = 2


class LoadError(CrimekgError):
    """A file could not be read or parsed. Names the file and, where known, line and column."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path, self.line, self.column = path, line, column
        where = path or "<input>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}", hint=hint)


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (file, focus node), which rule, and what to do."""

    source: str  # the file (or "graph") the focus node comes from
    focus: str  # the IRI or label of the node that breaks the rule
    message: str  # what is wrong and how to fix it
    rule: str = ""  # the shape, QC query or reasoner stage
    path: str = ""  # the property, where there is one

    def __str__(self) -> str:
        prop = f" [{self.path}]" if self.path else ""
        rule = f" ({self.rule})" if self.rule else ""
        return f"{self.source}: {self.focus}{prop}: {self.message}{rule}"


class ValidationFailed(CrimekgError):
    """The graph breaks one or more rules; ``violations`` lists each of them."""

    exit_code = 1

    def __init__(self, violations: list[Violation], *, stage: str = "validation") -> None:
        self.violations = violations
        self.stage = stage
        lines = [f"{stage}: {len(violations)} violation(s)"] + [f"  - {v}" for v in violations]
        super().__init__("\n".join(lines))


class ReasonerUnavailable(CrimekgError):
    """The OWL reasoner cannot run (no Java)."""

    exit_code = 2
