# Schemathesis hooks for the fuzz stage (e2e/fuzz/api.spec.ts).
import schemathesis
from urllib.parse import urlencode

# A request line longer than Node.js's header limit (16 KiB in all) is refused by the HTTP server with 431
# before the app sees it, or the connection is reset while the client is still sending: nothing of the
# app's to test, and a reset reads as a network error. Queries whose encoding would not fit are not sent.
MAX_QUERY_BYTES = 8 * 1024


@schemathesis.hook
def filter_query(context, query):
    return query is None or len(urlencode(query, doseq=True)) <= MAX_QUERY_BYTES
