"""What guards know of a case's agreement (registered by the runtime as a facts provider)."""

from mediasi.agreements.services import agreement_facts

__all__ = ["agreement_facts"]
