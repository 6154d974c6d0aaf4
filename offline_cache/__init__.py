"""Local SQLite storage the kiosk keeps working from when the network is away.

- `db`: connections with the durability settings, explicit transactions, `CacheError`.
- `search`: the in-memory search engine over the procedure catalog.
- `catalog_cache`: the catalog, its sync state and its persisted search terms.

Knows nothing of the kiosk: nothing here imports kiosk, ui or devices.
"""
