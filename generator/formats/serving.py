"""How the site is served: one header policy, rendered for Netlify/Cloudflare Pages
(`_headers`), nginx and Caddy.

Every response gets the security headers; hashed theme assets are cached for a year as
immutable; pages, feeds and JSON for five minutes; feeds, security.txt, CSAF and the API
get their right content types; unknown paths get the bilingual 404 page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records.diagnostics import UserError
from ..site.harden import content_security_policy
from . import Files

# Material's bundles carry a content hash in their names.
IMMUTABLE_PREFIXES = ("/assets/stylesheets/", "/assets/javascripts/")
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
ATOM = "application/atom+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class HeaderPolicy:
    """The security headers of every response; the CSP lists the theme's inline scripts."""

    script_hashes: tuple[str, ...]
    languages: tuple[str, ...]

    @property
    def csp(self) -> str:
        return content_security_policy(self.script_hashes, header=True)

    @property
    def security(self) -> dict[str, str]:
        return {
            "Content-Security-Policy": self.csp,
            "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Permissions-Policy": (
                "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                "interest-cohort=(), browsing-topics=()"
            ),
            "Cross-Origin-Opener-Policy": "same-origin",
        }


def headers_file(policy: HeaderPolicy) -> Files:
    """Netlify / Cloudflare Pages `_headers`. Rules never overlap on Cache-Control, since
    both hosts join the values of a header set by two matching rules."""
    blocks: list[tuple[str, dict[str, str]]] = [("/*", policy.security)]
    for prefix in IMMUTABLE_PREFIXES:
        blocks.append((prefix + "*", {"Cache-Control": IMMUTABLE}))
    short_paths = ["/", "/index.html", "/404.html", "/sitemap.xml", "/robots.txt"]
    short_paths += [f"/{lang}/*" for lang in policy.languages]
    for path in short_paths:
        blocks.append((path, {"Cache-Control": SHORT}))
    for lang in policy.languages:
        blocks.append((f"/{lang}/feed.xml", {"Content-Type": ATOM}))
    blocks.append(("/.well-known/security.txt", {"Content-Type": TEXT, "Cache-Control": SHORT}))
    for shared in ("/api/*", "/.well-known/csaf/*"):
        blocks.append((shared, {"Cache-Control": SHORT, "Access-Control-Allow-Origin": "*"}))
    text = "".join(
        f"{path}\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
        for path, headers in blocks
    )
    return {"_headers": text.encode("utf-8")}


def _nginx_headers(policy: HeaderPolicy, extra: dict[str, str], indent: str) -> str:
    """nginx drops the server's add_header lines in a location that has its own, so every
    location repeats the whole set."""
    merged = {**policy.security, **extra}
    return "".join(
        f'{indent}add_header {name} "{value}" always;\n' for name, value in merged.items()
    )


class ServerConfigError(UserError):
    """A folder or address that no server configuration could carry safely."""


# Characters nginx and Caddy give a meaning even inside quotes ($var, {placeholder}) or
# that would end the quoted token: refused rather than guessed at.
_UNQUOTABLE = set('"\\$`{};')
_LISTEN = re.compile(r"(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)?(:[0-9]{1,5})?|[0-9]{1,5}")


def _quoted(root: str) -> str:
    """The site folder as one quoted token: a path with spaces stays one path."""
    bad = sorted({c for c in root if c in _UNQUOTABLE or not c.isprintable()})
    if bad:
        raise ServerConfigError(
            f"the site folder {root!r} holds {' '.join(repr(c) for c in bad)}, which a server "
            "configuration cannot carry safely; build into a folder without them "
            "(`advisories build --site-dir DIR`) or pass --root"
        )
    return f'"{root}"'


def _listen(listen: str) -> str:
    if not listen or not _LISTEN.fullmatch(listen):
        raise ServerConfigError(
            f"--listen {listen!r} is not an address; write a port (8080), ADDR:PORT "
            "(127.0.0.1:8080) or a host name"
        )
    return listen


def nginx_config(policy: HeaderPolicy, root: str, listen: str, brotli: bool = True) -> str:
    inner = "        "
    locations = [
        (
            "location ~ ^/assets/(stylesheets|javascripts)/",
            _nginx_headers(policy, {"Cache-Control": IMMUTABLE}, inner),
        ),
        (
            "location ~ ^/[a-z-]+/feed\\.xml$",
            f"{inner}types {{ }}\n{inner}default_type application/atom+xml;\n"
            + _nginx_headers(policy, {"Cache-Control": SHORT}, inner),
        ),
        (
            "location = /.well-known/security.txt",
            f"{inner}types {{ }}\n{inner}default_type text/plain;\n"
            + _nginx_headers(policy, {"Cache-Control": SHORT}, inner),
        ),
        (
            "location ~ ^/(api|\\.well-known/csaf)/",
            _nginx_headers(
                policy, {"Cache-Control": SHORT, "Access-Control-Allow-Origin": "*"}, inner
            ),
        ),
        ("location /", _nginx_headers(policy, {"Cache-Control": SHORT}, inner)),
    ]
    body = "".join(f"    {head} {{\n{rules}    }}\n" for head, rules in locations)
    static = "    gzip_static on;\n" + ("    brotli_static on;\n" if brotli else "")
    return (
        "# Generated by `advisories server-config nginx`. brotli_static needs Debian's\n"
        "# libnginx-mod-http-brotli-static (or --no-brotli).\n"
        "server {\n"
        f"    listen {_listen(listen)};\n"
        f"    root {_quoted(root)};\n"
        "    index index.html;\n"
        "    server_tokens off;\n"
        "    charset utf-8;\n"
        "    charset_types text/plain text/css text/xml application/javascript "
        "application/json application/atom+xml;\n"
        f"{static}"
        "    gzip_vary on;\n"
        "    error_page 404 /404.html;\n"
        f"{body}"
        "}\n"
    )


def caddyfile(policy: HeaderPolicy, root: str, listen: str) -> str:
    security = "".join(f'        {name} "{value}"\n' for name, value in policy.security.items())
    immutable = " ".join(p + "*" for p in IMMUTABLE_PREFIXES)
    return (
        "# Generated by `advisories server-config caddy`.\n"
        f"{_listen(listen)} {{\n"
        f"    root * {_quoted(root)}\n"
        "    header {\n"
        f"{security}"
        "        -Server\n"
        "    }\n"
        f"    @immutable path {immutable}\n"
        f'    header @immutable Cache-Control "{IMMUTABLE}"\n'
        f"    @short not path {immutable}\n"
        f'    header @short Cache-Control "{SHORT}"\n'
        "    @feeds path */feed.xml\n"
        f'    header @feeds Content-Type "{ATOM}"\n'
        "    @securitytxt path /.well-known/security.txt\n"
        f'    header @securitytxt Content-Type "{TEXT}"\n'
        "    @shared path /api/* /.well-known/csaf/*\n"
        '    header @shared Access-Control-Allow-Origin "*"\n'
        "    file_server {\n"
        "        precompressed br gzip\n"
        "    }\n"
        "    handle_errors {\n"
        "        @notfound expression {err.status_code} == 404\n"
        "        rewrite @notfound /404.html\n"
        "        file_server\n"
        "    }\n"
        "}\n"
    )
