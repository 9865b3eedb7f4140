"""The bank's files, both ends, in a real browser: two finance officers record the payees' accounts,
batch the payments and download the pain.001 file, then import the bank's statements, one with two
payments under one bank reference and a pending fee, and the next day's with a return."""

import pytest
from lxml import etree

from amends.banking import pain, statements
from amends.banking.models import PaymentBatch
from amends.core.clock import today
from amends.payments.models import Payment
from tests.fund import conftest as fund
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db(transaction=True)

# The fund's small fixtures: a case of two living victims, staff in every role.
case, creditors, staff = fund.case, fund.creditors, fund.staff

PASSWORD = "a long passphrase 7"
ACCOUNT = "11101234567890"  # the foundation's account in the tests' settings


@pytest.fixture
def log_in(browser, live_server):
    """A browser page per user, signed in; closed at the end, with no error in the browser."""
    contexts, errors = [], []

    def open_as(user):
        user.set_password(PASSWORD)
        user.save()
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/")
        page.get_by_label("User name").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", level=1).first.wait_for()
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert errors == [], f"the browser reported errors: {errors}"


def upload(page, path):
    page.get_by_label("camt.053 XML, or a bank's CSV export").set_input_files(str(path))
    page.get_by_role("button", name="Import and reconcile").click()
    page.get_by_role("heading", name=f"Statement {path.name}").wait_for()


def test_batch_out_and_statements_back_through_the_pages(log_in, live_server, creditors, staff, tmp_path):
    for creditor in creditors:
        approved_claim(creditor, staff, planned=today())
    # given park records both payees' accounts on the batches page
    park = log_in(staff["park"])
    park.goto(f"{live_server.url}/fund/batches/")
    for number, row in enumerate(park.locator("[data-testid=waiting] tbody tr").all()[:2], 1):
        row.get_by_text("Record the bank account").click()
        row.get_by_label("Bank", exact=True).select_option("004")
        row.get_by_label("Account number").fill(f"123-456-789{number:03}")
        row.get_by_role("button", name="Save").click()
        park.get_by_text("The bank account is recorded.").wait_for()
    # then the page shows the account masked (personal data, amends.core.crypto), its last four digits
    assert park.locator("[data-testid=waiting]").get_by_text("KB국민은행 ********9001").is_visible()
    # and in full, digits only, when the finance officer asks to see it (an audited access)
    park.locator("[data-testid=waiting] tbody tr").first.get_by_role(
        "button", name="Show the account number (recorded)"
    ).click()
    assert park.locator("[data-testid=number]").inner_text() == "123456789001"

    # when choi creates the batch of the day and downloads its file
    choi = log_in(staff["choi"])
    choi.goto(f"{live_server.url}/fund/batches/")
    choi.locator(f"[data-testid=batch-{today().isoformat()}]").get_by_role("button").click()
    choi.get_by_role("heading", name="Batch AMENDS-").wait_for()
    with choi.expect_download() as download:
        choi.get_by_role("button", name="pain.001.001.09 XML").click()
    document = etree.parse(download.value.path())
    assert pain.pain001_schema().validate(document)
    # then the file pays from the foundation's account, one transfer per payment
    ns = {"p": pain.PAIN_NS}
    assert document.findtext(".//p:DbtrAcct/p:Id/p:Othr/p:Id", namespaces=ns) == ACCOUNT
    ends = [e.text for e in document.findall(".//p:CdtTrfTxInf/p:PmtId/p:EndToEndId", ns)]
    assert len(ends) == 2

    # when the bank's statement comes back: both payments under one bank reference, and a pending fee
    batch = PaymentBatch.objects.get()
    first, second = batch.items.all()
    day1 = tmp_path / "day1.xml"
    day1.write_bytes(
        statements.camt053(
            [
                {
                    "booked_on": today(),
                    "amount": i.amount,
                    "bank_reference": "SAME",
                    "end_to_end_id": i.end_to_end_id,
                }
                for i in (first, second)
            ]
            + [{"booked_on": today(), "amount": 500, "status": "PDNG", "bank_reference": "FEE-1"}],
            account=ACCOUNT,
        )
    )
    choi.goto(f"{live_server.url}/fund/batches/")
    upload(choi, day1)
    # then both are confirmed and the fee waits
    summary = "Lines: 3 · payments confirmed: 2 · returned: 0 · pending: 1 · moved no money: 0 · on record"
    assert choi.get_by_text(summary).is_visible()
    statuses = choi.locator("[data-testid=lines] tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.status)"
    )
    assert statuses == ["matched", "matched", "pending"]

    # when the next day's statement brings the second payment back (account closed)
    day2 = tmp_path / "day2.xml"
    day2.write_bytes(
        statements.camt053(
            [
                {
                    "booked_on": today(),
                    "amount": second.amount,
                    "debit": False,
                    "returned": True,
                    "return_reason": "AC04",
                    "bank_reference": "RTN-1",
                    "end_to_end_id": second.end_to_end_id,
                }
            ],
            account=ACCOUNT,
        )
    )
    choi.goto(f"{live_server.url}/fund/batches/")
    upload(choi, day2)
    assert choi.locator("[data-testid=lines] tbody tr").get_attribute("data-status") == "returned"
    # then the batch shows one paid and one returned, and the claim waits, approved, for a new decision
    choi.goto(f"{live_server.url}/fund/batches/{batch.pk}/")
    rows = choi.locator("[data-testid=items] tbody tr")
    assert "paid" in rows.nth(0).inner_text()
    assert rows.nth(1).locator("[data-testid=returned]").is_visible()
    assert "AC04" in rows.nth(1).inner_text()
    second.proposal.claim.refresh_from_db()
    assert second.proposal.claim.state == "payment_approved"
    assert Payment.objects.get(proposal=second.proposal).returned_on == today()
