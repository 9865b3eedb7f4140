"""The errors of the succession engine: input it cannot compute from, and families it will not guess
about (a rule not implemented, needing legal review)."""


class SuccessionInputError(ValueError):
    """Input the engine cannot compute from; ``field`` names the offending field or row."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class SuccessionUnsupported(SuccessionInputError):
    """A family the engine will not guess about: the rule is not implemented and needs legal review."""
