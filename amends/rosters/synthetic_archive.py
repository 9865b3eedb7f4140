"""A second synthetic generator, written the way the wartime rosters and today's applications are.

Independent of :mod:`amends.rosters.synthetic` (its own code, vocabulary and rates; only the import's
columns are shared), so that the matching is measured on data it was not tuned on. Every person is
invented; the places, employers and eras are real.

Rosters as the employers and officials wrote them (1939-1945):

- the name only in kanji: the Japanese-style name imposed by 창씨개명 (a clan's new surname, 金 → 金山,
  李 → 宮本), the given name either the person's own characters or a Japanese one (正雄, 一郎), written
  in the old forms (國本, 廣田, 黃) by some clerks and the new ones (国本, 広田, 黄) by others; a katakana
  reading beside it on most rosters, the own given name read the Japanese way (福仁 → フクジン); the
  Korean name (本名) in a few;
- the birth as a year only (1921, 大正10年), to the month or the day in era years, or not at all but
  the age at the roster's date (``昭和19年 24歳``: counted the old way, 数え年, and ``滿`` when the
  clerk counted full years);
- the hometown (本籍) in the colonial divisions in kanji: 道, then 府, 郡 or 島, then 面 or 邑
  (慶尙北道 善山郡 海平面);
- the employer and worksite in kanji.

Applications as families write them today: the Korean name in Hangul (now and then a typo), sometimes
in Hanja; the Japanese name they remember, mostly in Hangul as it sounded (히라야마후쿠진), sometimes in
kanji or kana; a full birth date from the family register (now and then a year off); the hometown as
today's address (경상북도 구미시 해평면), or the old name in Hangul; the employer and worksite in Hangul.

:func:`generate` writes the same files as the first generator: ``roster.csv``, ``applications.csv``,
``payments.csv`` in the import's standard columns, and ``truth.csv`` (``application_ref,roster_ref``),
``truth_duplicates.csv``, ``truth_earlier.csv`` (``application_ref,other_ref``).
"""

import csv
import random
from dataclasses import dataclass
from pathlib import Path

# The import's standard columns (amends.rosters.imports.COLUMNS), in the order the files carry them.
ROSTER_COLUMNS = [
    "ref",
    "name_hangul",
    "name_hanja",
    "name_japanese",
    "name_japanese_reading",
    "name_romanized",
    "birth_date",
    "hometown",
    "employer",
    "worksite",
    "source",
    "archive",
    "roster",
    "page",
    "line",
]
APPLICATION_COLUMNS = [*ROSTER_COLUMNS[:10], "source"]
PAYMENT_COLUMNS = [*ROSTER_COLUMNS[:8], "programme", "paid_on", "amount"]

# Rates of this generator (its own, not the first one's).
ON_ROSTER = 0.90  # applicants whose person is on the roster
REPEATED = 0.04  # applications that repeat an earlier one by the same person
PAID_BEFORE = 0.06  # applicants paid by an earlier programme

# Clans: Hangul, Hanja, weight, and the Japanese-style surnames imposed on them (kanji in the old form
# where it has one, katakana reading). A clerk writing the new form writes it through _NEW_FORMS.
CLANS = [
    (
        "김",
        "金",
        21,
        [
            ("金山", "カナヤマ"),
            ("金本", "カネモト"),
            ("金城", "カネシロ"),
            ("金井", "カナイ"),
            ("金澤", "カナザワ"),
            ("光山", "ミツヤマ"),
            ("金海", "カネウミ"),
        ],
    ),
    (
        "이",
        "李",
        14,
        [
            ("宮本", "ミヤモト"),
            ("國本", "クニモト"),
            ("岩本", "イワモト"),
            ("平山", "ヒラヤマ"),
            ("松山", "マツヤマ"),
            ("木下", "キノシタ"),
            ("廣田", "ヒロタ"),
            ("李家", "リノイエ"),
        ],
    ),
    (
        "박",
        "朴",
        9,
        [
            ("新井", "アライ"),
            ("木村", "キムラ"),
            ("松原", "マツバラ"),
            ("大山", "オオヤマ"),
            ("朴山", "ボクヤマ"),
        ],
    ),
    ("최", "崔", 5, [("山本", "ヤマモト"), ("富山", "トミヤマ"), ("佳山", "カヤマ"), ("月城", "ツキシロ")]),
    (
        "정",
        "鄭",
        5,
        [("烏川", "カラスガワ"), ("東萊", "トウライ"), ("松田", "マツダ"), ("河東", "カワヒガシ")],
    ),
    ("강", "姜", 2, [("晉山", "シンヤマ"), ("神農", "カミノウ"), ("岡田", "オカダ")]),
    ("조", "趙", 2, [("夏山", "ナツヤマ"), ("豐川", "トヨカワ"), ("白川", "シラカワ")]),
    ("윤", "尹", 2, [("伊東", "イトウ"), ("坡平", "ハヘイ"), ("平沼", "ヒラヌマ")]),
    ("장", "張", 2, [("張本", "ハリモト"), ("玉山", "タマヤマ"), ("結城", "ユウキ")]),
    ("임", "林", 2, [("林", "ハヤシ"), ("平林", "ヒラバヤシ"), ("林田", "ハヤシダ")]),
    ("한", "韓", 2, [("西原", "ニシハラ"), ("淸原", "キヨハラ"), ("韓山", "カンヤマ")]),
    ("오", "吳", 2, [("吳山", "クレヤマ"), ("吳本", "クレモト"), ("寶城", "タカラギ")]),
    ("신", "申", 2, [("平田", "ヒラタ"), ("高靈", "タカミネ"), ("申川", "シンカワ")]),
    ("권", "權", 1, [("安東", "アンドウ"), ("權藤", "ゴンドウ"), ("福山", "フクヤマ")]),
    ("황", "黃", 1, [("檜山", "ヒヤマ"), ("黃原", "コウハラ"), ("平海", "ヒラウミ")]),
    ("안", "安", 1, [("安田", "ヤスダ"), ("竹山", "タケヤマ"), ("安本", "ヤスモト")]),
    ("송", "宋", 1, [("宋本", "ソウモト"), ("野山", "ノヤマ"), ("恩田", "オンダ")]),
    ("류", "柳", 1, [("柳川", "ヤナガワ"), ("豐田", "トヨダ"), ("文化", "フミカ")]),
    ("홍", "洪", 1, [("德山", "トクヤマ"), ("洪川", "コウカワ"), ("豐山", "トヨヤマ")]),
    ("전", "全", 1, [("松岡", "マツオカ"), ("全田", "マタダ"), ("龍宮", "タツミヤ")]),
    ("고", "高", 1, [("高山", "タカヤマ"), ("高島", "タカシマ"), ("濟州", "サイシュウ")]),
    ("문", "文", 1, [("文山", "フミヤマ"), ("南平", "ミナミヒラ"), ("文本", "フミモト")]),
    ("배", "裵", 1, [("星山", "ホシヤマ"), ("大野", "オオノ"), ("裵山", "ハイヤマ")]),
    ("남", "南", 1, [("宜寧", "ギネイ"), ("南山", "ミナミヤマ"), ("英陽", "エイヨウ")]),
]

# Characters of Korean given names: Hanja, Korean reading (at the start, elsewhere), on'yomi.
NAME_CHARACTERS = [
    ("福", "복", "복", "フク"),
    ("仁", "인", "인", "ジン"),
    ("永", "영", "영", "エイ"),
    ("洙", "수", "수", "シュ"),
    ("萬", "만", "만", "マン"),
    ("石", "석", "석", "セキ"),
    ("在", "재", "재", "ザイ"),
    ("根", "근", "근", "コン"),
    ("炳", "병", "병", "ヘイ"),
    ("鎭", "진", "진", "チン"),
    ("容", "용", "용", "ヨウ"),
    ("昌", "창", "창", "ショウ"),
    ("東", "동", "동", "トウ"),
    ("相", "상", "상", "ソウ"),
    ("俊", "준", "준", "シュン"),
    ("基", "기", "기", "キ"),
    ("泰", "태", "태", "タイ"),
    ("錫", "석", "석", "シャク"),
    ("奉", "봉", "봉", "ホウ"),
    ("漢", "한", "한", "カン"),
    ("吉", "길", "길", "キチ"),
    ("順", "순", "순", "ジュン"),
    ("植", "식", "식", "ショク"),
    ("德", "덕", "덕", "トク"),
    ("成", "성", "성", "セイ"),
    ("大", "대", "대", "ダイ"),
    ("秀", "수", "수", "シュウ"),
    ("學", "학", "학", "ガク"),
    ("龍", "용", "룡", "リュウ"),
    ("玉", "옥", "옥", "ギョク"),
    ("甲", "갑", "갑", "コウ"),
    ("鍾", "종", "종", "ショウ"),
    ("哲", "철", "철", "テツ"),
    ("浩", "호", "호", "コウ"),
    ("允", "윤", "윤", "イン"),
    ("夏", "하", "하", "カ"),
    ("春", "춘", "춘", "シュン"),
    ("元", "원", "원", "ゲン"),
    ("文", "문", "문", "ブン"),
    ("光", "광", "광", "コウ"),
    ("善", "선", "선", "ゼン"),
    ("煥", "환", "환", "カン"),
    ("圭", "규", "규", "ケイ"),
    ("珍", "진", "진", "チン"),
    ("載", "재", "재", "サイ"),
    ("喜", "희", "희", "キ"),
    ("鳳", "봉", "봉", "ホウ"),
    ("壽", "수", "수", "ジュ"),
    ("國", "국", "국", "コク"),
    ("千", "천", "천", "セン"),
    ("守", "수", "수", "シュ"),
    ("斗", "두", "두", "ト"),
    ("點", "점", "점", "テン"),
    ("判", "판", "판", "ハン"),
    ("海", "해", "해", "カイ"),
    ("淳", "순", "순", "ジュン"),
    ("弼", "필", "필", "ヒツ"),
    ("翼", "익", "익", "ヨク"),
    ("權", "권", "권", "ケン"),
    ("雲", "운", "운", "ウン"),
    ("然", "연", "연", "ゼン"),
    ("範", "범", "범", "ハン"),
    ("道", "도", "도", "ドウ"),
    ("云", "운", "운", "ウン"),
]

# Japanese given names given with the new surname (kanji in the old form where it has one, reading).
JAPANESE_GIVEN = [
    ("正雄", "マサオ"),
    ("武雄", "タケオ"),
    ("一郎", "イチロウ"),
    ("義雄", "ヨシオ"),
    ("光男", "ミツオ"),
    ("淸", "キヨシ"),
    ("茂", "シゲル"),
    ("實", "ミノル"),
    ("勇", "イサム"),
    ("秀夫", "ヒデオ"),
    ("英一", "エイイチ"),
    ("正一", "ショウイチ"),
    ("春吉", "ハルキチ"),
    ("德次郎", "トクジロウ"),
    ("三郎", "サブロウ"),
    ("國雄", "クニオ"),
    ("龍夫", "タツオ"),
    ("榮作", "エイサク"),
    ("豐", "ユタカ"),
    ("博", "ヒロシ"),
    ("繁雄", "シゲオ"),
    ("末吉", "スエキチ"),
    ("萬吉", "マンキチ"),
    ("廣吉", "ヒロキチ"),
]

# Old (旧字体) and new (新字体) forms of the characters above that have both: a clerk writes one or the other.
_NEW_FORMS = str.maketrans(
    "國廣澤淸黃晉豐德實龍榮萬壽學鎭濟點寶靈權", "国広沢清黄晋豊徳実竜栄万寿学鎮済点宝霊権"
)

# Colonial divisions (道, 府/郡/島, 面/邑 in kanji) with today's address as families write it; the
# successors are public fact (see amends/linkage/data/colonial_divisions.csv for the sources).
PLACES = [
    (
        "慶尙北道",
        "善山郡",
        [("海平面", "해평면"), ("高牙面", "고아읍"), ("玉城面", "옥성면")],
        "경상북도 구미시",
    ),
    ("慶尙北道", "迎日郡", [("興海面", "흥해읍"), ("延日面", "연일읍")], "경상북도 포항시"),
    ("慶尙北道", "慶州郡", [("安康面", "안강읍"), ("外東面", "외동읍")], "경상북도 경주시"),
    ("慶尙北道", "達城郡", [("玄風面", "현풍읍"), ("花園面", "화원읍")], "대구광역시 달성군"),
    ("慶尙北道", "安東郡", [("豐山面", "풍산읍"), ("臨河面", "임하면")], "경상북도 안동시"),
    ("慶尙北道", "尙州郡", [("咸昌面", "함창읍"), ("化北面", "화북면")], "경상북도 상주시"),
    ("慶尙北道", "義城郡", [("比安面", "비안면"), ("丹村面", "단촌면")], "경상북도 의성군"),
    ("慶尙北道", "聞慶郡", [("加恩面", "가은읍"), ("山陽面", "산양면")], "경상북도 문경시"),
    ("慶尙南道", "晋州郡", [("文山面", "문산읍"), ("琴山面", "금산면")], "경상남도 진주시"),
    ("慶尙南道", "昌原郡", [("鎭東面", "진동면"), ("內西面", "내서읍")], "경상남도 창원시"),
    ("慶尙南道", "東萊郡", [("機張面", "기장읍"), ("龜浦面", "구포동")], "부산광역시"),
    ("慶尙南道", "蔚山郡", [("彦陽面", "언양읍"), ("方魚津邑", "방어동")], "울산광역시"),
    ("慶尙南道", "陜川郡", [("草溪面", "초계면"), ("三嘉面", "삼가면")], "경상남도 합천군"),
    ("慶尙南道", "統營郡", [("光道面", "광도면"), ("山陽面", "산양읍")], "경상남도 통영시"),
    ("慶尙南道", "密陽郡", [("三浪津面", "삼랑진읍"), ("下南面", "하남읍")], "경상남도 밀양시"),
    ("全羅南道", "羅州郡", [("榮山浦邑", "영산동"), ("金川面", "금천면")], "전라남도 나주시"),
    ("全羅南道", "光山郡", [("松汀面", "송정동"), ("河南面", "하남동")], "광주광역시 광산구"),
    ("全羅南道", "順天郡", [("樂安面", "낙안면"), ("別良面", "별량면")], "전라남도 순천시"),
    ("全羅南道", "麗水郡", [("突山面", "돌산읍"), ("華陽面", "화양면")], "전라남도 여수시"),
    ("全羅南道", "海南郡", [("三山面", "삼산면"), ("花源面", "화원면")], "전라남도 해남군"),
    ("全羅南道", "寶城郡", [("筏橋面", "벌교읍"), ("得粮面", "득량면")], "전라남도 보성군"),
    ("全羅北道", "沃溝郡", [("臨陂面", "임피면"), ("大野面", "대야면")], "전북특별자치도 군산시"),
    ("全羅北道", "益山郡", [("咸悅面", "함열읍"), ("春浦面", "춘포면")], "전북특별자치도 익산시"),
    ("全羅北道", "完州郡", [("參禮面", "삼례읍"), ("高山面", "고산면")], "전북특별자치도 완주군"),
    ("全羅北道", "金堤郡", [("萬頃面", "만경읍"), ("竹山面", "죽산면")], "전북특별자치도 김제시"),
    ("忠淸南道", "燕岐郡", [("鳥致院邑", "조치원읍"), ("全義面", "전의면")], "세종특별자치시"),
    ("忠淸南道", "論山郡", [("江景邑", "강경읍"), ("恩津面", "은진면")], "충청남도 논산시"),
    ("忠淸南道", "天安郡", [("成歡面", "성환읍"), ("木川面", "목천읍")], "충청남도 천안시"),
    ("忠淸北道", "淸州郡", [("江外面", "강외면"), ("米院面", "미원면")], "충청북도 청주시"),
    ("忠淸北道", "忠州郡", [("周德面", "주덕읍"), ("嚴政面", "엄정면")], "충청북도 충주시"),
    ("京畿道", "水原郡", [("烏山面", "오산동"), ("半月面", "반월동")], "경기도 화성시"),
    ("京畿道", "振威郡", [("彭城面", "팽성읍"), ("松炭面", "송탄동")], "경기도 평택시"),
    ("京畿道", "始興郡", [("秀岩面", "수암동"), ("君子面", "군자동")], "경기도 시흥시"),
    ("京畿道", "高陽郡", [("碧蹄面", "벽제동"), ("一山面", "일산동")], "경기도 고양시"),
    ("江原道", "江陵郡", [("注文津面", "주문진읍"), ("玉溪面", "옥계면")], "강원특별자치도 강릉시"),
    ("江原道", "春川郡", [("新北面", "신북읍"), ("東內面", "동내면")], "강원특별자치도 춘천시"),
    ("黃海道", "海州郡", [("泳東面", "영동면"), ("檢丹面", "검단면")], "황해남도 해주시"),
    ("黃海道", "延白郡", [("延安邑", "연안읍"), ("海城面", "해성면")], "황해남도 연안군"),
    ("全羅南道", "濟州島", [("舊左面", "구좌읍"), ("翰林面", "한림읍")], "제주특별자치도 제주시"),
    ("京畿道", "京城府", [], "서울특별시"),
    ("慶尙南道", "釜山府", [], "부산광역시"),
    ("慶尙北道", "大邱府", [], "대구광역시"),
    ("全羅南道", "木浦府", [], "전라남도 목포시"),
    ("平安南道", "平壤府", [], "평양직할시"),
]
# Colonial provinces in Hangul as an applicant writing an old address gives them.
_PROVINCE_HANGUL = {
    "慶尙北道": "경상북도",
    "慶尙南道": "경상남도",
    "全羅南道": "전라남도",
    "全羅北道": "전라북도",
    "忠淸南道": "충청남도",
    "忠淸北道": "충청북도",
    "京畿道": "경기도",
    "江原道": "강원도",
    "黃海道": "황해도",
    "平安南道": "평안남도",
}

# Employers (kanji on the roster; Hangul in applications) and their worksites.
EMPLOYERS = [
    (
        "三菱重工業株式會社",
        "미쓰비시중공업",
        [("長崎造船所", "나가사키 조선소"), ("名古屋航空機製作所", "나고야 항공기제작소")],
    ),
    ("日本製鐵株式會社", "일본제철", [("八幡製鐵所", "야하타 제철소"), ("釜石製鐵所", "가마이시 제철소")]),
    ("不二越鋼材工業", "후지코시", [("富山工場", "도야마 공장")]),
    ("三井鑛山株式會社", "미쓰이광산", [("三池炭鑛", "미이케 탄광"), ("田川炭鑛", "다가와 탄광")]),
    ("住友鑛業", "스미토모광업", [("別子鑛業所", "벳시 광업소")]),
    ("麻生鑛業", "아소광업", [("吉隈炭鑛", "요시쿠마 탄광")]),
    ("日本鋼管株式會社", "일본강관", [("川崎製鐵所", "가와사키 제철소")]),
    ("北海道炭礦汽船", "홋카이도탄광기선", [("夕張炭鑛", "유바리 탄광")]),
]

# The Korean transcription of Japanese (외래어 표기법, 1986), as a family writes a remembered name:
# kana → (Hangul at the start of a word, Hangul elsewhere). Two-kana sounds (キャ) come first.
_KANA_HANGUL = {
    "キャ": ("갸", "캬"),
    "キュ": ("규", "큐"),
    "キョ": ("교", "쿄"),
    "ギャ": ("갸", "갸"),
    "ギョ": ("교", "교"),
    "シャ": ("샤", "샤"),
    "シュ": ("슈", "슈"),
    "ショ": ("쇼", "쇼"),
    "ジャ": ("자", "자"),
    "ジュ": ("주", "주"),
    "ジョ": ("조", "조"),
    "チャ": ("자", "차"),
    "チュ": ("주", "추"),
    "チョ": ("조", "초"),
    "ヒャ": ("햐", "햐"),
    "ヒュ": ("휴", "휴"),
    "ヒョ": ("효", "효"),
    "リャ": ("랴", "랴"),
    "リュ": ("류", "류"),
    "リョ": ("료", "료"),
    "ニュ": ("뉴", "뉴"),
    "ビョ": ("뵤", "뵤"),
    "ア": ("아", "아"),
    "イ": ("이", "이"),
    "ウ": ("우", "우"),
    "エ": ("에", "에"),
    "オ": ("오", "오"),
    "カ": ("가", "카"),
    "キ": ("기", "키"),
    "ク": ("구", "쿠"),
    "ケ": ("게", "케"),
    "コ": ("고", "코"),
    "ガ": ("가", "가"),
    "ギ": ("기", "기"),
    "グ": ("구", "구"),
    "ゲ": ("게", "게"),
    "ゴ": ("고", "고"),
    "サ": ("사", "사"),
    "シ": ("시", "시"),
    "ス": ("스", "스"),
    "セ": ("세", "세"),
    "ソ": ("소", "소"),
    "ザ": ("자", "자"),
    "ジ": ("지", "지"),
    "ズ": ("즈", "즈"),
    "ゼ": ("제", "제"),
    "ゾ": ("조", "조"),
    "タ": ("다", "타"),
    "チ": ("지", "치"),
    "ツ": ("쓰", "쓰"),
    "テ": ("데", "테"),
    "ト": ("도", "토"),
    "ダ": ("다", "다"),
    "ヂ": ("지", "지"),
    "ヅ": ("즈", "즈"),
    "デ": ("데", "데"),
    "ド": ("도", "도"),
    "ナ": ("나", "나"),
    "ニ": ("니", "니"),
    "ヌ": ("누", "누"),
    "ネ": ("네", "네"),
    "ノ": ("노", "노"),
    "ハ": ("하", "하"),
    "ヒ": ("히", "히"),
    "フ": ("후", "후"),
    "ヘ": ("헤", "헤"),
    "ホ": ("호", "호"),
    "バ": ("바", "바"),
    "ビ": ("비", "비"),
    "ブ": ("부", "부"),
    "ベ": ("베", "베"),
    "ボ": ("보", "보"),
    "パ": ("파", "파"),
    "ピ": ("피", "피"),
    "プ": ("푸", "푸"),
    "ペ": ("페", "페"),
    "ポ": ("포", "포"),
    "マ": ("마", "마"),
    "ミ": ("미", "미"),
    "ム": ("무", "무"),
    "メ": ("메", "메"),
    "モ": ("모", "모"),
    "ヤ": ("야", "야"),
    "ユ": ("유", "유"),
    "ヨ": ("요", "요"),
    "ラ": ("라", "라"),
    "リ": ("리", "리"),
    "ル": ("루", "루"),
    "レ": ("레", "레"),
    "ロ": ("로", "로"),
    "ワ": ("와", "와"),
    "ヲ": ("오", "오"),
}
# Spoken forms families write besides the official one: カ as 카 at the start, ツ as 츠.
_COLLOQUIAL = {"가": "카", "기": "키", "구": "쿠", "게": "케", "고": "코", "다": "타", "도": "토", "쓰": "츠"}
_HANGUL_BASE = 0xAC00


def _add_final(syllable: str, final: int) -> str:
    """A Hangul syllable with a final consonant (ㄴ = 4, ㅅ = 19) added, if it has none."""
    code = ord(syllable) - _HANGUL_BASE
    return chr(ord(syllable) + final) if 0 <= code < 11172 and code % 28 == 0 else syllable


def kana_to_hangul(kana: str, rng: random.Random | None = None) -> str:
    """A katakana name in Hangul as the 1986 rules transcribe it (ヒラヤマ フクジン → 히라야마 후쿠진); long
    vowels are not written (オオヤマ → 오야마, コウ → 고). With ``rng``, the spoken variants families also
    write (카네모토 for 가네모토, 마츠 for 마쓰, the long vowel kept)."""
    words = []
    for word in kana.split():
        out: list[str] = []
        index = 0
        keep_long = rng is not None and rng.random() < 0.25
        while index < len(word):
            pair, one = word[index : index + 2], word[index]
            previous = word[index - 1] if index else ""
            if one == "ン" and out:
                out[-1] = _add_final(out[-1], 4)
                index += 1
                continue
            if one == "ッ" and out:
                out[-1] = _add_final(out[-1], 19)
                index += 1
                continue
            if one == "ー" or (
                not keep_long
                and out
                and (
                    (
                        one == "ウ"
                        and previous in "ウクスツヌフムユルグズヅブプュョコソトノホモヨロゴゾドボポオ"
                    )
                    or (one == "イ" and previous in "エケセテネヘメレゲゼデベペ")
                    or (one == "オ" and previous in "オコソトノホモヨロゴゾドボポ")
                )
            ):
                index += 1
                continue
            if pair in _KANA_HANGUL:
                initial, medial = _KANA_HANGUL[pair]
                index += 2
            elif one in _KANA_HANGUL:
                initial, medial = _KANA_HANGUL[one]
                index += 1
            else:
                index += 1
                continue
            syllable = initial if not out else medial
            if rng is not None and not out and rng.random() < 0.3:
                syllable = _COLLOQUIAL.get(syllable, syllable)
            if rng is not None and syllable == "쓰" and rng.random() < 0.4:
                syllable = "츠"
            out.append(syllable)
        words.append("".join(out))
    return " ".join(words)


@dataclass
class Person:
    surname_hangul: str
    surname_hanja: str
    given_hangul: str
    given_hanja: str
    japanese_surname: str  # kanji, old forms
    japanese_surname_reading: str  # katakana
    japanese_given: str  # kanji, old forms
    japanese_given_reading: str  # katakana
    born: tuple[int, int, int]
    place: tuple  # an entry of PLACES
    township: tuple[str, str] | None
    employer: tuple  # an entry of EMPLOYERS
    worksite: tuple[str, str]


_CLAN_WEIGHTS = [clan[2] for clan in CLANS]


def _person(rng: random.Random) -> Person:
    surname_hangul, surname_hanja, _weight, imposed = rng.choices(CLANS, weights=_CLAN_WEIGHTS)[0]
    first, second = rng.sample(NAME_CHARACTERS, 2)
    given_hanja = first[0] + second[0]
    given_hangul = first[1] + second[2]
    japanese_surname, surname_reading = rng.choice(imposed)
    if rng.random() < 0.55:
        # The own given name kept, read the Japanese way (on'yomi).
        japanese_given, given_reading = given_hanja, first[3] + second[3]
    else:
        japanese_given, given_reading = rng.choice(JAPANESE_GIVEN)
    place = rng.choice(PLACES)
    employer = rng.choice(EMPLOYERS)
    return Person(
        surname_hangul=surname_hangul,
        surname_hanja=surname_hanja,
        given_hangul=given_hangul,
        given_hanja=given_hanja,
        japanese_surname=japanese_surname,
        japanese_surname_reading=surname_reading,
        japanese_given=japanese_given,
        japanese_given_reading=given_reading,
        born=(rng.randint(1908, 1929), rng.randint(1, 12), rng.randint(1, 28)),
        place=place,
        township=rng.choice(place[2]) if place[2] else None,
        employer=employer,
        worksite=rng.choice(employer[2]),
    )


_ERAS = (("昭和", 1926), ("大正", 1912), ("明治", 1868))


def _era(year: int) -> str:
    for era, first in _ERAS:
        if year >= first:
            number = year - first + 1
            return f"{era}{'元' if number == 1 else number}年"
    raise ValueError(year)


def _roster_birth(rng: random.Random, person: Person, roster_year: int) -> str:
    year, month, day = person.born
    draw = rng.random()
    if draw < 0.22:
        return str(year)
    if draw < 0.40:
        return _era(year)
    if draw < 0.55:
        return f"{_era(year)}{month}月"
    if draw < 0.65:
        return f"{_era(year)}{month}月{day}日"
    if draw < 0.92:
        if rng.random() < 0.7:
            # Counted the old way (数え年): one at birth, a year older every new year.
            return f"{_era(roster_year)} {roster_year - year + 1}歳"
        # Full years (滿), at the roster's date in spring: a birthday later in the year not yet reached.
        age = roster_year - year - (1 if month > 4 else 0)
        return f"{_era(roster_year)}4月現在 滿{age}歳"
    return ""


def _writer_forms(text: str, new_forms: bool) -> str:
    return text.translate(_NEW_FORMS) if new_forms else text


def _roster_row(rng: random.Random, person: Person, ref: str, roster: tuple, line: int) -> list:
    roster_year, roster_name, new_forms = roster
    japanese = person.japanese_surname + (" " if rng.random() < 0.5 else "") + person.japanese_given
    reading = ""
    if rng.random() < 0.75:
        reading = (
            person.japanese_surname_reading
            + (" " if rng.random() < 0.6 else "")
            + person.japanese_given_reading
        )
    hanja = person.surname_hanja + person.given_hanja if rng.random() < 0.12 else ""
    province, county, _townships, _modern = person.place
    hometown = ""
    if rng.random() < 0.9:
        parts = [province, county]
        if person.township and rng.random() < 0.8:
            parts.append(person.township[0])
        hometown = " ".join(part for part in parts if part)
    employer, _employer_hangul, _sites = person.employer
    return [
        ref,
        "",
        _writer_forms(hanja, new_forms),
        _writer_forms(japanese, new_forms),
        reading,
        "",
        _roster_birth(rng, person, roster_year),
        _writer_forms(hometown, new_forms),
        _writer_forms(employer, new_forms),
        _writer_forms(person.worksite[0], new_forms),
        "archive-synthetic",
        "National Archives (synthetic)",
        roster_name,
        str(1 + line // 20),
        str(1 + line % 20),
    ]


_JAMO_SWAPS = {"ㅓ": "ㅗ", "ㅗ": "ㅓ", "ㅐ": "ㅔ", "ㅔ": "ㅐ", "ㅕ": "ㅛ"}


def _typo(rng: random.Random, word: str) -> str:
    """One vowel confused (ㅐ/ㅔ, ㅓ/ㅗ), as a family writing from memory or by hand does."""
    vowels = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
    at = rng.randrange(len(word))
    code = ord(word[at]) - _HANGUL_BASE
    if not 0 <= code < 11172:
        return word
    initial, vowel, final = code // 588, (code % 588) // 28, code % 28
    swapped = _JAMO_SWAPS.get(vowels[vowel])
    if not swapped:
        return word
    new = chr(_HANGUL_BASE + initial * 588 + vowels.index(swapped) * 28 + final)
    return word[:at] + new + word[at + 1 :]


def _application_row(rng: random.Random, person: Person, ref: str) -> list:
    given = person.given_hangul if rng.random() > 0.05 else _typo(rng, person.given_hangul)
    hangul = person.surname_hangul + given
    hanja = person.surname_hanja + person.given_hanja if rng.random() < 0.3 else ""
    japanese = ""
    draw = rng.random()
    reading = person.japanese_surname_reading + " " + person.japanese_given_reading
    if draw < 0.5:
        japanese = kana_to_hangul(reading, rng)
        if rng.random() < 0.6:
            japanese = japanese.replace(" ", "")
    elif draw < 0.62:
        japanese = _writer_forms(person.japanese_surname + person.japanese_given, rng.random() < 0.6)
    elif draw < 0.7:
        japanese = reading.replace(" ", "")
    year, month, day = person.born
    if rng.random() < 0.04:
        year += rng.choice((-1, 1))  # the family register's year differs from the roster's
    draw = rng.random()
    born = (
        f"{year}-{month:02d}-{day:02d}"
        if draw < 0.75
        else f"{year}-{month:02d}"
        if draw < 0.85
        else str(year)
    )
    province, county, _townships, modern = person.place
    draw = rng.random()
    if draw < 0.78:
        hometown = modern + (f" {person.township[1]}" if person.township and rng.random() < 0.7 else "")
    elif draw < 0.9 and county:
        # The old address remembered, in Hangul (the Korean reading of the kanji).
        old = [_PROVINCE_HANGUL.get(province, ""), _COUNTY_HANGUL.get(county, "")]
        hometown = " ".join(part for part in old if part)
    else:
        hometown = ""
    _employer, employer_hangul, _sites = person.employer
    return [
        ref,
        hangul,
        hanja,
        japanese,
        "",
        "",
        born,
        hometown,
        employer_hangul if rng.random() < 0.85 else "",
        person.worksite[1] if rng.random() < 0.6 else "",
        "families (synthetic)",
    ]


# The old county names in Hangul (an applicant's "경상북도 선산군"), the Korean reading of the kanji.
_COUNTY_HANGUL = {
    "善山郡": "선산군",
    "迎日郡": "영일군",
    "慶州郡": "경주군",
    "達城郡": "달성군",
    "安東郡": "안동군",
    "尙州郡": "상주군",
    "義城郡": "의성군",
    "聞慶郡": "문경군",
    "晋州郡": "진주군",
    "昌原郡": "창원군",
    "東萊郡": "동래군",
    "蔚山郡": "울산군",
    "陜川郡": "합천군",
    "統營郡": "통영군",
    "密陽郡": "밀양군",
    "羅州郡": "나주군",
    "光山郡": "광산군",
    "順天郡": "순천군",
    "麗水郡": "여수군",
    "海南郡": "해남군",
    "寶城郡": "보성군",
    "沃溝郡": "옥구군",
    "益山郡": "익산군",
    "完州郡": "완주군",
    "金堤郡": "김제군",
    "燕岐郡": "연기군",
    "論山郡": "논산군",
    "天安郡": "천안군",
    "淸州郡": "청주군",
    "忠州郡": "충주군",
    "水原郡": "수원군",
    "振威郡": "진위군",
    "始興郡": "시흥군",
    "高陽郡": "고양군",
    "江陵郡": "강릉군",
    "春川郡": "춘천군",
    "海州郡": "해주군",
    "延白郡": "연백군",
    "京城府": "경성부",
    "釜山府": "부산부",
    "大邱府": "대구부",
    "木浦府": "목포부",
    "平壤府": "평양부",
    "濟州島": "제주도",
}


def _payment_row(rng: random.Random, person: Person, ref: str) -> list:
    year, month, day = person.born
    return [
        ref,
        person.surname_hangul + person.given_hangul,
        person.surname_hanja + person.given_hanja if rng.random() < 0.5 else "",
        "",
        "",
        "",
        f"{year}-{month:02d}-{day:02d}" if rng.random() < 0.8 else str(year),
        person.place[3],
        "programme of 2008 (synthetic)",
        f"{rng.randint(2009, 2015)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        str(rng.choice((2_000_000, 5_000_000, 20_000_000))),
    ]


@dataclass
class Generated:
    roster: Path
    applications: Path
    payments: Path
    truth: Path
    truth_duplicates: Path
    truth_earlier: Path


def _rosters(rng: random.Random) -> list[tuple[int, str, bool]]:
    """The rosters the entries come from: (year of the roster, its name, whether its clerk wrote the
    new character forms)."""
    return [
        (year, f"{_era(year)} 應徵者名簿 第{number}冊", rng.random() < 0.4)
        for number, year in enumerate((1939, 1941, 1942, 1943, 1944, 1944, 1945), start=1)
    ]


def generate(*, roster: int, applications: int, seed: int, directory: Path) -> Generated:
    """Write ``roster`` roster entries and ``applications`` applications to CSV files in ``directory``,
    with the truth beside them: 90 % of applicants are on the roster, 4 % of applications repeat an
    earlier one, 6 % of applicants were paid by an earlier programme."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = Generated(
        *(
            directory / name
            for name in (
                "roster.csv",
                "applications.csv",
                "payments.csv",
                "truth.csv",
                "truth_duplicates.csv",
                "truth_earlier.csv",
            )
        )
    )
    rosters = _rosters(rng)
    people = [_person(rng) for _ in range(roster)]
    with paths.roster.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(ROSTER_COLUMNS)
        for index, person in enumerate(people):
            source = rosters[index % len(rosters)]
            writer.writerow(_roster_row(rng, person, f"AR{index + 1:07d}", source, index // len(rosters)))
    on_roster = rng.sample(range(roster), min(roster, int(applications * ON_ROSTER)))
    applicants: list[tuple[Person, int | None]] = [(people[index], index) for index in on_roster]
    applicants += [(_person(rng), None) for _ in range(applications - len(applicants))]
    rng.shuffle(applicants)
    with (
        paths.applications.open("w", newline="", encoding="utf-8") as out,
        paths.truth.open("w", newline="", encoding="utf-8") as truth,
        paths.truth_duplicates.open("w", newline="", encoding="utf-8") as duplicates,
        paths.payments.open("w", newline="", encoding="utf-8") as payments,
        paths.truth_earlier.open("w", newline="", encoding="utf-8") as earlier,
    ):
        writer, truth_writer = csv.writer(out), csv.writer(truth)
        duplicates_writer, payments_writer, earlier_writer = (
            csv.writer(duplicates),
            csv.writer(payments),
            csv.writer(earlier),
        )
        writer.writerow(APPLICATION_COLUMNS)
        truth_writer.writerow(["application_ref", "roster_ref"])
        duplicates_writer.writerow(["application_ref", "other_ref"])
        payments_writer.writerow(PAYMENT_COLUMNS)
        earlier_writer.writerow(["application_ref", "other_ref"])
        written: list[tuple[str, Person, int | None]] = []
        paid = 0
        for number in range(applications):
            ref = f"AA{number + 1:07d}"
            if written and rng.random() < REPEATED:
                first_ref, person, index = rng.choice(written)
                duplicates_writer.writerow([ref, first_ref])
            else:
                person, index = applicants[number]
                if rng.random() < PAID_BEFORE:
                    paid += 1
                    payment_ref = f"AP{paid:07d}"
                    payments_writer.writerow(_payment_row(rng, person, payment_ref))
                    earlier_writer.writerow([ref, payment_ref])
                written.append((ref, person, index))
            writer.writerow(_application_row(rng, person, ref))
            if index is not None:
                truth_writer.writerow([ref, f"AR{index + 1:07d}"])
    return paths
