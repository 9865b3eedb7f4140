"""Korean particles after a placeholder take the form the value's final sound needs."""

import pytest

from amends.letters.particles import choose_particles, particle
from amends.letters.services import render_body


@pytest.mark.parametrize(
    ("value", "pair", "expected"),
    [
        ("2013다61381", "이(가)", "이"),  # …일: ㄹ
        ("2018다2248", "이(가)", "이"),  # …팔: ㄹ
        ("2013다67587", "이(가)", "이"),  # …칠
        ("2020다1234", "이(가)", "가"),  # …사
        ("2015다45", "을(를)", "를"),  # …오
        ("2015다46", "을(를)", "을"),  # …육
        ("10", "은(는)", "은"),  # 십
        ("100", "은(는)", "은"),  # 백
        ("1000", "은(는)", "은"),  # 천
        ("20000", "은(는)", "은"),  # 이만
        ("300000000", "이(가)", "이"),  # 삼억
        ("369,863,013", "이(가)", "이"),  # …삼
        ("369,863,000", "이(가)", "이"),  # …천
        ("0", "이(가)", "이"),  # 영
        ("이민철", "은(는)", "은"),
        ("김영수", "은(는)", "는"),
        ("이민철", "과(와)", "과"),
        ("박서연", "와(과)", "과"),
        ("김영수", "와(과)", "와"),
        ("서울중앙지방법원", "(으)로", "으로"),
        ("서울", "(으)로", "로"),  # ㄹ takes 로
        ("광주", "(으)로", "로"),
        ("미쓰비시중공업(주)", "을(를)", "을"),  # the parenthesis is read past
        ("日本製鉄", "이(가)", "이"),  # 철: ㄹ
        ("三菱", "을(를)", "을"),  # 릉
        ("AM-7K2P-Q9XR", "이(가)", "이"),  # ar
        ("AM-7K2P-Q9XA", "이(가)", "가"),
        ("★", "이(가)", "이(가)"),  # cannot be told: both forms stay
    ],
)
def test_particle_follows_the_final_sound(value, pair, expected):
    assert particle(value, pair) == expected


def test_the_letter_wording_gets_one_form():
    # given the offer's Korean wording as staff write it
    body = (
        "확정판결 {{ case_number }}이(가) 피해자 {{ victim_name }}에 관하여, "
        "{{ addressee }}은(는) 동의합니다."
    )
    # when it is written for a case number ending in 1 and an addressee ending in a vowel
    text = render_body(body, {"case_number": "2013다61381", "victim_name": "여운택", "addressee": "김영수"})
    # then each pair takes the one form
    assert text == "확정판결 2013다61381이 피해자 여운택에 관하여, 김영수는 동의합니다."


def test_text_without_a_placeholder_before_it_is_left_alone():
    body, chosen = choose_particles("피고({{ defendants }})를 대신하여 재단이(가)", {"defendants": "x"})
    assert chosen == {}
    assert body == "피고({{ defendants }})를 대신하여 재단이(가)"
