"""The data-class vocabulary: ids writers put in `exposed` / `not_exposed`.

Ids follow Mozilla Monitor's where one exists. Labels are English msgids; the
catalogs in `locales/` translate them. `N_` only marks them for `pybabel extract`.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    return message


TIERS = {
    1: N_("Low sensitivity"),
    2: N_("Personal data"),
    3: N_("Sensitive"),
    4: N_("Highly sensitive"),
}

GROUPS = {
    "identity": N_("Identity and contact"),
    "account": N_("Account and access"),
    "technical": N_("Technical and analytics"),
    "financial": N_("Financial"),
    "content": N_("Content and communications"),
    "special": N_("Special categories"),
}


@dataclass(frozen=True)
class DataClassInfo:
    id: str
    label: str
    group: str
    tier: int


_ROWS = [
    ("names", N_("Names"), "identity", 2),
    ("email-addresses", N_("Email addresses"), "identity", 2),
    ("phone-numbers", N_("Phone numbers"), "identity", 2),
    ("physical-addresses", N_("Postal addresses"), "identity", 2),
    ("dates-of-birth", N_("Dates of birth"), "identity", 2),
    ("genders", N_("Genders"), "identity", 2),
    ("government-issued-ids", N_("Government-issued ID documents"), "identity", 3),
    ("social-security-numbers", N_("Social security numbers"), "identity", 4),
    ("drivers-licenses", N_("Driver's licence numbers"), "identity", 3),
    ("profile-photos", N_("Profile photos"), "identity", 2),
    ("usernames", N_("Usernames"), "account", 2),
    ("passwords", N_("Passwords"), "account", 4),
    ("security-questions-and-answers", N_("Security questions and answers"), "account", 4),
    ("auth-tokens", N_("Session and authentication tokens"), "account", 4),
    ("api-keys", N_("API keys"), "account", 4),
    ("recovery-email-addresses", N_("Recovery email addresses"), "account", 2),
    ("account-ids", N_("Account, user and organization IDs"), "account", 1),
    ("ip-addresses", N_("IP addresses"), "technical", 2),
    ("browser-user-agent-details", N_("Operating system and browser"), "technical", 1),
    ("device-information", N_("Device information"), "technical", 1),
    ("geographic-locations", N_("Approximate location (city, region, country)"), "technical", 2),
    ("time-zones", N_("Time zones"), "technical", 1),
    ("spoken-languages", N_("Preferred languages"), "technical", 1),
    ("website-activity", N_("Website activity"), "technical", 2),
    ("browsing-histories", N_("Browsing histories"), "technical", 3),
    ("referrer-urls", N_("Referring websites"), "technical", 1),
    ("analytics-identifiers", N_("Analytics identifiers"), "technical", 1),
    ("credit-cards", N_("Payment card numbers"), "financial", 4),
    ("partial-credit-card-data", N_("Partial payment card data"), "financial", 3),
    ("bank-account-numbers", N_("Bank account numbers"), "financial", 4),
    ("payment-histories", N_("Payment histories"), "financial", 3),
    ("purchases", N_("Purchases"), "financial", 2),
    ("chat-content", N_("Chats, prompts and model responses"), "content", 4),
    ("api-requests", N_("API requests and usage data"), "content", 3),
    ("uploaded-files", N_("Uploaded files"), "content", 4),
    ("private-messages", N_("Private messages"), "content", 4),
    ("email-messages", N_("Email messages"), "content", 4),
    ("support-tickets", N_("Support tickets"), "content", 3),
    ("personal-health-data", N_("Health data"), "special", 4),
    ("biometric-data", N_("Biometric data"), "special", 4),
]

VOCABULARY: dict[str, DataClassInfo] = {
    row[0]: DataClassInfo(*row)
    for row in _ROWS  # type: ignore[arg-type]
}
