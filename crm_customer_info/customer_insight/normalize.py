"""Comparison keys that make duplicate customers findable.

Each function turns what a person typed into a key that is equal for two
spellings of the same thing, or ``""`` when the input is too short or too vague
to compare safely (an empty key never matches anything).
"""

import re
import unicodedata

_EMAIL = re.compile(r"[^\s<>,;\"']+@[^\s<>,;\"']+\.[^\s<>,;\"']+")
_EXTENSION = re.compile(r"(?:ext\.?|extension|x|#|转|分机)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# Countries whose national numbers keep their leading 0 after the country code.
_KEEPS_TRUNK_ZERO = {"39", "378", "379"}
_LEGAL_WORDS = {
    "ab",
    "ag",
    "as",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "limited",
    "llc",
    "llp",
    "ltd",
    "nv",
    "oy",
    "plc",
    "pte",
    "pty",
    "sa",
    "sarl",
    "sas",
    "spa",
    "srl",
}
_LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "公司")
MIN_PHONE_DIGITS = 5


def _fold(value):
    """NFKC (full-width to half-width) and case folding."""
    return unicodedata.normalize("NFKC", value or "").casefold().strip()


def normalize_email(value):
    """Return the first e-mail address in ``value``, case-folded, or ``""``.

    ``"Li Lei <LiLei@Example.COM>"`` and ``" lilei@example.com"`` give the same key.
    """
    match = _EMAIL.search(_fold(value))
    return match.group(0) if match else ""


def normalize_phone(value, country_code=None):
    """Return the phone number in international digits (no ``+``), or ``""``.

    ``country_code`` is the calling code of the customer's country (``86`` for
    China, as an int or digit string). It turns national numbers into
    international ones: the trunk ``0`` is dropped (except in Italy) and the code
    prefixed. Numbers written with ``+`` or ``00`` are taken as international.
    An extension (``ext. 12``, ``转 12``) is ignored. Fewer than
    ``MIN_PHONE_DIGITS`` national digits give ``""``.
    """
    text = _EXTENSION.split(unicodedata.normalize("NFKC", value or ""))[0].strip()
    digits = re.sub(r"\D", "", text)
    code = re.sub(r"\D", "", str(country_code or ""))
    if text.startswith("+") or digits.startswith("00"):
        full = digits[2:] if not text.startswith("+") else digits
        if full.startswith("0"):  # no country code starts with 0: not a phone number
            return ""
        national_length = len(full) - 1
    elif code:
        national = digits
        if national.startswith("0") and code not in _KEEPS_TRUNK_ZERO:
            national = national.lstrip("0")
        elif code == "1" and len(national) == 11 and national.startswith("1"):
            national = national[1:]
        full = code + national
        national_length = len(national)
    else:
        full = digits
        national_length = len(digits)
    return full if national_length >= MIN_PHONE_DIGITS else ""


def normalize_name(value):
    """Return a key for a customer name: folded, legal form and punctuation removed.

    ``"ACME Co., Ltd."``, ``"Acme"`` and ``"ａｃｍｅ limited"`` share the key
    ``"acme"``; ``"上海华信有限公司"`` and ``"上海华信公司"`` share ``"上海华信"``.
    Keys shorter than two characters are ``""``.
    """
    words = _WORD.findall(_fold(value).replace("_", " "))
    while len(words) > 1 and words[-1] in _LEGAL_WORDS:
        words.pop()
    key = "".join(words)
    stripped = True
    while stripped:
        stripped = False
        for suffix in _LEGAL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                stripped = True
                break
    return key if len(key) >= 2 else ""


def normalize_vat(value):
    """Return a tax ID in upper-case letters and digits only, or ``""`` if shorter than 4."""
    key = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", value or "").upper())
    return key if len(key) >= 4 else ""
