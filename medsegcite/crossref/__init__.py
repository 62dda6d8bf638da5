"""Resolution through Crossref: the client, its rate limiter, scoring, human decisions."""
