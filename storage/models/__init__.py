"""All ORM models, imported so that Base.metadata knows every table (one module per aggregate)."""

from storage.models import (
    commitments,  # noqa: F401
    core,  # noqa: F401
    faq,  # noqa: F401
    lunch,  # noqa: F401
    matrix,  # noqa: F401
    onboarding,  # noqa: F401
    slack,  # noqa: F401
    survey,  # noqa: F401
)
