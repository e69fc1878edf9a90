"""The rule a production SECRET_KEY must pass (console/settings.py refuses to start
otherwise).

Django signs sessions, password-reset tokens and CSRF tokens with SECRET_KEY, so a
guessable key lets anyone forge a staff session. The rule refuses what is plainly not a
random key; it cannot prove that a key is random (nothing can), only catch the common
mistakes: a missing key, a default, a short one, a word repeated, a run of the keyboard.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections import Counter

#: Shorter keys are refused: Django's own deployment check (security.W009) asks for 50.
MIN_LENGTH = 50
#: Fewer distinct characters are refused, as security.W009 does.
MIN_DISTINCT = 5
#: The estimate below must reach this many bits (the strength of a 128-bit random key).
MIN_BITS = 128
#: How to make a key that passes; every refusal says it.
HOW_TO_MAKE_ONE = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def _shannon_bits(symbols: list[int]) -> float:
    """Shannon entropy of the symbols' frequencies, times their count (bits)."""
    if not symbols:
        return 0.0
    counts = Counter(symbols)
    n = len(symbols)
    per_symbol = -sum(c / n * math.log2(c / n) for c in counts.values())
    return per_symbol * n


#: The keyboard's keys in order, row by row (US layout, unshifted then shifted): a key
#: typed along a row steps by one here however scattered its code points are.
_KEYBOARD = (
    "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./"
    '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?'
)
_KEY_POSITION = {c: i for i, c in enumerate(_KEYBOARD)}


def _keyboard_steps(key: str) -> list[int]:
    """Steps between neighbouring characters in keyboard order (case folded, so "Qw" is
    a step of one); a character off the keyboard is its own far-away position."""
    spots = [_KEY_POSITION.get(c.lower(), 1000 + ord(c)) for c in key]
    return [b - a for a, b in itertools.pairwise(spots)]


def _repetition_bits(key: str) -> float:
    """Bits to write the key as literals and back-references (LZ77, greedy): each new
    character costs log2(the key's distinct characters), each repeat of 3 or more
    characters seen before costs a position and a length (2 * log2(length of the key)).
    A chunk typed again ("MyCompany2024!" * 3) costs almost nothing the second time."""
    n = len(key)
    literal = math.log2(max(len(set(key)), 2))
    reference = 2 * math.log2(max(n, 2))
    bits, i = 0.0, 0
    while i < n:
        length = 0
        while i + length < n and key.find(key[i : i + length + 1], 0, i + length) != -1:
            length += 1
        if length >= 3:
            bits += reference
            i += length
        else:
            bits += literal
            i += 1
    return bits


def entropy_bits(key: str) -> float:
    """A conservative estimate of the key's entropy in bits: the least of five views.

    - Character frequencies: Shannon entropy of the key's characters times its length.
      Catches a small alphabet, or a few characters used over and over.
    - Steps between neighbours: the same over the differences of consecutive code
      points. Catches runs and strides ("abcdefgh...", "13579...", "zyxw...").
    - Steps on the keyboard: the same over steps in keyboard order ("qwertyuiop",
      "1qaz2wsx" is caught by neither view above).
    - Repetition, twice: 8 bits per byte of the key compressed by raw DEFLATE (zlib,
      level 9, no header), and `_repetition_bits` (a chunk typed again, however long).

    Each view overestimates some weak keys (a phrase of English words scores like a
    random string: no estimate from the key alone can tell them apart), and none
    underestimates a random key by much. Lowest (mean) over 3,000 keys each:
    `secrets.token_urlsafe(50)` 319 (343), Django's `get_random_secret_key()` 218 (241),
    `openssl rand -hex 32` 222 (244; its true entropy is 256), `openssl rand -base64 48`
    300 (325); tests/test_security.py checks that samples of each pass MIN_BITS.
    """
    if not key:
        return 0.0
    points = [ord(c) for c in key]
    by_frequency = _shannon_bits(points)
    by_steps = _shannon_bits([b - a for a, b in itertools.pairwise(points)])
    by_keyboard = _shannon_bits(_keyboard_steps(key))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    by_deflate = 8.0 * len(packer.compress(key.encode()) + packer.flush())
    return min(by_frequency, by_steps, by_keyboard, by_deflate, _repetition_bits(key))


def secret_key_problem(key: str, local_key: str = "") -> str | None:
    """What is wrong with a production SECRET_KEY, in words, or None when it passes.

    `key` is the key as set (empty when unset); `local_key` is the local-only default
    that `make run` and the tests use, which production must never use. A key is
    refused when it is missing, that default, Django's `django-insecure…` placeholder,
    shorter than MIN_LENGTH characters, made of fewer than MIN_DISTINCT distinct
    characters (Django's security.W009 rule), or lower than MIN_BITS by
    entropy_bits(). The answer completes the sentence "SECRET_KEY …".
    """
    if not key:
        return "is not set"
    if local_key and key == local_key:
        return "is the local-only default, which `make run` and the tests use"
    if key.startswith("django-insecure"):
        return "is Django's 'django-insecure' placeholder"
    if len(key) < MIN_LENGTH:
        noun = "character" if len(key) == 1 else "characters"
        return f"has {len(key)} {noun}; it needs at least {MIN_LENGTH}"
    if len(set(key)) < MIN_DISTINCT:
        distinct = len(set(key))
        noun = "character" if distinct == 1 else "characters"
        return f"has {distinct} distinct {noun}; it needs at least {MIN_DISTINCT}"
    bits = entropy_bits(key)
    if bits < MIN_BITS:
        return (
            f"looks guessable (about {bits:.0f} bits of entropy, repeated or sequential "
            f"characters; at least {MIN_BITS} are needed)"
        )
    return None


def secret_key_message(problem: str) -> str:
    """The start-up refusal for a key with that problem, saying how to make a good one."""
    return (
        f"SECRET_KEY {problem}. Set SECRET_KEY in the environment to a long random "
        f"string, e.g. the output of: {HOW_TO_MAKE_ONE}"
    )
