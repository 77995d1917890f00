"""Writing an export to --out: checked before the work starts, written atomically after it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import ConfigError


def write_output(path: Path, data: bytes | None = None, *, check_only: bool = False) -> Path:
    """Check that `path` can be written (check_only), or write `data` to it via a temporary file.

    The temporary file and rename mean an interrupted export never leaves half a file where
    the user's previous one was.
    """
    target = path.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ConfigError("是一个文件夹，请给出文件名", subject=f"--out {path}")
    if not folder.is_dir():
        raise ConfigError(f"文件夹 {folder} 不存在", subject=f"--out {path}")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ConfigError("没有写入权限", subject=f"--out {path}")
    if check_only:
        return target
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kexie-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data or b"")
        os.replace(tmp, target)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigError(f"无法写入（{e.strerror or e}）", subject=f"--out {path}") from None
    return target
