"""Mail through SMTP reaches the server, and while it talks to it, the request gives up its slot."""
import socketserver
import threading

import pytest

from deliberation import gate
from deliberation.mail import send_mail


class FakeSMTP(socketserver.StreamRequestHandler):
    """Just enough of SMTP to accept one message and keep it."""

    def handle(self) -> None:
        self.wfile.write(b"220 fake ESMTP\r\n")
        data, in_data = [], False
        for raw in self.rfile:
            line = raw.decode().rstrip("\r\n")
            if in_data:
                if line == ".":
                    self.server.messages.append("\n".join(data))
                    in_data = False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
            elif line.upper().startswith("DATA"):
                in_data = True
                self.wfile.write(b"354 go ahead\r\n")
            elif line.upper().startswith("QUIT"):
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeSMTP)
    server.messages, server.daemon_threads = [], True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_smtp_mail_is_delivered_with_the_slot_given_up_meanwhile(app, smtp_server, monkeypatch):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_USE_TLS=False,
                      MAIL_PORT=smtp_server.server_address[1])
    entered = []
    real_outside = gate.outside

    def watched_outside():
        entered.append(True)
        return real_outside()

    monkeypatch.setattr(gate, "outside", watched_outside)
    send_mail("ann@example.org", "Hello", "A message for Ann.")
    assert entered == [True]
    assert len(smtp_server.messages) == 1
    assert "Subject: Hello" in smtp_server.messages[0] and "A message for Ann." in smtp_server.messages[0]
