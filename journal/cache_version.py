"""The version of the cache's layout in ``.journal/`` (``journal.ledger.cache``), in a module of its own so that
a bare ``journal sync`` (``journal.sync_check``) can check it without importing the ledger package."""

# Bump when the layout of an entry changes (a new Goal field, a new summary part): an older cache is then
# a miss, read again from the ledger files.
CACHE_VERSION = 7
