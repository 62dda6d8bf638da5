"""Every network call goes through here: Crossref REST lookups and searches, DOI
content negotiation, retries, the on-disk response cache, and the one validation
layer for everything that arrives from the network.

Base URLs are settings (`--crossref-url`, `--doi-url` or the environment) so the
same code runs against Crossref, a mirror, or the local stand-in the tests use.

Nothing from the network is trusted:
- a response is read as a stream, at most `MAX_BODY` bytes and within the
  `--timeout` deadline for the whole response (a trickling server cannot hold a
  lookup for longer than that plus one read's wait), which is why requests are
  made here with `httpx2` (the HTTP client habanero uses) rather than through
  habanero, whose calls bound each read only;
- its JSON is checked against the shape we read (`jsonschema`, `SCHEMAS` below):
  wrong types, `items` that is not a list, a DOI that is not a DOI (the DOI
  grammar from `idutils`, and no character that is syntax in BibTeX or LaTeX);
  a response that fails is a failure of that paper's lookup and is never cached;
- only the fields we read are kept (`_project`), so the cache stays small;
- a cache entry that cannot be read or fails the same check is dropped and the
  request is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from dataclasses import dataclass

import httpx2
from habanero.habanero_utils import make_ua
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_random_exponential

from medsegcite.errors import MedsegciteError
from medsegcite.crossref.ratelimit import Limiter

CROSSREF_URL = "https://api.crossref.org"
DOI_URL = "https://doi.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"
# Everything records.py maps (a search hit that is accepted becomes the record).
SELECT = (
    "DOI,title,subtitle,author,editor,container-title,short-container-title,issued,published,published-print,"
    "published-online,type,volume,issue,page,article-number,publisher,ISSN,issn-type,ISBN,event,assertion,score"
)
MAX_BODY = 8 * 1024 * 1024  # bytes read from one response; a Crossref work message is a few hundred KB at most
MAX_CACHED = 1024 * 1024  # bytes of one cache entry, after `_project` (a work with 3,000 authors is ~300 KB)


class LookupFailed(MedsegciteError):
    """One lookup failed for good (after retries): the entry stays as it was.

    Its message is printed and stored (an entry's reason): a password in a
    base URL (`https://user:pass@mirror/`) never is.
    """

    def __init__(self, message: str = ""):
        super().__init__(redact(str(message)))


class SettingsError(MedsegciteError):
    """A base URL or an e-mail address that no request can be made with."""


class Unreachable(LookupFailed):
    """The service cannot be reached at all (no route, refused, DNS, connect time-out):
    every later lookup of the run would fail the same way, so none is tried."""

    def __init__(self, host: str, why: str):
        super().__init__(f"cannot reach {host} ({why})")
        self.host, self.why = host, why


# A host that refused or never answered is tried this often in all, this far apart:
# offline, a run says so within seconds instead of backing off lookup after lookup.
UNREACHABLE_ATTEMPTS = 2
UNREACHABLE_WAIT = 0.5  # seconds


def _unreachable(error: BaseException) -> str | None:
    """Why a connection could not be made at all, or None for any other failure."""
    if isinstance(error, httpx2.ConnectTimeout):
        return "no answer to connect"
    if isinstance(error, httpx2.ConnectError):
        text = str(error).lower()
        if "refused" in text:
            return "connection refused"
        if any(word in text for word in ("name or service", "nodename", "getaddrinfo", "temporary failure in name", "no address")):
            return "host name not found"
        if "unreachable" in text:
            return "network unreachable"
        return "cannot connect"
    return None


class _Status(Exception):
    """A response with an error status; `transient` ones (429, 5xx) are retried."""

    def __init__(self, status: int, url: str, headers):
        super().__init__(f"HTTP {status} from {url}")
        self.status, self.headers = status, headers


class _TooSlow(Exception):
    """The whole response did not arrive within the deadline (a trickling server)."""


class _Invalid(Exception):
    """A response (or cache entry) that is not the shape we read."""


# -- DOIs ----------------------------------------------------------------------
# One validator for every origin (listing/identifiers.py): a "DOI" with braces,
# backslashes, spaces or escapes is refused, not escaped.
from medsegcite.listing.identifiers import redact, valid_doi  # noqa: E402


# -- the shapes we read ----------------------------------------------------------
_TEXT = {"type": "string", "maxLength": 4000}
_TEXTS = {"anyOf": [_TEXT, {"type": "array", "maxItems": 50, "items": {"anyOf": [_TEXT, {"type": "null"}]}}, {"type": "null"}]}
_SCALAR = {"anyOf": [{"type": "string", "maxLength": 200}, {"type": "integer"}, {"type": "null"}]}
_DATE = {
    "anyOf": [
        {"type": "null"},
        {
            "type": "object",
            "properties": {
                "date-parts": {
                    "type": "array",
                    "maxItems": 2,
                    "items": {
                        "type": "array",
                        "maxItems": 3,
                        "items": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\d{1,4}$"}, {"type": "null"}]},
                    },
                }
            },
        },
    ]
}
_NAME = {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "null"}]}
_NAME_PARTS = ("family", "given", "name", "literal", "suffix", "non-dropping-particle", "dropping-particle")
_PEOPLE = {
    "anyOf": [
        {"type": "null"},
        {
            "type": "array",
            "maxItems": 10000,
            "items": {"type": "object", "properties": {part: _NAME for part in _NAME_PARTS}},
        },
    ]
}
_TYPED = {"anyOf": [{"type": "null"}, {"type": "array", "maxItems": 20, "items": {"type": "object", "properties": {"value": _SCALAR, "type": _SCALAR}}}]}
_WORK = {
    "type": "object",
    "required": ["DOI"],
    "properties": {
        "DOI": {"type": "string", "format": "doi"},
        "type": {"type": "string", "maxLength": 100},
        "title": _TEXTS,
        "subtitle": _TEXTS,
        "container-title": _TEXTS,
        "short-container-title": _TEXTS,
        "ISSN": _TEXTS,
        "ISBN": _TEXTS,
        "issn-type": _TYPED,
        "isbn-type": _TYPED,
        "URL": _TEXT,
        "author": _PEOPLE,
        "editor": _PEOPLE,
        # Conference facts, read only to tell a proceedings chapter from a book's.
        "event": {"anyOf": [{"type": "null"}, {"type": "object"}, _TEXT]},
        "assertion": {"anyOf": [{"type": "null"}, {"type": "array", "maxItems": 200}]},
        **{key: _DATE for key in ("issued", "published", "published-print", "published-online")},
        **{key: _SCALAR for key in ("volume", "issue", "page", "publisher", "article-number")},
        "score": {"type": "number"},
    },
}
_ITEMS = {"type": "array", "maxItems": 100, "items": _WORK}
SCHEMAS = {
    "work": {"anyOf": [{"type": "null"}, _WORK]},  # null: no such DOI (404)
    "csl": {"anyOf": [{"type": "null"}, _WORK]},
    "search": _ITEMS,
    "alternative-id": _ITEMS,
    "envelope-work": {"type": "object", "required": ["message"], "properties": {"message": {"type": "object"}}},
    "envelope-list": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array"}}}},
    },
}
_KEPT = set(_WORK["properties"])


def _validator(kind: str):
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("doi")(valid_doi)
    return jsonschema.Draft202012Validator(SCHEMAS[kind], format_checker=checker)


_validators: dict[str, object] = {}
_validators_lock = threading.Lock()


def validate(kind: str, value) -> None:
    """Raise `_Invalid` naming the first place where `value` is not the shape `kind` reads."""
    with _validators_lock:
        validator = _validators.get(kind) or _validators.setdefault(kind, _validator(kind))
    import jsonschema

    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the body"
        message = error.message
        shown = repr(error.instance)
        if message.startswith(shown):  # never repeat what the server sent (it may be hostile)
            message = "value" + message[len(shown):]
        raise _Invalid(f"{where}: {message[:120]}")


def _project(work: dict | None) -> dict | None:
    """Only the fields we read (a work message carries its whole reference list)."""
    if work is None:
        return None
    kept = {k: v for k, v in work.items() if k in _KEPT}
    if isinstance(kept.get("author"), list):
        kept["author"] = [{k: p[k] for k in _NAME_PARTS if k in p} for p in kept["author"]]
    return kept


MAX_DEPTH = 32  # JSON nesting; a Crossref work message nests 6 deep


# A `\\ud800` escape with no partner decodes to a lone surrogate, which no file
# can hold as UTF-8: it is read as U+FFFD, the replacement character.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _loads(body) -> object:
    """JSON, nested at most MAX_DEPTH deep (checked without recursion), else `_Invalid`."""
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    body = _LONE_SURROGATE.sub(rb"\\ufffd", body)
    try:
        value = json.loads(body)
    except ValueError as error:  # also bad UTF-8
        raise _Invalid(f"unreadable response ({type(error).__name__}: {str(error)[:80]})") from None
    except RecursionError:
        raise _Invalid(f"unreadable response (nested deeper than {MAX_DEPTH} levels)") from None
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _Invalid(f"unreadable response (nested deeper than {MAX_DEPTH} levels)")
        if isinstance(item, dict):
            pending.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            pending.extend((v, depth + 1) for v in item)
    return value


@dataclass
class Settings:
    crossref_url: str = CROSSREF_URL
    doi_url: str = DOI_URL
    mailto: str | None = None
    timeout: float = 10.0
    cache_dir: str | None = None  # None: the user cache dir; "" disables the cache
    attempts: int = 4

    def __post_init__(self):
        # Settings come from options and the environment: a bad one is one line, before any request.
        from medsegcite.listing import identifiers
        from medsegcite.text import printable

        for name in ("crossref_url", "doi_url"):
            value = getattr(self, name)
            if not isinstance(value, str) or identifiers.url(value) is None:
                shown = printable(identifiers.redact(str(value)))[:200]
                raise SettingsError(f"--{name.replace('_', '-')} {shown!r} is not an http(s) URL with a valid host name")
        if self.mailto is not None and not re.fullmatch(r"[!-~]{1,200}", self.mailto):
            shown = printable(self.mailto)[:200]
            raise SettingsError(f"--mailto {shown!r} cannot be sent in an HTTP header: give a plain ASCII e-mail address")

    @classmethod
    def from_env(cls, **given) -> Settings:
        values = {
            "crossref_url": os.environ.get("MEDSEGCITE_CROSSREF_URL") or CROSSREF_URL,
            "doi_url": os.environ.get("MEDSEGCITE_DOI_URL") or DOI_URL,
            "mailto": os.environ.get("MEDSEGCITE_MAILTO") or None,
        }
        values.update({k: v for k, v in given.items() if v is not None})
        return cls(**values)


# -- a deadline on the whole request ---------------------------------------------
# httpx's timeouts bound each socket operation: a server that trickles its
# headers a byte at a time holds a request for ever.  The deadline of the
# request a thread is making bounds every connect, send and receive it makes,
# headers included (each gets at most what is left), so the whole request ends
# by it, whatever the server does.
_request_deadline = threading.local()


def _left(timeout: float | None) -> float | None:
    deadline = getattr(_request_deadline, "at", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        import httpcore2

        raise httpcore2.ReadTimeout("the whole request took longer than its deadline")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """A network stream whose every operation ends by the request's deadline."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout))

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def close(self) -> None:
        self._stream.close()

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


def _deadline_backend():
    import httpcore2

    class DeadlineBackend(httpcore2.SyncBackend):
        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            return _DeadlineStream(super().connect_tcp(host, port, _left(timeout), local_address, socket_options))

    return DeadlineBackend()


def _with_deadlines(client: httpx2.Client) -> httpx2.Client:
    """Every transport of `client` (proxies' too) connects through the deadline backend."""
    backend = _deadline_backend()
    for transport in [client._transport, *client._mounts.values()]:
        pool = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = backend
    return client


def _transient(error: BaseException) -> bool:
    """Worth another try: time-outs, dropped connections, 429 and 5xx."""
    if isinstance(error, httpx2.UnsupportedProtocol):
        return False  # a bad --crossref-url: asking again changes nothing
    if isinstance(error, (httpx2.TransportError, httpx2.TimeoutException, _TooSlow)):
        return True
    return isinstance(error, _Status) and (error.status == 429 or error.status >= 500)


def _retry_after_or_backoff(state) -> float:
    """Honour a 429's Retry-After (at most a minute); otherwise back off exponentially with jitter."""
    error = state.outcome.exception()
    if _unreachable(error):
        return UNREACHABLE_WAIT
    if isinstance(error, _Status) and error.status == 429:
        try:
            wait = float(error.headers.get("retry-after", ""))
            if wait == wait:  # not NaN
                return min(max(wait, 0.0), 60.0)
        except ValueError:
            pass
    return wait_random_exponential(multiplier=0.5, max=8)(state)


class Client:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.requests = 0  # made over the network (cache hits not counted)
        self.limiter = Limiter()
        self._lock = threading.Lock()
        self._probed = False
        self._http = _with_deadlines(httpx2.Client(headers=make_ua(settings.mailto), follow_redirects=False))
        if settings.cache_dir is None:
            import platformdirs

            settings.cache_dir = platformdirs.user_cache_dir("medsegcite")
        self.unreachable: Unreachable | None = None  # the first host found unreachable, for the run's report
        self._down: dict[str, Unreachable] = {}  # host -> why: no more requests are made to it
        self._retrying = retry(
            retry=retry_if_exception(_transient),
            wait=_retry_after_or_backoff,
            stop=stop_after_attempt(settings.attempts) | _stop_if_unreachable,
            reraise=True,
        )

    # -- one bounded request -----------------------------------------------------
    def _get(self, url: str, params=None, accept: str = "application/json", redirects: int = 0):
        """(status, headers, body) of one GET, body capped at MAX_BODY and read within the deadline."""
        deadline = time.monotonic() + self.settings.timeout
        _request_deadline.at = deadline
        try:
            return self._get_by(deadline, url, params, accept, redirects)
        except httpx2.TimeoutException as error:
            if time.monotonic() >= deadline:
                raise _TooSlow(f"response from {redact(url)} took longer than {self.settings.timeout:g} s") from None
            raise
        finally:
            _request_deadline.at = None

    def _get_by(self, deadline: float, url: str, params, accept: str, redirects: int):
        for _hop in range(redirects + 1):
            request = self._http.build_request("GET", url, params=params, headers={"Accept": accept}, timeout=self.settings.timeout)
            response = self._http.send(request, stream=True)
            try:
                self.limiter.update(response.headers)
                if response.is_redirect and response.next_request is not None and _hop < redirects:
                    url, params = str(response.next_request.url), None
                    continue
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BODY:
                        raise _Invalid(f"response larger than {MAX_BODY // (1024 * 1024)} MB from {request.url}")
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise _TooSlow(f"response from {request.url} took longer than {self.settings.timeout:g} s")
                return response.status_code, response.headers, b"".join(chunks), str(request.url)
            finally:
                response.close()
        raise _Invalid(f"too many redirects from {url}")

    def _json(self, url, params=None, accept="application/json", redirects=0, missing_ok=False):
        status, headers, body, where = self._get(url, params, accept, redirects)
        if status == 404 and missing_ok:
            return None
        if status >= 300:
            raise _Status(status, where, headers)
        return _loads(body)

    # -- limits ----------------------------------------------------------------
    def _count(self) -> None:
        with self._lock:
            self.requests += 1

    def _probe(self) -> None:
        """Learn the announced limits before the first real request.

        The rate-limit headers come from one cheap `rows=0` request (and later
        from every response we see).
        """
        with self._lock:
            if self._probed:
                return
            self._probed = True
        for attempt in range(UNREACHABLE_ATTEMPTS):
            try:
                with self.limiter:
                    self._count()
                    self._get(f"{self.settings.crossref_url.rstrip('/')}/works", {"rows": "0"})
                return
            except (httpx2.HTTPError, _TooSlow, _Invalid) as error:
                if _unreachable(error) is None:
                    return  # the limits stay at the public pool's until a header says more
                if attempt + 1 < UNREACHABLE_ATTEMPTS:
                    time.sleep(UNREACHABLE_WAIT)
                else:  # offline: every lookup of the run fails at once, none is tried
                    self._mark_unreachable(error, _host(self.settings.crossref_url))

    def _limited(self, fetch, host: str):
        """One network attempt, inside the limiter (none to a host found unreachable)."""

        def attempt():
            self._probe()
            if host in self._down:  # before and after the limiter's wait
                raise self._down[host]
            with self.limiter:
                if host in self._down:
                    raise self._down[host]
                self._count()
                return fetch()

        return attempt

    # -- cache ---------------------------------------------------------------
    def _cache_path(self, *request: str) -> str | None:
        if not self.settings.cache_dir:
            return None
        digest = hashlib.sha256("\n".join(request).encode()).hexdigest()[:32]
        return os.path.join(self.settings.cache_dir, digest[:2], digest + ".json")

    def _from_cache(self, path: str, kind: str, request: tuple[str, ...]):
        """The cached value, or a miss; a damaged or foreign entry is dropped."""
        try:
            if os.path.getsize(path) <= MAX_CACHED:
                with open(path, "rb") as stream:
                    stored = _loads(stream.read(MAX_CACHED + 1))
                if isinstance(stored, dict) and stored.get("request") == list(request) and "value" in stored:
                    validate(kind, stored["value"])
                    return True, stored["value"]
        except FileNotFoundError:
            return False, None
        except (OSError, ValueError, _Invalid):
            pass
        try:
            os.unlink(path)
        except OSError:
            pass
        return False, None

    def _cached(self, kind: str, request: tuple[str, ...], fetch):
        request = (kind, *request)
        path = self._cache_path(*request)
        if path:
            hit, value = self._from_cache(path, kind, request)
            if hit:
                return value

        def checked():
            value = fetch()
            validate(kind, value)  # inside the attempt: a bad body is never cached
            return _project(value) if kind in ("work", "csl") else [_project(v) for v in value]

        value = self._retrying(self._limited(checked, _host(request[1])))()  # request[1]: the base URL
        text = json.dumps({"request": list(request), "value": value})
        if len(text.encode()) > MAX_CACHED:
            raise _Invalid(f"record larger than {MAX_CACHED // 1024} KB")
        if path:
            from medsegcite import files

            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                files.write_atomic(path, text)
            except OSError:
                pass  # an unwritable cache costs a request next time, nothing more
        return value

    # -- calls ---------------------------------------------------------------
    def _api(self, path: str) -> str:
        return f"{self.settings.crossref_url.rstrip('/')}/{path}"

    def work(self, doi: str) -> dict | None:
        """The Crossref work message for a DOI, or None when Crossref has no such DOI."""
        self._check_doi(doi)

        def fetch():
            body = self._json(self._api(f"works/{doi}"), missing_ok=True)
            if body is None:
                return None
            validate("envelope-work", body)
            return body["message"]

        return self._guard("work", (self.settings.crossref_url, doi), fetch)

    def search(self, title: str, rows: int = 5) -> list[dict]:
        """Candidates for a title by `query.bibliographic`, best first."""

        def fetch():
            body = self._json(self._api("works"), {"query.bibliographic": title, "rows": str(rows), "select": SELECT})
            validate("envelope-list", body)
            return body["message"]["items"]

        return self._guard("search", (self.settings.crossref_url, title, str(rows)), fetch)

    def by_alternative_id(self, value: str) -> list[dict]:
        """Works that list a publisher id (a ScienceDirect PII) as an alternative id."""

        def fetch():
            body = self._json(self._api("works"), {"filter": f"alternative-id:{value}", "rows": "2"})
            validate("envelope-list", body)
            return body["message"]["items"]

        return self._guard("alternative-id", (self.settings.crossref_url, value), fetch)

    def csl(self, doi: str) -> dict | None:
        """CSL-JSON for any DOI (Crossref or DataCite) by content negotiation at the resolver."""
        self._check_doi(doi)

        def fetch():
            return self._json(f"{self.settings.doi_url.rstrip('/')}/{doi}", accept=CSL_JSON, redirects=5, missing_ok=True)

        return self._guard("csl", (self.settings.doi_url, doi), fetch)

    @staticmethod
    def _check_doi(doi: str) -> None:
        if not valid_doi(doi):
            raise LookupFailed(f"not a DOI: {doi[:80]!r}")

    def _guard(self, kind: str, request: tuple[str, ...], fetch):
        """Turn every way a response can be bad into one clear per-lookup error."""
        try:
            return self._cached(kind, request, fetch)
        except _Invalid as error:
            reason = str(error)
            raise LookupFailed(reason if reason.startswith(("unreadable", "response", "record", "too many")) else f"malformed response: {reason}") from None
        except (_Status, _TooSlow) as error:
            raise LookupFailed(str(error)) from None
        except (httpx2.HTTPError, httpx2.InvalidURL, httpx2.StreamError) as error:
            if _unreachable(error) is not None:
                raise self._mark_unreachable(error, _host(request[0])) from None
            raise LookupFailed(_describe(error)) from None

    def _mark_unreachable(self, error: BaseException, host: str) -> Unreachable:
        """`host` (as `_host` names it) is down: one Unreachable for it, kept for the run."""
        with self._lock:
            if host not in self._down:
                self._down[host] = Unreachable(host, _unreachable(error) or "cannot connect")
                self.unreachable = self.unreachable or self._down[host]
            return self._down[host]


def _stop_if_unreachable(state) -> bool:
    """tenacity stop: a host that cannot be reached gets UNREACHABLE_ATTEMPTS tries, not `attempts`."""
    error = state.outcome.exception() if state.outcome is not None else None
    return isinstance(error, Unreachable) or (_unreachable(error) is not None and state.attempt_number >= UNREACHABLE_ATTEMPTS)


def _host(base_url: str) -> str:
    """`host:port` of a base URL, without any `user:secret@` (it is printed)."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(base_url).netloc.rsplit("@", 1)[-1] or base_url[:80]
    except ValueError:
        return base_url[:80]


def _describe(error: BaseException) -> str:
    request = getattr(error, "_request", None)
    where = f" ({request.url})" if request is not None else ""
    return f"{type(error).__name__}{where}: {str(error)[:120]}" if str(error) else f"{type(error).__name__}{where}"
