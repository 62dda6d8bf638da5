"""Every network call goes through here: Crossref REST lookups and searches through
`habanero`, DOI content negotiation, retries, and an on-disk response cache.

Base URLs are settings (`--crossref-url`, `--doi-url` or the environment) so the
same code runs against Crossref, a mirror, or the local stand-in the tests use.
habanero 2.9.2's `content_negotiation(format="citeproc-json")` always asks
api.crossref.org whatever its `url`, so content negotiation (needed for
DataCite DOIs such as arXiv's) is one direct `httpx2` request, the HTTP client
habanero itself uses.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass

import httpx2
from habanero import Crossref, RequestError
from habanero.habanero_utils import make_ua
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_random_exponential

from medsegcite.errors import MedsegciteError
from medsegcite.crossref.ratelimit import Limiter

CROSSREF_URL = "https://api.crossref.org"
DOI_URL = "https://doi.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"
SELECT = "DOI,title,subtitle,author,editor,container-title,short-container-title,issued,published,type,volume,issue,page,article-number,publisher,ISSN,issn-type,ISBN,event,assertion,score"


class LookupFailed(MedsegciteError):
    """One lookup failed for good (after retries): the entry stays as it was."""


@dataclass
class Settings:
    crossref_url: str = CROSSREF_URL
    doi_url: str = DOI_URL
    mailto: str | None = None
    timeout: float = 10.0
    cache_dir: str | None = None  # None: the user cache dir; "" disables the cache
    attempts: int = 4

    @classmethod
    def from_env(cls, **given) -> Settings:
        values = {
            "crossref_url": os.environ.get("MEDSEGCITE_CROSSREF_URL") or CROSSREF_URL,
            "doi_url": os.environ.get("MEDSEGCITE_DOI_URL") or DOI_URL,
            "mailto": os.environ.get("MEDSEGCITE_MAILTO") or None,
        }
        values.update({k: v for k, v in given.items() if v is not None})
        return cls(**values)


def _transient(error: BaseException) -> bool:
    """Worth another try: time-outs, dropped connections, 429 and 5xx."""
    if isinstance(error, (httpx2.TransportError, httpx2.TimeoutException)):
        return True
    if isinstance(error, RuntimeError) and isinstance(error.__cause__, httpx2.TransportError):
        return True  # habanero wraps a search's time-out in RuntimeError
    status = getattr(getattr(error, "response", None), "status_code", None)
    if status is None and isinstance(error, RequestError):
        status = error.args[0] if error.args else None
    return status == 429 or (isinstance(status, int) and status >= 500)


def _retry_after_or_backoff(state) -> float:
    """Honour a 429's Retry-After; otherwise back off exponentially with jitter."""
    error = state.outcome.exception()
    response = getattr(error, "response", None)
    if response is not None and response.status_code == 429:
        try:
            return min(float(response.headers.get("retry-after", "")), 60.0)
        except ValueError:
            pass
    return wait_random_exponential(multiplier=0.5, max=8)(state)


class Client:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.crossref = Crossref(base_url=settings.crossref_url.rstrip("/"), mailto=settings.mailto, timeout=settings.timeout)
        self.requests = 0  # made over the network (cache hits not counted)
        self.limiter = Limiter()
        self._lock = threading.Lock()
        self._probed = False
        if settings.cache_dir is None:
            import platformdirs

            settings.cache_dir = platformdirs.user_cache_dir("medsegcite")
        self._retrying = retry(
            retry=retry_if_exception(_transient),
            wait=_retry_after_or_backoff,
            stop=stop_after_attempt(settings.attempts),
            reraise=True,
        )

    # -- limits ----------------------------------------------------------------
    def _count(self) -> None:
        with self._lock:
            self.requests += 1

    def _probe(self) -> None:
        """Learn the announced limits before the first real request.

        habanero hands back only the parsed body of a successful response, so
        the rate-limit headers come from one cheap `rows=0` request (and later
        from every error and content-negotiation response we see).
        """
        with self._lock:
            if self._probed:
                return
            self._probed = True
        try:
            with self.limiter:
                self._count()
                response = httpx2.get(
                    f"{self.settings.crossref_url.rstrip('/')}/works",
                    params={"rows": "0"},
                    headers=make_ua(self.settings.mailto),
                    timeout=self.settings.timeout,
                )
            self.limiter.update(response.headers)
        except httpx2.HTTPError:
            pass  # the limits stay at the public pool's until a header says more

    def _limited(self, fetch):
        """One network attempt: inside the limiter, learning from any response it carries."""

        def attempt():
            self._probe()
            with self.limiter:
                self._count()
                try:
                    return fetch()
                except Exception as error:
                    response = getattr(error, "response", None)
                    if response is not None:
                        self.limiter.update(response.headers)
                    raise

        return attempt

    # -- cache ---------------------------------------------------------------
    def _cache_path(self, *request: str) -> str | None:
        if not self.settings.cache_dir:
            return None
        digest = hashlib.sha256("\n".join(request).encode()).hexdigest()[:32]
        return os.path.join(self.settings.cache_dir, digest[:2], digest + ".json")

    def _cached(self, request: tuple[str, ...], fetch):
        path = self._cache_path(*request)
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as stream:
                return json.load(stream)["value"]
        value = self._retrying(self._limited(fetch))()
        if path:
            from medsegcite.bib.store import atomic_write

            os.makedirs(os.path.dirname(path), exist_ok=True)
            atomic_write(path, json.dumps({"request": list(request), "value": value}))
        return value

    # -- calls ---------------------------------------------------------------
    def work(self, doi: str) -> dict | None:
        """The Crossref work message for a DOI, or None when Crossref has no such DOI."""

        def fetch():
            try:
                return self.crossref.works(ids=doi)["message"]
            except httpx2.HTTPStatusError as error:
                if error.response.status_code == 404:
                    return None
                raise

        return self._guard(("work", self.settings.crossref_url, doi), fetch)

    def search(self, title: str, rows: int = 5) -> list[dict]:
        """Candidates for a title by `query.bibliographic`, best first."""

        def fetch():
            found = self.crossref.works(query_bibliographic=title, limit=rows, select=SELECT)
            return found["message"]["items"]

        return self._guard(("search", self.settings.crossref_url, title, str(rows)), fetch)

    def by_alternative_id(self, value: str) -> list[dict]:
        """Works that list a publisher id (a ScienceDirect PII) as an alternative id."""

        def fetch():
            found = self.crossref.works(filter={"alternative_id": value}, limit=2)
            return found["message"]["items"]

        return self._guard(("alternative-id", self.settings.crossref_url, value), fetch)

    def csl(self, doi: str) -> dict | None:
        """CSL-JSON for any DOI (Crossref or DataCite) by content negotiation at the resolver."""

        def fetch():
            response = httpx2.get(
                f"{self.settings.doi_url.rstrip('/')}/{doi}",
                headers={**make_ua(self.settings.mailto), "Accept": CSL_JSON},
                timeout=self.settings.timeout,
                follow_redirects=True,
            )
            self.limiter.update(response.headers)
            if response.status_code == 404:
                return None
            response.raise_for_status()
            return response.json()

        return self._guard(("csl", self.settings.doi_url, doi), fetch)

    def _guard(self, request: tuple[str, ...], fetch):
        """Turn every way a response can be bad into one clear per-lookup error."""
        try:
            value = self._cached(request, fetch)
        except (httpx2.HTTPError, RequestError, RuntimeError) as error:
            raise LookupFailed(_describe(error)) from None
        except (ValueError, KeyError, TypeError) as error:
            raise LookupFailed(f"unreadable response ({type(error).__name__}: {str(error)[:80]})") from None
        return value


def _describe(error: BaseException) -> str:
    response = getattr(error, "response", None)
    if response is not None:
        return f"HTTP {response.status_code} from {response.request.url}"
    if isinstance(error, RequestError):
        return f"HTTP {error.args[0]}: {str(error.args[1:])[:100]}"
    return str(error)[:160] or type(error).__name__
