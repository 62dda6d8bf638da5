"""A local Crossref-compatible HTTP server over the compiled fixture (not live Crossref).

Serves, in the shapes recorded from the real API (tests/fixtures/crossref-samples):
- `GET /works/{doi}`: `{"status":"ok","message-type":"work","message":{...}}`, or 404 with
  the plain-text body `Resource not found.`;
- `GET /works?query.bibliographic=...&rows=&select=&filter=alternative-id:...`: a
  work-list ranked by BM25 over title, authors, container and year, each item with a `score`;
- `GET /{doi}` at the DOI-resolver root with `Accept: application/vnd.citationstyles.csl+json`:
  a 302 to `/v1/works/{doi}/transform`, which returns CSL-JSON (DataCite records for arXiv);
- rate-limit headers on every API response.
Faults can be injected: latency, 429 with Retry-After, 500, truncated bodies; and hostile or
malformed bodies (`hostile`): fields of the wrong type, DOIs with braces, parentheses, spaces
and escape sequences, a replaced message, a body that trickles in, a huge body; and
"slow-headers": a status line and then header bytes one at a time (`trickle_seconds` apart,
for `slow_header_seconds`), written straight to the socket, so no per-read timeout ever fires.

Run it by hand (e.g. to regenerate data/references.bib):
    python -m tests.crossref_standin --port 8765
"""

from __future__ import annotations

import argparse
import json
import math
import re
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from socketserver import ThreadingMixIn

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "crossref-fixture"
NOT_FOUND = b"Resource not found."


def _tokens(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", text.lower())


class Index:
    """The fixture's records with a BM25 index (k1=1.2, b=0.75)."""

    def __init__(self, fixture: Path = FIXTURE):
        self.works: dict[str, dict] = {}
        for path in sorted((fixture / "works").glob("*.json")):
            work = json.loads(path.read_text())
            self.works[work["DOI"].lower()] = work
        self.csl: dict[str, dict] = {}
        for path in sorted((fixture / "datacite").glob("*.json")):
            record = json.loads(path.read_text())
            self.csl[record["DOI"].lower()] = record
        self.docs = {doi: _tokens(self._text(w)) for doi, w in self.works.items()}
        self.avg = sum(len(d) for d in self.docs.values()) / max(len(self.docs), 1)
        self.df = Counter(t for d in self.docs.values() for t in set(d))

    @staticmethod
    def _text(work: dict) -> str:
        names = " ".join(f"{a.get('given', '')} {a.get('family', '')}" for a in work.get("author", []))
        year = str((work.get("issued") or {}).get("date-parts", [[""]])[0][0] or "")
        return " ".join([*work.get("title", []), names, *work.get("container-title", []), year])

    def search(self, query: str, rows: int) -> list[dict]:
        n, terms, scored = len(self.docs), _tokens(query), []
        for doi, doc in self.docs.items():
            counts, score = Counter(doc), 0.0
            for term in terms:
                if term in counts:
                    idf = math.log(1 + (n - self.df[term] + 0.5) / (self.df[term] + 0.5))
                    tf = counts[term]
                    score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(doc) / self.avg))
            if score > 0:
                scored.append((score, doi))
        scored.sort(reverse=True)
        return [{**self.works[doi], "score": round(score, 6)} for score, doi in scored[:rows]]


# DOIs a hostile server might send: TeX injection, a space, Markdown/HTML, a terminal escape.
HOSTILE_DOIS = (
    "10.1000/x}, note = {\\input{/etc/passwd}",
    "10.1000/with space",
    "10.1000/x)<img src=x onerror=alert(1)>",
    "10.1000/\x1b[31mred\x1b[0m",
    "10.1000/back\\slash",
)
# A real DOI shape with parentheses (Lancet): legal, and must stay usable.
PARENTHESES_DOI = "10.1016/s0140-6736(20)30183-5"


def hostile(patch: dict | None = None, message=None, raw: bytes | None = None) -> dict:
    """A fault that answers with a hostile or malformed body instead of the real one:
    `patch` merged into each work (a work message, every search item, a CSL record),
    `message` in place of the whole message, or `raw` bytes in place of the whole body."""
    return {"patch": patch, "message": message, "raw": raw}


class Faults:
    """Injected misbehaviour: applied to the next requests, then cleared."""

    def __init__(self):
        self.latency = 0.0
        self.timeout_seconds = 2.0  # how long a "timeout" fault stalls before answering
        self.trickle_seconds = 0.2  # "trickle": the pause between 16-byte pieces of the body
        self.huge_bytes = 12 * 1024 * 1024  # "huge": the size of the (valid JSON) body
        self.slow_header_seconds = 120.0  # "slow-headers": how long the headers trickle
        # per request: "429", "500", "truncate", "html", "timeout", "trickle", "slow-headers", "huge", "ok", or hostile(...)
        self.plan: list = []
        self.targeted: list[tuple[str, object]] = []  # (text in the request line, fault): for one matching request
        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.starts: list[float] = []  # monotonic arrival time of each request
        self.in_flight = 0
        self.max_in_flight = 0

    def next(self, request: str):
        with self.lock:
            for index, (text, fault) in enumerate(self.targeted):
                if text in request:
                    del self.targeted[index]
                    return fault
            return self.plan.pop(0) if self.plan else "ok"


class StandIn:
    def __init__(self, index: Index | None = None, limit: int = 10, interval: str = "1s", concurrency: int = 3):
        self.index = index or Index()
        self.faults = Faults()
        self.headers = [
            ("x-rate-limit-limit", str(limit)),
            ("x-rate-limit-interval", interval),
            ("x-concurrency-limit", str(concurrency)),
            ("x-api-pool", "polite"),
        ]

    def __call__(self, environ, start_response):
        path = unquote(environ.get("PATH_INFO", ""))
        query = parse_qs(environ.get("QUERY_STRING", ""))
        line = path + ("?" + unquote(environ["QUERY_STRING"]).replace("+", " ") if environ.get("QUERY_STRING") else "")
        faults = self.faults
        with faults.lock:
            faults.requests.append(line)
            faults.starts.append(time.monotonic())
            faults.in_flight += 1
            faults.max_in_flight = max(faults.max_in_flight, faults.in_flight)
        try:
            return self._respond(path, query, environ, line, start_response)
        finally:
            with faults.lock:
                faults.in_flight -= 1

    def _respond(self, path, query, environ, line, start_response):
        if self.faults.latency:
            time.sleep(self.faults.latency)
        fault = self.faults.next(line)
        if fault == "timeout":
            time.sleep(self.faults.timeout_seconds)
        if fault == "slow-headers":
            return self._slow_headers(environ["standin.wfile"], start_response)
        if fault == "429":
            return self._send(start_response, "429 Too Many Requests", b"Rate limit exceeded", "text/plain", [("Retry-After", "1")])
        if fault == "500":
            return self._send(start_response, "500 Internal Server Error", b'{"status":"error","message-type":"exception"}', "application/json")
        if fault == "html":
            return self._send(start_response, "504 Gateway Time-out", b"<html><body><h1>504 Gateway Time-out</h1></body></html>", "text/html")

        status, body, ctype, extra = self._route(path, query, environ)
        if fault == "truncate":
            body = body[: len(body) // 2]
        if isinstance(fault, dict):
            body = fault["raw"] if fault.get("raw") is not None else _hostile_body(body, fault)
        if fault == "huge":
            return self._huge(start_response, body, ctype)
        if fault == "trickle":
            start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))), *self.headers, *extra])
            return self._trickle(body)
        return self._send(start_response, status, body, ctype, extra)

    def _slow_headers(self, wfile, start_response):
        """Headers that never end: one byte every `trickle_seconds`, straight to the socket."""
        stop = time.monotonic() + self.faults.slow_header_seconds
        try:
            wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            wfile.flush()
            while time.monotonic() < stop:
                wfile.write(b"a")  # part of a header name that never ends
                wfile.flush()
                time.sleep(self.faults.trickle_seconds)
        except OSError:
            pass  # the client gave up: what it should do
        start_response("200 OK", [("Content-Length", "0")])
        return []

    def _trickle(self, body: bytes):
        for start in range(0, len(body), 16):
            yield body[start : start + 16]
            time.sleep(self.faults.trickle_seconds)

    def _huge(self, start_response, body: bytes, ctype: str):
        # The real body with a long `reference` list spliced in: valid JSON, `huge_bytes` long.
        head, tail = body[:-1], body[-1:]
        piece = b'{"key":"' + b"x" * 1000 + b'"},'
        count = max(self.faults.huge_bytes // len(piece), 1)
        opening, closing = b',"reference":[', b'{"key":"end"}]'
        size = len(head) + len(opening) + count * len(piece) + len(closing) + len(tail)
        start_response("200 OK", [("Content-Type", ctype), ("Content-Length", str(size)), *self.headers])

        def chunks():
            yield head + opening
            for _ in range(count):
                yield piece
            yield closing + tail

        return chunks()

    def _send(self, start_response, status, body: bytes, ctype: str, extra=()):
        start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))), *self.headers, *extra])
        return [body]

    def _route(self, path: str, query: dict, environ):
        ok = "200 OK"
        if path.startswith("/works/") and path.endswith("/transform"):
            doi = path[len("/works/") : -len("/transform")].lower()
            return self._transform(doi)
        if path.startswith("/v1/works/") and path.endswith("/transform"):
            doi = path[len("/v1/works/") : -len("/transform")].lower()
            return self._transform(doi)
        if path.startswith("/works/"):
            doi = path[len("/works/") :].lower()
            work = self.index.works.get(doi)
            if work is None:
                return "404 Not Found", NOT_FOUND, "text/plain", []
            body = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {**work, "score": 1}}
            return ok, json.dumps(body).encode(), "application/json", []
        if path.rstrip("/") == "/works":
            rows = int(query.get("rows", ["20"])[0])
            items: list[dict]
            filters = query.get("filter", [""])[0]
            if filters.startswith("alternative-id:"):
                wanted = filters.split(":", 1)[1].lower()
                items = [w for w in self.index.works.values() if wanted in [a.lower() for a in w.get("alternative-id", [])]]
            else:
                text = query.get("query.bibliographic", query.get("query", [""]))[0]
                items = self.index.search(text, rows)
            select = query.get("select", [""])[0]
            if select:
                keep = set(select.split(","))
                items = [{k: v for k, v in item.items() if k in keep} for item in items]
            message = {"facets": {}, "total-results": len(items), "items": items[:rows], "items-per-page": rows, "query": {"start-index": 0, "search-terms": None}}
            body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": message}
            return ok, json.dumps(body).encode(), "application/json", []
        # Anything else is the DOI resolver: content negotiation redirects to the transform.
        doi = path.lstrip("/").lower()
        if doi.startswith("10.") and (doi in self.index.csl or doi in self.index.works):
            location = f"/v1/works/{quote(doi, safe='')}/transform"
            html = f'<html><head><title>Handle Redirect</title></head><body><a href="{location}">{location}</a></body></html>'
            return "302 Found", html.encode(), "text/html;charset=utf-8", [("Location", location)]
        page = b"<html><head><title>Error: DOI Not Found</title></head><body>DOI Not Found</body></html>"
        return "404 Not Found", page, "text/html;charset=utf-8", []

    def _transform(self, doi: str):
        if doi in self.index.csl:
            record = self.index.csl[doi]
        elif doi in self.index.works:
            work = self.index.works[doi]
            record = {**work, "title": work["title"][0], "container-title": (work.get("container-title") or [""])[0]}
        else:
            return "404 Not Found", NOT_FOUND, "text/plain", []
        return "200 OK", json.dumps(record).encode(), "application/vnd.citationstyles.csl+json", []


def _hostile_body(body: bytes, fault: dict) -> bytes:
    try:
        data = json.loads(body)
    except ValueError:
        data = {"status": "ok", "message": {}}
    if fault.get("message") is not None:
        data["message"] = fault["message"]
    elif fault.get("patch"):
        message = data.get("message") if isinstance(data.get("message"), dict) else None
        if message is None:  # a CSL record: the body itself
            data.update(fault["patch"])
        elif isinstance(message.get("items"), list):
            for item in message["items"]:
                item.update(fault["patch"])
        else:
            message.update(fault["patch"])
    return json.dumps(data).encode()


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # a client that left is no error


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def get_environ(self):
        return {**super().get_environ(), "standin.wfile": self.wfile}  # for "slow-headers"


def serve(app: StandIn, port: int = 0):
    """Start the stand-in on 127.0.0.1 in a background thread; returns (server, base_url)."""
    server = make_server("127.0.0.1", port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    args = parser.parse_args()
    app = StandIn()
    app.faults.latency = args.latency
    server, url = serve(app, args.port)
    print(f"Crossref stand-in (compiled fixture, not live Crossref) at {url}; Ctrl-C stops it")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
