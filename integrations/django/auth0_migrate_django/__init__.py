"""Check and set passwords through auth0-migrate's backend API from a Django application."""

__version__ = "0.1.0"
