from conftest import PHONES


def test_signed_sms_starts_conversation(send_sms, invited):
    invited()
    response = send_sms(PHONES[0], "hej")
    assert response.status_code == 200
    assert b"<Message>" in response.data
