"""The load test's gate (bench/load.py) against a tiny local HTTP server: CI must not pass a run with errors.

No timing assertions: these check what is counted, never how fast anything was.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import Run, failed, run_load, summarise


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's gthread workers do

    def do_GET(self):
        if self.path == "/drop":
            self.close_connection = True  # no response at all
            return
        if self.path == "/slow":
            self.server.release.wait(5)
        status = {"/boom": 500, "/busy": 429, "/missing": 404}.get(self.path, 200)
        body = b"{}"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        # Closes the connection after answering without saying so, as a server timing out an idle
        # keep-alive connection does: the client only finds out when it sends the next request.
        self.close_connection = self.path == "/ok-then-close"

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.release.set()
    server.shutdown()
    server.server_close()


def load(port, mix, clients=3, max_requests=30, timeout=10.0):
    # A long duration: these runs end at max_requests, which is what bounds them here.
    run = run_load(port, mix, clients=clients, duration=60, max_requests=max_requests, timeout=timeout)
    return run, summarise(run)


def test_a_healthy_server_passes_on_kept_alive_connections(port):
    run, summary = load(port, {"search": ["/ok", "/ok?page=2"], "api_services": ["/ok?per_page=10"]})

    assert summary["all"]["requests"] == 30
    assert summary["all"]["statuses"] == {"200": 30}
    assert summary["all"]["errors"] == 0
    assert failed(summary) is None
    assert run.connections_opened == 3  # one per client, not one per request


def test_a_500_is_an_error_and_fails_the_gate(port):
    run, summary = load(port, {"search": ["/ok"], "api_services": ["/boom"]}, max_requests=40)

    served_500 = [outcome for outcome in run.outcomes if outcome.status == 500]
    assert summary["all"]["requests"] == 40
    assert served_500, "the mix should have reached the failing address"
    assert summary["all"]["errors_by_kind"] == {"5xx": len(served_500)}
    assert summary["groups"]["api_services"]["errors"] == len(served_500)
    assert summary["groups"]["search"]["errors"] == 0
    assert failed(summary).startswith(f"{len(served_500)} errors (5xx: {len(served_500)})")


def test_a_429_and_a_404_are_errors_too(port):
    _, summary = load(port, {"api_services": ["/busy"], "place": ["/missing"]}, max_requests=20)

    kinds = summary["all"]["errors_by_kind"]
    assert summary["all"]["errors"] == 20
    assert set(kinds) == {"429", "4xx"}
    assert kinds["429"] + kinds["4xx"] == 20
    assert failed(summary) is not None


def test_a_closed_keep_alive_connection_is_sent_again_not_counted_as_an_error(port):
    run, summary = load(port, {"search": ["/ok-then-close"]}, clients=2, max_requests=20)

    assert summary["all"]["statuses"] == {"200": 20}
    assert failed(summary) is None
    assert run.retried > 0
    assert run.connections_opened > 2


def test_a_dropped_connection_is_an_error_even_after_the_retry(port):
    run, summary = load(port, {"search": ["/drop"]}, clients=2, max_requests=6)

    assert summary["all"]["errors_by_kind"] == {"connection": 6}
    assert summary["all"]["statuses"] == {"none": 6}
    assert failed(summary) == "6 errors (connection: 6)"


def test_a_request_past_the_timeout_is_an_error(port):
    _, summary = load(port, {"search": ["/slow"]}, clients=1, max_requests=1, timeout=0.2)

    assert summary["all"]["errors_by_kind"] == {"timeout": 1}
    assert failed(summary) is not None


def test_a_run_that_made_no_request_fails():
    assert failed(summarise(Run())) == "no request was made"
