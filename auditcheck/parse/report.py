"""The typed report rules judge: the document plus what was understood of it."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..document import Document


class Report(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    document: Document
    kind: str
