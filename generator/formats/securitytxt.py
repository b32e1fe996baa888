"""RFC 9116 security.txt, with an Expires computed at build time so it never goes stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..settings import Settings
from . import Files

VALID_FOR = timedelta(days=180)


def security_txt(s: Settings, now: datetime) -> Files:
    expires = (now.astimezone(UTC) + VALID_FOR).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in s.security_contacts]
    lines += [
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        f"Preferred-Languages: {', '.join(s.languages)}",
        f"Canonical: {s.root_url('.well-known/security.txt')}",
        f"Policy: {s.policy_url}",
        f"CSAF: {s.root_url('.well-known/csaf/provider-metadata.json')}",
    ]
    return {".well-known/security.txt": ("\n".join(lines) + "\n").encode("utf-8")}
