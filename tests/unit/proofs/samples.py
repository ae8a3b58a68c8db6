"""A typical OB 3.0 micro-credential (~2.5 KB) used by proof tests and the benchmark."""

from __future__ import annotations

from typing import Any

OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",  # 1EdTechJsonSchemaValidator2019
]


def micro_credential(n: int = 0, issuer: str = "did:web:uni.example:issuers:1") -> dict[str, Any]:
    """An OpenBadgeCredential for one recipient with alignment, results and EU-like fields."""
    return {
        "@context": list(OB3_CONTEXT),
        "id": f"urn:uuid:6a3e0d0e-3b1a-4b8e-9c7e-{n:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Data Analysis with Python (micro-credential)",
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": "University of Example, Faculty of Science",
            "url": "https://uni.example",
            "email": "credentials@uni.example",
        },
        "validFrom": "2026-06-30T00:00:00Z",
        "validUntil": "2031-06-30T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$3b8f0c2c46f1a2b6f8e0f0e4b2d1c7a9"
                    "e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": f"s{n:08d}",
                }
            ],
            "achievement": {
                "id": "https://uni.example/achievements/data-analysis-python/v2",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Data Analysis with Python",
                "description": "Cleaning, exploring and visualising tabular data with pandas; "
                "communicating findings to a non-specialist audience.",
                "criteria": {
                    "narrative": "Pass the proctored online exam (60%) and the graded project "
                    "(40%) with an overall mark of at least 50%."
                },
                "creditsAvailable": 5.0,
                "fieldOfStudy": "Data science",
                "inLanguage": "en",
                "humanCode": "DS-PY-101",
                "tag": ["data", "python", "pandas"],
                "version": "2",
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "use Python for data analysis",
                        "targetUrl": "http://data.europa.eu/esco/skill/c2ee3b87-b8a6-4b44-9a53-a0c0a8a2a3c4",
                        "targetFramework": "ESCO",
                        "targetType": "ceasn:Competency",
                        "targetCode": "S5.6.1",
                    },
                    {
                        "type": ["Alignment"],
                        "targetName": "EQF level 6",
                        "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels",
                        "targetFramework": "European Qualifications Framework",
                        "targetType": "CFItem",
                    },
                ],
                "resultDescription": [
                    {
                        "id": "https://uni.example/achievements/data-analysis-python/v2/results/1",
                        "type": ["ResultDescription"],
                        "name": "Final mark",
                        "resultType": "Percent",
                        "valueMax": "100",
                        "valueMin": "0",
                        "requiredValue": "50",
                    }
                ],
            },
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": (
                        "https://uni.example/achievements/data-analysis-python/v2/results/1"
                    ),
                    "value": str(50 + n % 50),
                    "status": "Completed",
                }
            ],
            "creditsEarned": 5.0,
            "activityStartDate": "2026-03-01T00:00:00Z",
            "activityEndDate": "2026-06-15T00:00:00Z",
            "term": "Spring 2026",
        },
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
        "credentialStatus": {
            "id": f"https://uni.example/status/1#{n}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(n),
            "statusListCredential": "https://uni.example/status/1",
        },
    }
