"""Pure transformations from fetched bytes to corpus records: no I/O, no Prefect."""

__version__ = "0.1.0"
