"""The pain.001 a bank's implementation guide accepts: the foundation's account from the settings, the
initiating party's customer id, charges, payment type, an instruction id per transfer, a passbook memo
a family recognises, payees abroad by BIC and IBAN; and payee accounts checked before they are
recorded, each refusal naming the field, with nothing written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from amends.audit.models import AuditEvent
from amends.banking import pain, services
from amends.banking.models import BatchItem, PayeeAccount, PaymentBatch
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

NS = {"p": pain.PAIN_NS}
DAY = date(2023, 4, 14)


def korean(creditor, staff, **fields):
    values = {"holder": str(creditor.person), "bank_code": "004", "account_number": "123-456-789012"}
    return services.payee_account_record(creditor=creditor, by=staff["park"], **(values | fields))


def abroad(creditor, staff, **fields):
    values = {
        "holder": str(creditor.person),
        "bic": "MHCBJPJT",
        "account_number": "1234567",
        "romanised_name": "Lee Jeongho",
    }
    return services.payee_account_record(creditor=creditor, by=staff["park"], **(values | fields))


@pytest.fixture
def batch(creditors, staff):
    """Kim paid at home (KB국민), Lee abroad (Mizuho, Japan: no IBAN), in one batch."""
    for creditor in creditors:
        approved_claim(creditor, staff)
    korean(creditors[0], staff)
    abroad(creditors[1], staff)
    return services.batch_create(by=staff["choi"], execution_on=DAY)


def text(document, path):
    return document.findtext(path, namespaces=NS)


def test_the_debtor_the_initiating_party_and_the_payment_type(batch):
    document = etree.fromstring(pain.pain001(batch))
    assert pain.pain001_schema().validate(document)
    header = "p:CstmrCdtTrfInitn/p:GrpHdr"
    assert text(document, f"{header}/p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id") == "AMENDS-TEST"
    home, away = document.findall("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert text(home, "p:PmtInfId") == batch.reference
    assert text(away, "p:PmtInfId") == f"{batch.reference}-X"
    assert text(home, "p:DbtrAcct/p:Id/p:Othr/p:Id") == "11101234567890"
    assert text(home, "p:DbtrAcct/p:Ccy") == "KRW"
    agent = home.find("p:DbtrAgt/p:FinInstnId", NS)
    assert text(agent, "p:BICFI") == "NACFKRSE"
    assert text(agent, "p:ClrSysMmbId/p:ClrSysId/p:Prtry") == "KRKFT"
    assert text(agent, "p:ClrSysMmbId/p:MmbId") == "011"
    assert text(agent, "p:Nm") == "NongHyup Bank"
    assert [text(info, "p:ChrgBr") for info in (home, away)] == ["DEBT", "DEBT"]
    assert text(home, "p:PmtTpInf/p:InstrPrty") == "NORM"
    assert text(home, "p:PmtTpInf/p:SvcLvl/p:Cd") == "NURG"
    assert text(away, "p:PmtTpInf/p:InstrPrty") == "NORM"
    # and the schema's order: ChrgBr after the debtor's agent, before the transfers
    tags = [etree.QName(child).localname for child in home]
    assert tags.index("PmtTpInf") < tags.index("ReqdExctnDt")
    assert tags.index("DbtrAgt") < tags.index("ChrgBr") < tags.index("CdtTrfTxInf")


def test_each_transfer_has_an_instruction_id_a_memo_and_its_end_to_end_id(batch):
    document = etree.fromstring(pain.pain001(batch))
    kim = batch.items.order_by("pk")[0]
    (home,) = document.findall(f".//p:PmtInf[p:PmtInfId='{batch.reference}']/p:CdtTrfTxInf", NS)
    assert text(home, "p:PmtId/p:InstrId") == f"AMENDS-B{batch.pk}-{kim.pk}"
    assert text(home, "p:PmtId/p:EndToEndId") == f"AMENDS-P{kim.proposal_id}"
    assert text(home, "p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId") == "004"
    assert text(home, "p:CdtrAgt/p:FinInstnId/p:Nm") == "KB국민은행"
    assert text(home, "p:Cdtr/p:Nm") == "김영수"
    assert text(home, "p:CdtrAcct/p:Id/p:Othr/p:Id") == "123456789012"
    memo = text(home, "p:RmtInf/p:Ustrd")
    assert memo == f"강제동원재단 P{kim.proposal_id}"
    # 6 Hangul syllables at 2 bytes, a space and "P<n>" at 1: within the 20 bytes banks print
    assert pain.memo_bytes(memo) == 12 + 1 + 1 + len(str(kim.proposal_id)) <= pain.MEMO_MAX_BYTES
    ids = [e.text for e in document.findall(".//p:InstrId", NS)]
    assert len(set(ids)) == 2


def test_the_memo_stays_within_the_bytes_the_bank_prints():
    assert pain.passbook_memo("AMENDS-P123") == "강제동원재단 P123"
    assert pain.memo_bytes("강제동원재단 P123") == 17
    assert pain.passbook_memo("AMENDS-P123456") == "강제동원재단 P123456"
    assert pain.passbook_memo("AMENDS-P1234567") == "강제동원재단P1234567"
    assert pain.passbook_memo("AMENDS-P12345678") == "재단 P12345678"
    for number in (1, 10**6, 10**7, 10**8, 10**12):
        assert pain.memo_bytes(pain.passbook_memo(f"AMENDS-P{number}")) <= 20


def test_a_payee_abroad_is_paid_by_bic_under_the_name_in_latin_letters(batch):
    document = etree.fromstring(pain.pain001(batch))
    lee = batch.items.order_by("pk")[1]
    assert (lee.bic, lee.account_number, lee.romanised_name, lee.iban) == (
        "MHCBJPJT",
        "1234567",
        "Lee Jeongho",
        "",
    )
    (away,) = document.findall(f".//p:PmtInf[p:PmtInfId='{batch.reference}-X']/p:CdtTrfTxInf", NS)
    assert text(away, "p:PmtId/p:EndToEndId") == f"AMENDS-P{lee.proposal_id}"
    assert text(away, "p:CdtrAgt/p:FinInstnId/p:BICFI") == "MHCBJPJT"
    assert away.find("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId", NS) is None
    assert text(away, "p:Cdtr/p:Nm") == "Lee Jeongho"
    assert text(away, "p:CdtrAcct/p:Id/p:Othr/p:Id") == "1234567"
    assert text(away, "p:RmtInf/p:Ustrd").startswith(f"AMENDS-P{lee.proposal_id} Foundation for Victims")


def test_an_iban_goes_in_cdtracct_iban(creditors, staff):
    approved_claim(creditors[0], staff)
    abroad(creditors[0], staff, bic="DEUTDEFF", account_number="", iban="DE89 3704 0044 0532 0130 00")
    batch = services.batch_create(by=staff["choi"], execution_on=DAY)
    document = etree.fromstring(pain.pain001(batch))
    assert text(document, ".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN") == "DE89370400440532013000"
    assert pain.pain001_schema().validate(document)
    rows = pain.batch_csv(batch).splitlines()
    assert rows[1].endswith(",DE89370400440532013000,DEUTDEFF,Lee Jeongho," + text(document, ".//p:Ustrd"))


def test_the_csv_carries_iban_bic_the_name_as_sent_and_the_memo(batch):
    rows = pain.batch_csv(batch).splitlines()
    kim, lee = batch.items.order_by("pk")
    assert rows[1].endswith(
        f",004,KB국민은행,123456789012,김영수,296438356,KRW,,,김영수,강제동원재단 P{kim.proposal_id}"
    )
    assert f",1234567,이정호,296438356,KRW,,MHCBJPJT,Lee Jeongho,AMENDS-P{lee.proposal_id} " in rows[2]


def nothing_written():
    return not (PaymentBatch.objects.exists() or BatchItem.objects.exists())


@pytest.mark.parametrize("missing", ["account", "bank_code", "customer_id"])
def test_without_the_foundations_account_no_batch_is_made(creditors, staff, settings, missing):
    approved_claim(creditors[0], staff)
    korean(creditors[0], staff)
    settings.FUND_DEBTOR = {"name": "Foundation", "account": "", "bank_code": "", "customer_id": ""} | {
        key: value
        for key, value in {"account": "11101234567890", "bank_code": "011", "customer_id": "X"}.items()
        if key != missing
    }
    env = {"account": "AMENDS_FUND_ACCOUNT", "bank_code": "AMENDS_FUND_BANK_CODE"}
    env["customer_id"] = "AMENDS_FUND_CUSTOMER_ID"
    with pytest.raises(ValidationError) as refused:
        services.batch_create(by=staff["choi"], execution_on=DAY)
    assert refused.value.messages == [f"The foundation's bank account is not configured: set {env[missing]}."]
    assert nothing_written()


def test_with_nothing_configured_every_setting_is_named(creditors, staff, settings):
    approved_claim(creditors[0], staff)
    korean(creditors[0], staff)
    settings.FUND_DEBTOR = {
        "name": "Foundation",
        "account": "",
        "bank_code": "",
        "customer_id": "",
        "bic": "",
    }
    with pytest.raises(ValidationError) as refused:
        services.batch_create(by=staff["choi"], execution_on=DAY)
    assert refused.value.messages == [
        "The foundation's bank account is not configured: set AMENDS_FUND_ACCOUNT, AMENDS_FUND_BANK_CODE, "
        "AMENDS_FUND_CUSTOMER_ID."
    ]
    assert nothing_written() and not AuditEvent.objects.filter(action="batch.create").exists()


def test_an_execution_date_in_the_past_is_refused(creditors, staff, monkeypatch):
    approved_claim(creditors[0], staff)
    korean(creditors[0], staff)
    monkeypatch.setattr("amends.banking.services.batches.today", lambda: date(2023, 4, 15))
    with pytest.raises(ValidationError) as refused:
        services.batch_create(by=staff["choi"], execution_on=DAY)
    assert refused.value.message_dict == {
        "execution_on": [
            "The requested execution date 2023-04-14 is in the past: the bank executes transfers on a day "
            "to come."
        ]
    }
    assert nothing_written()


REFUSALS = [
    (
        {"bank_code": "국민"},
        "bank_code",
        "Bank code '국민' is not a Korean bank's three-digit code (e.g. 004 for KB Kookmin Bank).",
    ),
    (
        {"bank_code": "4"},
        "bank_code",
        "Bank code '4' is not a Korean bank's three-digit code (e.g. 004 for KB Kookmin Bank).",
    ),
    (
        {"account_number": "계좌-없음-ABC"},
        "account_number",
        "Account number '계좌없음ABC' is not a Korean account number: 10 to 14 digits (spaces and hyphens "
        "are allowed).",
    ),
    (
        {"account_number": "123-45-678"},
        "account_number",
        "Account number '12345678' is not a Korean account number: 10 to 14 digits (spaces and hyphens "
        "are allowed).",
    ),
    ({"holder": " "}, "holder", "The account holder's name is required."),
    (
        {
            "bank_code": "",
            "bic": "DEUTDEFF",
            "iban": "DE88 3704 0044 0532 0130 00",
            "romanised_name": "Kim",
            "account_number": "",
        },
        "iban",
        "IBAN 'DE88370400440532013000' has wrong check digits: compare it with the bank's document.",
    ),
    (
        {"bank_code": "", "bic": "MHCB1PJT", "account_number": "1234567", "romanised_name": "Kim"},
        "bic",
        "BIC 'MHCB1PJT' is not a BIC: 8 or 11 letters and digits, e.g. MHCBJPJT.",
    ),
    (
        {"bank_code": "", "bic": "MHCBJPJT", "account_number": "1234567"},
        "romanised_name",
        "A payment abroad carries the payee's name in Latin letters: give the name in Latin letters.",
    ),
    (
        {"bank_code": "", "bic": "MHCBJPJT", "account_number": "1234567", "romanised_name": "김영수"},
        "romanised_name",
        "The name in Latin letters '김영수' may hold only the letters A to Z, digits, spaces and "
        "/ - ? : ( ) . , ' +",
    ),
    (
        {"bic": "MHCBJPJT", "romanised_name": "Kim"},
        "bank_code",
        "Give either a Korean bank code and account number, or a BIC with an IBAN or account number "
        "for a payee abroad, not both.",
    ),
    (
        {"bank_code": "", "bic": "DEUTDEFF", "account_number": "1234567", "romanised_name": "Kim"},
        "iban",
        "Accounts in DE are paid by IBAN: give the IBAN.",
    ),
]


@pytest.mark.parametrize(("fields", "field", "message"), REFUSALS)
def test_a_wrong_payee_account_is_refused_naming_the_field(creditors, staff, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        korean(creditors[0], staff, **fields)
    assert refused.value.message_dict == {field: [message]}
    assert not PayeeAccount.objects.exists()
    assert not AuditEvent.objects.filter(action="payee_account.record").exists()


def test_the_bank_name_comes_from_the_list_and_an_account_can_move_abroad(creditors, staff):
    account = korean(creditors[0], staff, bank_code="090", account_number="3333 01 2345678")
    assert (account.bank_code, account.bank_name, account.account_number) == (
        "090",
        "카카오뱅크",
        "3333012345678",
    )
    # and later the heir moves abroad: the Korean fields are emptied
    account = abroad(
        creditors[0], staff, iban="GB82 WEST 1234 5698 7654 32", bic="WESTGB2L", account_number=""
    )
    account.refresh_from_db()
    assert (account.bank_code, account.bank_name, account.account_number) == ("", "", "")
    assert (account.iban, account.bic, account.romanised_name) == (
        "GB82WEST12345698765432",
        "WESTGB2L",
        "Lee Jeongho",
    )
