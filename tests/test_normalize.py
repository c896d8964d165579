"""Duplicate-detection keys: spellings of one thing meet, different things do not."""

import string

import phonenumbers
from hypothesis import assume, given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from customer_insight.normalize import (
    MIN_PHONE_DIGITS,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_vat,
)


def test_email_forms_meet():
    assert normalize_email("Li Lei <LiLei@Example.COM>") == "lilei@example.com"
    assert normalize_email("  lilei@example.com ") == "lilei@example.com"
    assert normalize_email("a@x.com, b@y.com") == "a@x.com"


def test_email_without_address_has_no_key():
    assert normalize_email("not an email") == ""
    assert normalize_email(None) == ""
    assert normalize_email("user@localhost") == ""


def test_phone_national_and_international_meet():
    key = "8613800138000"
    assert normalize_phone("138 0013 8000", 86) == key
    assert normalize_phone("+86 138-0013-8000", 86) == key
    assert normalize_phone("0086 13800138000", None) == key
    assert normalize_phone("(021) 6234 5678", "86") == "862162345678"
    assert normalize_phone("+86 21 6234 5678") == "862162345678"


def test_phone_trunk_and_nanp_rules():
    assert normalize_phone("06 1234 5678", 39) == "390612345678"
    assert normalize_phone("+39 06 1234 5678") == "390612345678"
    assert normalize_phone("1 (415) 555-0100", 1) == normalize_phone("(415) 555-0100", 1)


def test_phone_extension_ignored_and_short_numbers_have_no_key():
    assert normalize_phone("021-62345678 转 801", 86) == "862162345678"
    assert normalize_phone("+1 415 555 0100 ext. 12") == "14155550100"
    assert normalize_phone("110", 86) == ""
    assert normalize_phone("0000 0000", 86) == ""
    assert normalize_phone("+0 123 4567") == ""
    assert normalize_phone("", 86) == ""


def test_name_legal_forms_and_widths():
    assert normalize_name("ACME Co., Ltd.") == "acme"
    assert normalize_name("ａｃｍｅ limited") == "acme"
    assert normalize_name("上海华信有限公司") == "上海华信"
    assert normalize_name("上海华信股份有限公司") == "上海华信"
    assert normalize_name("西门子（中国）有限公司") == normalize_name("西门子中国有限公司")


def test_name_keeps_meaningful_words():
    assert normalize_name("Acme Trading") != normalize_name("Acme")
    assert normalize_name("Limited Brands") == "limitedbrands"
    assert normalize_name("A") == ""


LEGAL_FORMS = (
    "有限公司",
    "股份有限公司",
    "有限责任公司",
    "公司",
    "Co., Ltd.",
    "Co.,Ltd.",
    "Limited",
    "Ltd",
    "Inc.",
    "LLC",
    "L.L.C.",
    "S.A.",
    "S. A.",
    "S.p.A.",
    "SpA",
    "GmbH",
    "GmbH & Co. KG",
    "AG",
    "Corp.",
    "Corporation",
    "Company",
    "PLC",
    "Pte. Ltd.",
    "Pty Ltd",
    "B.V.",
    "N.V.",
    "S.A.R.L.",
    "S.r.l.",
)


def test_name_of_only_a_legal_form_has_no_key():
    for form in LEGAL_FORMS:
        assert normalize_name(form) == "", form
    assert normalize_name("有限公司 Co., Ltd.") == ""
    assert normalize_name("ＬＩＭＩＴＥＤ") == ""
    assert normalize_name("L td") == ""  # reads as a legal form once spaces go


def test_name_legal_forms_with_dots_are_the_plain_ones():
    assert normalize_name("ACME L.L.C.") == normalize_name("ACME LLC") == "acme"
    assert normalize_name("Nestlé S.A.") == normalize_name("Nestlé SA") == "nestlé"
    assert normalize_name("Nestlé S. A.") == "nestlé"
    assert normalize_name("Fiat S.p.A.") == normalize_name("FIAT SPA") == "fiat"
    assert normalize_name("Bosch GmbH & Co. KG") == normalize_name("Bosch") == "bosch"
    assert normalize_name("Acme Co.,Ltd.") == "acme"
    assert normalize_name("ACME Ltd 有限公司") == "acme"
    # Dotted initials that are not a legal form stay part of the name.
    assert normalize_name("J.P. Morgan Inc.") == normalize_name("JP Morgan") == "jpmorgan"


def test_name_spaced_chinese_legal_form():
    assert normalize_name("上海华信 有限 公司") == normalize_name("上海华信有限公司") == "上海华信"


def test_name_and_email_ignore_invisible_characters():
    assert normalize_email("li\u200blei@example.com") == "lilei@example.com"
    assert normalize_email("\ufefflilei@exam\u200dple.com\u2060") == "lilei@example.com"
    assert normalize_email("Li Lei <lilei\u200c@example.com>") == "lilei@example.com"
    assert normalize_name("AC\u200bME Lt\u200bd.") == "acme"


def test_phone_spellings_of_one_number_meet():
    key = normalize_phone("+86 21 5080 1234")
    assert key == "862150801234"
    for spelling in (
        "+86 (0)21 5080 1234",
        "+86 021 5080 1234",
        "(+86) 21 5080 1234",
        "0086-21-50801234",
        "+86-21-5080-1234 ext. 5",
    ):
        assert normalize_phone(spelling) == key, spelling
        assert normalize_phone(spelling, 86) == key, spelling
        assert normalize_phone(spelling, 1) == key, spelling
    assert normalize_phone("021 5080 1234", 86) == key
    assert normalize_phone("86 21 5080 1234", 86) == key
    assert normalize_phone("011 86 21 5080 1234", 1) == key  # the US international prefix


def test_phone_trunk_zero_dropped_except_in_italy():
    assert normalize_phone("+44 (0)20 7946 0958") == normalize_phone("+44 20 7946 0958")
    assert normalize_phone("020 7946 0958", 44) == "442079460958"
    assert normalize_phone("+49 (0)30 1234567") == normalize_phone("030 1234567", 49)
    assert normalize_phone("+49 (0)30 1234567") == "49301234567"
    assert normalize_phone("+39 06 1234 5678") == "390612345678"
    assert normalize_phone("+39 (0)6 1234 5678") == "390612345678"
    assert normalize_phone("+39 6 1234 5678") != "390612345678"
    assert normalize_phone("8 (912) 345-67-89", 7) == "79123456789"  # Russia's trunk is 8


def test_phone_that_phonenumbers_cannot_parse():
    # No country, or one with no numbering plan: the digits are the key.
    assert normalize_phone("021 5080 1234") == "02150801234"
    assert normalize_phone("021 5080 1234", 999) == "02150801234"
    # Written international, but no such country code: not a phone number.
    assert normalize_phone("+999 1234 5678") == ""
    assert normalize_phone("00 0 1234 5678") == ""


def test_vat():
    assert normalize_vat("BE 0477.472.701") == "BE0477472701"
    assert normalize_vat("be0477472701") == "BE0477472701"
    assert normalize_vat("12") == ""


_digits = st.text(alphabet=string.digits, min_size=MIN_PHONE_DIGITS, max_size=12).filter(
    lambda d: not d.startswith("0")
)


@given(_digits, st.sampled_from(["86", "44", "33", "49", "81"]))
def test_phone_separators_never_matter(national, code):
    spaced = " ".join(national[i : i + 3] for i in range(0, len(national), 3))
    dashed = "-".join(national[i : i + 4] for i in range(0, len(national), 4))
    assert normalize_phone(spaced, code) == normalize_phone(dashed, code)
    assert normalize_phone(spaced, code) == normalize_phone(
        f"({national[:2]}) {national[2:]}", code
    )
    assert normalize_phone(f"+{code} {spaced}") == normalize_phone(f"00{code}{national}", None)
    assert normalize_phone(f"+{code} {spaced}") == normalize_phone(f"(+{code}) {dashed}", 1)


_REGIONS = ("CN", "HK", "TW", "SG", "JP", "KR", "IN", "US", "GB", "DE", "FR", "IT", "ES", "NL")
_REGIONS += ("CH", "AU", "BR", "RU")


@st.composite
def phone_numbers(draw):
    """Valid numbers of several countries: an example number with a random tail."""
    region = draw(st.sampled_from(_REGIONS))
    kind = draw(st.sampled_from([PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE]))
    example = phonenumbers.example_number_for_type(region, kind)
    significant = phonenumbers.national_significant_number(example)
    tail = draw(st.text(alphabet=string.digits, min_size=3, max_size=3))
    number = phonenumbers.parse(f"+{example.country_code}{significant[:-3]}{tail}")
    assume(phonenumbers.is_valid_number(number))
    return number


@given(phone_numbers(), st.sampled_from([None, 1, 44, 49, 86]))
def test_every_spelling_of_a_number_gives_one_key(number, other_code):
    code = number.country_code
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    rest = international.removeprefix(f"+{code}").strip()
    written = [e164, international, f"(+{code}) {rest}", f"00{code} {rest}", f"00-{e164[1:]}"]
    placed = [national, national.replace(" ", ""), national.replace(" ", "-")]
    if national.startswith("0"):  # a trunk 0, or Italy's leading 0: both may follow the code
        written += [f"+{code} {national}", f"+{code} (0){national[1:]}"]
    key = e164[1:]
    for spelling in written:
        assert normalize_phone(spelling) == key, spelling
        assert normalize_phone(spelling, code) == key, spelling
        assert normalize_phone(spelling, other_code) == key, spelling
    for spelling in placed:
        assert normalize_phone(spelling, code) == key, spelling
    assert normalize_phone(key) == key


@given(
    st.lists(st.sampled_from(LEGAL_FORMS), min_size=1, max_size=4),
    st.sampled_from([" ", ", ", " & ", ",", "/", " - "]),
    st.booleans(),
)
def test_legal_form_only_names_have_no_key(forms, separator, upper):
    name = separator.join(forms)
    assert normalize_name(name.upper() if upper else name) == ""


@given(
    st.text(alphabet=string.ascii_letters, min_size=2, max_size=12),
    st.lists(st.sampled_from(LEGAL_FORMS), max_size=3),
)
def test_legal_forms_never_change_a_name_key(word, forms):
    key = normalize_name(word)
    assume(key)
    assert normalize_name(" ".join([word, *forms])) == key


@given(st.text(max_size=40), st.sampled_from([None, 1, 39, 86]))
def test_keys_are_idempotent_strings(value, code):
    for func in (normalize_email, normalize_name, normalize_vat):
        key = func(value)
        assert isinstance(key, str)
        assert func(key) == key
    key = normalize_phone(value, code)
    assert key == "" or key.isdigit()
    assert normalize_phone(key) == key


@given(st.text(alphabet=string.ascii_letters, min_size=2, max_size=30), st.sampled_from(". ,-"))
def test_name_ignores_case_and_punctuation(word, separator):
    key = normalize_name(word.lower())
    assert key in ("", word.lower())  # "" for a legal form such as "Inc"
    assert normalize_name(word.upper()) == key
    assert normalize_name(separator.join(word)) == key


def test_full_width_input_is_folded():
    assert normalize_phone("＋８６ １３８ ００１３ ８０００") == "8613800138000"
    assert normalize_phone("٠٢١ ٥٠٨٠ ١٢٣٤") == "02150801234"  # Arabic-Indic digits
    assert normalize_email("ＬＩ＠ＥＸＡＭＰＬＥ．ＣＮ") == "li@example.cn"
    assert normalize_vat("ｃｎ９１３１０１１５") == "CN91310115"


def test_name_chinese_legal_forms_stack():
    assert normalize_name("华信（上海）股份有限公司") == normalize_name("华信上海")
    assert normalize_name("华信集团有限公司") == "华信集团"
    assert normalize_name("华信北京分公司") != normalize_name("华信北京公司")


@given(st.text(alphabet="0123456789 -().", min_size=0, max_size=25))
def test_phone_key_is_digits_only(value):
    key = normalize_phone(value, 86)
    assert key == "" or key.isdigit()
    digits = "".join(ch for ch in value if ch.isdigit())
    # National (no "00") and parseable (E.164 has at most 15 digits, phonenumbers takes 17):
    # the country code is added.
    if not digits.startswith("00") and len(digits) <= 17:
        assert key == "" or key.startswith("86")


@given(
    st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12),
    st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=10),
)
def test_email_key_ignores_case_display_name_and_spaces(local, domain):
    address = f"{local}@{domain}.com"
    assert normalize_email(f"  {address.upper()} ") == address
    assert normalize_email(f'"Someone" <{address}>') == address


@given(st.text(alphabet=string.ascii_uppercase + string.digits, min_size=4, max_size=15))
def test_vat_separators_never_matter(vat):
    spaced = " ".join(vat[i : i + 3] for i in range(0, len(vat), 3))
    assert normalize_vat(spaced) == normalize_vat(vat.lower()) == vat
