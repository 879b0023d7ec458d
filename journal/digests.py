"""Digests without loading OpenSSL for a few small inputs: what a sync of one changed document hashes.

``import hashlib`` loads OpenSSL's libcrypto (about 11 M instructions, a
quarter of starting Python) and a sync of one document hashes a few
kilobytes. CPython's own implementations (``_sha256``, ``_sha1``,
``_blake2``) give the same digests without it, but hash large inputs several
times slower than OpenSSL (which uses the CPU's SHA instructions): so only
the first ``BUILTIN_BUDGET`` bytes of a process are hashed by them, and
everything after (a first sync of a large journal) by hashlib.
"""

from __future__ import annotations

import sys

BUILTIN_BUDGET = 512 * 1024  # bytes a process hashes without hashlib: at worst ~1.5 ms slower than OpenSSL
_builtin_hashed = 0


def _use_builtin(size: int) -> bool:
    """Whether to hash ``size`` more bytes with CPython's own code (hashlib not loaded, budget left)."""
    global _builtin_hashed
    if "hashlib" in sys.modules or _builtin_hashed + size > BUILTIN_BUDGET:
        return False
    _builtin_hashed += size
    return True


def sha256_hex(data: bytes) -> str:
    """``hashlib.sha256(data).hexdigest()``."""
    if _use_builtin(len(data)):
        try:
            from _sha256 import sha256
        except ImportError:  # a Python built without it
            from hashlib import sha256
    else:
        from hashlib import sha256
    return sha256(data).hexdigest()


def sha1_digest(data: bytes) -> bytes:
    """``hashlib.sha1(data).digest()``."""
    if _use_builtin(len(data)):
        try:
            from _sha1 import sha1
        except ImportError:
            from hashlib import sha1
    else:
        from hashlib import sha1
    return sha1(data).digest()


def blake2b_digest(data: bytes, digest_size: int) -> bytes:
    """``hashlib.blake2b(data, digest_size=digest_size).digest()`` (hashlib's blake2b is CPython's own too)."""
    try:
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b
    return blake2b(data, digest_size=digest_size).digest()


def blake2b_hex(data: bytes, digest_size: int) -> str:
    """``hashlib.blake2b(data, digest_size=digest_size).hexdigest()``."""
    return blake2b_digest(data, digest_size).hex()
