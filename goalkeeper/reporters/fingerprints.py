"""A finding's identity across commits, for the CI formats that track findings.

Lines move when a file is edited elsewhere, so the fingerprint is made of what the
finding is: the file, the code, the place in the document (the pointer) and the message
(which names the offending value). Code scanning and GitLab use it to tell a new finding
from one that was already there.
"""

from __future__ import annotations

import hashlib

from goalkeeper.diagnostics import Diagnostic


def fingerprint(diagnostic: Diagnostic) -> str:
    parts = (diagnostic.path or "", diagnostic.code, diagnostic.pointer or "", diagnostic.message)
    text = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()
