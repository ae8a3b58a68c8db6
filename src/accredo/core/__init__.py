"""accredo.core — the domain: Open Badges 3.0 model, recipients, EU micro-credential elements.

Pure: no I/O, no web, storage or crypto imports.

>>> from accredo.core import parse_credential
>>> parse_credential({"type": ["VerifiableCredential"], "issuer": "did:example:1"}).issuer_id
'did:example:1'
"""

from __future__ import annotations

from accredo.core._node import JsonObject, JsonValue
from accredo.core.builder import (
    OB3_CONTEXT_URL,
    VC2_CONTEXT_URL,
    build_achievement_credential,
    format_datetime,
)
from accredo.core.errors import MissingEuElementsError, ModelError
from accredo.core.eu import (
    EU_CONTEXT_URL,
    EU_NAMESPACE,
    MANDATORY_ELEMENTS,
    EuElements,
    is_micro_credential,
    missing_achievement_elements,
    missing_mandatory_elements,
    require_achievement_elements,
    require_mandatory_elements,
)
from accredo.core.model import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Address,
    Alignment,
    Criteria,
    Evidence,
    IdentityObject,
    Image,
    Profile,
    Result,
    ResultDescription,
    parse_credential,
)
from accredo.core.recipient import email_identity, email_matches, identity_hash, new_salt

__all__ = [
    "EU_CONTEXT_URL",
    "EU_NAMESPACE",
    "MANDATORY_ELEMENTS",
    "OB3_CONTEXT_URL",
    "VC2_CONTEXT_URL",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "Criteria",
    "EuElements",
    "Evidence",
    "IdentityObject",
    "Image",
    "JsonObject",
    "JsonValue",
    "MissingEuElementsError",
    "ModelError",
    "Profile",
    "Result",
    "ResultDescription",
    "build_achievement_credential",
    "email_identity",
    "email_matches",
    "format_datetime",
    "identity_hash",
    "is_micro_credential",
    "missing_achievement_elements",
    "missing_mandatory_elements",
    "new_salt",
    "parse_credential",
    "require_achievement_elements",
    "require_mandatory_elements",
]
