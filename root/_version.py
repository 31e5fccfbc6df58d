"""The package's version, in a module of its own: the transport reads it without importing :mod:`root`."""

__version__ = "0.1.0"
