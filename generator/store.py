"""What a stage may be handed to keep values between builds: the build cache
(`generator.cache`) implements it, the stages only know this interface, so none of them
depends on where or how the values are kept."""

from __future__ import annotations

from typing import Protocol


class ByteStore(Protocol):
    """Values by key; `get` gives None for what is not there or no longer intact."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...
