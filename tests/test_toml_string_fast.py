"""``toml_string`` writes a plain ASCII text without asking json: the same answer as json's escaping for every text."""

from __future__ import annotations

import json
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.ledger.toml_text import toml_string


def _json_way(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


@settings(max_examples=500)
@given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_same_as_json_escaping_and_it_reads_back(text: str):
    assert toml_string(text) == _json_way(text)
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


def test_every_ascii_character():
    for code in range(128):
        text = f"a{chr(code)}b"
        assert toml_string(text) == _json_way(text)
