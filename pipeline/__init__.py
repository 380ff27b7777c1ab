"""vnfacts: structured facts from Vietnamese government news and directives."""

__version__ = "0.1.0"
