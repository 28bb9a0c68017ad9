"""The smallest valid site settings and topic, shared by the CLI and lint tests."""

SITE = """\
region: GB
crisis_regions:
  - code: GB
    name: United Kingdom
    emergency: "999"
    lines:
      - name: Samaritans
        phone: "116 123"
disclaimer: This is general information, not medical advice.
quiz_disclaimer: This quiz is a way to reflect, not a diagnosis.
"""

TOPIC = """\
title: A topic
summary: One line about it.
audience: Anyone.
last_reviewed: 2026-01-01
next_review: 2027-01-01
authors: [Sam]
reviewers: [Alex]
sources:
  - title: A source
    url: https://example.org
"""
