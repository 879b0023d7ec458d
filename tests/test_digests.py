"""journal.digests gives hashlib's digests, with or without OpenSSL, before and after its budget runs out."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import digests


@given(st.binary(max_size=2000))
def test_the_digests_are_hashlibs(data: bytes):
    assert digests.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert digests.sha1_digest(data) == hashlib.sha1(data).digest()
    assert digests.blake2b_hex(data, 16) == hashlib.blake2b(data, digest_size=16).hexdigest()


@pytest.mark.parametrize(
    "size", [0, 1, digests.BUILTIN_BUDGET - 1, digests.BUILTIN_BUDGET + 1, 3 * digests.BUILTIN_BUDGET]
)
def test_small_inputs_are_hashed_without_openssl_and_large_ones_with_it(size: int):
    # A fresh interpreter: this one has imported hashlib already.
    code = (
        "import sys; from journal import digests\n"
        f"data = bytes(range(256)) * ({size} // 256) + bytes({size} % 256)\n"
        "first = digests.sha256_hex(data)\n"
        "print('hashlib' in sys.modules)\n"
        "import hashlib; print(first == hashlib.sha256(data).hexdigest())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    uses_hashlib = size > digests.BUILTIN_BUDGET
    assert done.stdout.split() == [str(uses_hashlib), "True"]


def test_a_sync_of_a_small_journal_loads_no_openssl(journal_dir, run):
    from tests.conftest import modules_after, write

    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n")
    loaded, printed = modules_after(["sync"], journal_dir, console_script=True)
    assert "Synced 1 document: 1 added" in printed
    assert sorted(loaded & {"hashlib", "_hashlib", "tempfile", "secrets"}) == []
