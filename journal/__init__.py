"""journal: periodic reflections in Markdown, with their goals kept in a TOML ledger."""

__version__ = "0.1.0"
