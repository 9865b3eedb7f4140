"""Name normalisation: the forms of one name that rosters and applications use meet on one key."""

import pytest

from amends.linkage.facts import BadBirthDate, BirthDate, Place, employer_key, hometown_key, parse_birth_date
from amends.linkage.names import (
    hangul_to_hanja,
    hanja_to_hangul,
    initial_sound_rule,
    japanese_reading,
    korean_given,
    korean_surname,
    korean_surname_of_japanese,
    mccune_reischauer,
    revised_romanization,
    roman_skeleton,
    split_japanese_name,
    split_korean_name,
)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("리", "이"), ("림", "임"), ("로", "노"), ("류", "유"), ("라", "나"), ("녀자", "여자"), ("김", "김")],
)
def test_the_initial_sound_rule_folds_to_the_south_korean_spelling(written, canonical):
    assert initial_sound_rule(written) == canonical


@pytest.mark.parametrize("written", ["이", "리", "李", "Lee", "Yi", "Rhee", "I", "RHEE"])
def test_every_form_of_the_surname_lee_is_one_surname(written):
    assert korean_surname(written) == "이"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("林", "임"), ("Lim", "임"), ("盧", "노"), ("Roh", "노"), ("金", "김"), ("Park", "박"), ("Pak", "박"),
     ("朴", "박"), ("崔", "최"), ("Choi", "최"), ("柳", "유"), ("Ryu", "유")],
)  # fmt: skip
def test_surnames_from_hanja_and_romanisations(written, canonical):
    assert korean_surname(written) == canonical


def test_hanja_read_in_korean_and_back():
    # given a Korean name in Hanja
    # when it is read
    # then 金 as a surname reads 김, not 금; and the way back offers the surname's character
    assert hanja_to_hangul("金正雄", surname=True) == "김정웅"
    assert hanja_to_hangul("金正雄") == "금정웅"
    assert korean_given("正雄") == "정웅"
    assert "李" in hangul_to_hanja("이")
    assert "正" in hangul_to_hanja("정")


def test_japanese_style_names_are_split_read_and_traced_to_the_korean_surname():
    assert split_japanese_name("金田正雄") == ("金田", "正雄")
    assert split_japanese_name("岩本 秀夫") == ("岩本", "秀夫")
    assert japanese_reading("金田正雄") == ("かねだまさお", "kanedamasao")
    assert japanese_reading("カネダ") == ("かねだ", "kaneda")
    # 岩本 was imposed on the 李 clan; 金田 keeps the character of 金
    assert korean_surname_of_japanese("岩本") == "이"
    assert korean_surname_of_japanese("金田") == "김"
    assert korean_surname_of_japanese("新井") == "박"


def test_korean_names_split_with_two_syllable_surnames():
    assert split_korean_name("김정수") == ("김", "정수")
    assert split_korean_name("남궁민수") == ("남궁", "민수")
    assert split_korean_name("이 순 자") == ("이", "순자")
    # and the same surnames written in Hanja
    assert split_korean_name("南宮民秀") == ("南宮", "民秀")
    assert split_korean_name("諸葛正雄") == ("諸葛", "正雄")
    assert split_korean_name("鮮于英子") == ("鮮于", "英子")
    assert korean_surname("南宮") == "남궁"


def test_revised_romanisation_and_mccune_reischauer():
    assert revised_romanization("김정수") == "gimjeongsu"
    assert mccune_reischauer("김정수") == "kimjŏngsu"
    assert mccune_reischauer("정부") == "chŏngbu"
    assert mccune_reischauer("최영철") == "ch'oeyŏngch'ŏl"


@pytest.mark.parametrize("written", ["Jeongsu", "Chŏngsu", "Ch'ŏng-su", "Chong Su", "jeong-su"])
def test_romanisations_of_one_given_name_share_a_skeleton(written):
    assert roman_skeleton(written) == roman_skeleton(revised_romanization("정수"))


@pytest.mark.parametrize(
    ("written", "parsed", "precision"),
    [
        ("1920", BirthDate(1920), "year"),
        ("1920-03", BirthDate(1920, 3), "month"),
        ("1920-03-05", BirthDate(1920, 3, 5), "day"),
        ("1920.3.5", BirthDate(1920, 3, 5), "day"),
        ("大正9年3月", BirthDate(1920, 3), "month"),
        ("昭和元年", BirthDate(1926), "year"),
        # era and Western dates written to the day with 日 or 일, as family registers give them
        ("大正9年3月5日", BirthDate(1920, 3, 5), "day"),
        ("1920年3月5日", BirthDate(1920, 3, 5), "day"),
        ("1920年3月", BirthDate(1920, 3), "month"),
        ("1920년 3월 5일", BirthDate(1920, 3, 5), "day"),
        ("大正15年", BirthDate(1926), "year"),
        ("1920-02-29", BirthDate(1920, 2, 29), "day"),
    ],
)
def test_birth_dates_of_uncertain_precision(written, parsed, precision):
    assert parse_birth_date(written) == parsed
    assert parsed.precision == precision


@pytest.mark.parametrize(
    "written",
    [
        "1920-13", "20/3/1920", "next spring", "1920-02-40",
        # a day that no calendar has, an era year after the era ended, a day without a month
        "1920-02-31", "1921-02-29", "大正20年", "明治46年", "昭和65年", "大正9年5日",
    ],
)  # fmt: skip
def test_a_birth_date_that_cannot_be_read_is_refused(written):
    with pytest.raises(BadBirthDate):
        parse_birth_date(written)


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("全羅南道 光州郡", "광주광역시", Place("전남", "광주")),
        ("京城府", "서울특별시 종로구", Place("경기", "서울")),
        ("慶尙北道 安東郡", "경상북도 안동시", Place("경북", "안동")),
        ("全羅北道 益山郡", "전북특별자치도 익산시", Place("전북", "익산")),
        # two-syllable names without a suffix are whole names, not cut to one syllable
        ("京城府 鐘路", "서울 종로구", Place("경기", "서울")),
        ("全羅南道 光州郡", "전남 광주", Place("전남", "광주")),
        ("慶尙南道 釜山府", "부산 해운대구", Place("경남", "부산")),
    ],
)
def test_hometowns_in_colonial_and_present_divisions_meet(old, new, place):
    assert hometown_key(old) == hometown_key(new) == place


def test_employers_in_kanji_and_hangul_meet():
    assert employer_key("三菱重工業株式会社") == employer_key("미쓰비시중공업") == "mitsubishi"
    assert employer_key("日本製鐵") == employer_key("일본제철") == "nipponsteel"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Aso Mining", "aso"),
        ("Mitsubishi Heavy Industries, Ltd.", "mitsubishi"),
        ("Nippon Steel Corp", "nipponsteel"),
        ("NKK Corp", "nkk"),
        ("Kawasaki Steel", "kawasaki"),
        ("Fujikoshi K.K.", "fujikoshi"),
    ],
)
def test_romanised_employers_are_recognised_by_whole_words(written, key):
    assert employer_key(written) == key


@pytest.mark.parametrize("written", ["Yasoji Mining", "Asonuma Co.", "Steelworks Yawata"])
def test_a_romanised_employer_is_not_found_inside_another_word(written):
    # "aso" is in "Yasoji", and "steel" is only half of Nippon Steel
    assert employer_key(written) not in {"aso", "nipponsteel"}
