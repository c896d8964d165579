"""Comparison keys that make duplicate customers findable.

Each function turns what a person typed into a key that is equal for two
spellings of the same thing, or ``""`` when the input is too short or too vague
to compare safely (an empty key never matches anything).
"""

import re
import unicodedata

import phonenumbers

_EMAIL = re.compile(r"[^\s<>,;\"']+@[^\s<>,;\"']+\.[^\s<>,;\"']+")
_EXTENSION = re.compile(r"(?:ext\.?|extension|x|#|转|分机)", re.IGNORECASE)
# A "+" before the first digit: the number is written with its country code.
_PLUS = re.compile(r"\D*\+")
_WORD = re.compile(r"\w+")
# Single letters joined by dots ("S.p.A.", "L.L.C.", or two spaced ones, "S. A."): one
# word, so that dotted legal forms are recognised like plain ones; the key is the same
# either way.
_DOTTED = re.compile(
    r"(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)"
    r"|(?<!\w)[^\W\d_]\.\s+[^\W\d_]\.(?![\w.])"
)
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
# Longest first: "股份有限公司" must not leave "股份有限".
_LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "公司")
MIN_PHONE_DIGITS = 5


def _fold(value):
    """NFKC (full-width to half-width), case folding, invisible format characters removed.

    Format characters (zero-width space and joiners, word joiner, BOM, soft
    hyphen, ...) are invisible on screen but would make two equal-looking
    spellings differ.
    """
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").casefold().strip()


def normalize_email(value):
    """Return the first e-mail address in ``value``, case-folded, or ``""``.

    ``"Li Lei <LiLei@Example.COM>"`` and ``" lilei@example.com"`` give the same
    key, and so does a copy with a zero-width space or a BOM pasted into it.
    """
    match = _EMAIL.search(_fold(value))
    return match.group(0) if match else ""


def _parse_phone(text, region=None):
    """``phonenumbers.parse`` that returns ``None`` instead of raising."""
    try:
        return phonenumbers.parse(text, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None


def normalize_phone(value, country_code=None):
    """Return the phone number in international digits (E.164 without ``+``), or ``""``.

    ``country_code`` is the calling code of the customer's country (``86`` for
    China, as an int or digit string); it places numbers written without one.
    ``phonenumbers`` (Google's libphonenumber) applies each country's numbering
    plan, so ``+86 (0)21 5080 1234``, ``0086-21-50801234`` and ``021 5080 1234``
    (with 86) all give ``862150801234``, while Italy keeps its leading 0.
    Numbers written with ``+``, with the country's international prefix or with
    ``00`` are international; one whose country code does not exist gives
    ``""``. A national number that cannot be placed (no or an unknown country)
    keeps its digits only. An extension (``ext. 12``, ``转 12``) is ignored.
    Fewer than ``MIN_PHONE_DIGITS`` significant digits give ``""``.
    """
    text = _EXTENSION.split(unicodedata.normalize("NFKC", value or ""))[0]
    digits = "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())  # ASCII
    plus = bool(_PLUS.match(text))
    code = re.sub(r"\D", "", str(country_code or ""))
    region = phonenumbers.region_code_for_country_code(int(code)) if code else None
    number = None
    if not plus and region and region != phonenumbers.UNKNOWN_REGION:
        number = _parse_phone(digits, region)
    if digits.startswith("00") and not (
        # The country's own international prefix wins when it gives a real number
        # (Brazil's 0021 is 00 and a carrier); otherwise 00 is the international prefix.
        number is not None
        and number.country_code_source == phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_IDD
        and phonenumbers.is_valid_number(number)
    ):
        number = None
    if number is None and (plus or digits.startswith("00")):
        number = _parse_phone("+" + (digits if plus else digits[2:]))
        if number is None:
            return ""
    if number is None:
        return digits if len(digits) >= MIN_PHONE_DIGITS else ""
    if len(str(number.national_number)) < MIN_PHONE_DIGITS:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


def normalize_name(value):
    """Return a key for a customer name: folded, legal form and punctuation removed.

    ``"ACME Co., Ltd."``, ``"Acme L.L.C."`` and ``"ａｃｍｅ limited"`` share the
    key ``"acme"``; ``"上海华信有限公司"`` and ``"上海华信公司"`` share
    ``"上海华信"``. A name that is only a legal form (``"Limited"``,
    ``"有限公司"``), a key that reads as one (``"L td"``) and keys shorter than
    two characters are ``""``: they say nothing about which customer is meant.
    """
    folded = _DOTTED.sub(lambda match: re.sub(r"[.\s]", "", match.group(0)), _fold(value))
    words = _WORD.findall(folded.replace("_", " "))
    while words:
        if words[-1] in _LEGAL_WORDS:
            words.pop()
            continue
        # Chinese legal forms are suffixes, maybe of the name's last word, maybe spaced out.
        joined = "".join(words)
        suffix = next((s for s in _LEGAL_SUFFIXES if joined.endswith(s)), None)
        if suffix is None:
            break
        count = len(suffix)
        while count:
            last = words.pop()
            if len(last) > count:
                words.append(last[:-count])
            count = max(count - len(last), 0)
    key = "".join(words)
    return key if len(key) >= 2 and key not in _LEGAL_WORDS else ""


def normalize_vat(value):
    """Return a tax ID in upper-case letters and digits only, or ``""`` if shorter than 4."""
    key = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", value or "").upper())
    return key if len(key) >= 4 else ""
