"""kexie: the digital workbench of a science and technology association (科协)."""

__version__ = "0.1.0"
