"""Pure engines: no Django, no app imports. Adapters in the apps translate models to and from them."""

__version__ = "0.1.0"
