"""Duplicate-detection keys: spellings of one thing meet, different things do not."""

import string

from hypothesis import given
from hypothesis import strategies as st

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
    assert normalize_name("Limited") == "limited"
    assert normalize_name("公司") == "公司"
    assert normalize_name("Acme Trading") != normalize_name("Acme")
    assert normalize_name("A") == ""


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
    expected = code + national
    assert normalize_phone(national, code) == expected
    assert normalize_phone(spaced, code) == expected
    assert normalize_phone(dashed, code) == expected
    assert normalize_phone(f"+{code} {spaced}") == expected
    assert normalize_phone(f"00{code}{national}", None) == expected


@given(st.text(max_size=40))
def test_keys_are_idempotent_strings(value):
    for func in (normalize_email, normalize_name, normalize_vat):
        key = func(value)
        assert isinstance(key, str)
        assert func(key) == key or key == ""
    assert normalize_phone(normalize_phone(value)) in ("", normalize_phone(value))


@given(st.text(alphabet=string.ascii_letters, min_size=2, max_size=30), st.sampled_from(". ,-"))
def test_name_ignores_case_and_punctuation(word, separator):
    assert normalize_name(word.upper()) == normalize_name(word.lower()) == word.lower()
    assert normalize_name(separator.join(word)) == word.lower()


def test_full_width_input_is_folded():
    assert normalize_phone("＋８６ １３８ ００１３ ８０００") == "8613800138000"
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
    national = not "".join(ch for ch in value if ch.isdigit()).startswith("00")
    assert key == "" or not national or key.startswith("86")


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
