"""The one exception tree of kexie.

    KexieError                 anything a user can act on; str() is one line
    ├── InputError             a file kexie cannot read (format, encoding, size, damage)
    │   └── UnsupportedFormat  a format kexie does not read (or a scanned PDF)
    ├── ConfigError            a setting or command-line value that makes no sense
    ├── StoreError             the database refused or is unreachable
    └── NotFound               an id or name that is not in the archive

Every message names the file, field or value and the reason, so the CLI can print
``kexie: FILE: reason`` and the web can show it on the page, never a traceback.
`code` is a stable machine-readable name (as in alephdata/ingest-file), kept with
a failed document so the UI can say after the fact what went wrong.
"""

from __future__ import annotations


class KexieError(Exception):
    code = "error"

    def __init__(self, message: str, *, subject: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject  # the file, field or name the message is about

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}" if self.subject else self.message


class InputError(KexieError):
    code = "input"


class UnsupportedFormat(InputError):
    code = "unsupported_format"


class ConfigError(KexieError):
    code = "config"


class StoreError(KexieError):
    code = "store"


class NotFound(KexieError):
    code = "not_found"
