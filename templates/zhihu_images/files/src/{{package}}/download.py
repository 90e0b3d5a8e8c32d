"""A careful image downloader.

* the answer must say ``Content-Type: image/...`` of a known raster type (an HTML error
  page or an SVG with scripts is not saved);
* a size cap is checked against ``Content-Length`` *and* while streaming, so a server
  that lies about the length still cannot fill the disk;
* the body goes to a temporary file in the target folder, which is deleted on any error:
  no half-written images are left behind;
* Pillow must be able to read the saved bytes;
* the file name is the SHA-1 of the content plus the extension of the content type.
  Nothing of the URL (``../../x.jpg``, ``%2e%2e%2f``, very long names, Windows device
  names) and no ``Content-Disposition`` header ever reaches the file system, and the same
  picture under two URLs is stored once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .i18n import tr
from .polite import FetchError, PoliteSession

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024          # 5 MB per image
CHUNK_SIZE = 64 * 1024
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
}
HASH_CHARS = 20                               # hex characters of the SHA-1 in the name
SAFE_NAME = re.compile(rf"^[0-9a-f]{{{HASH_CHARS}}}\.(?:jpg|png|gif|webp|bmp)$")


class DownloadError(FetchError):
    """This image was not saved (the crawl goes on with the next one)."""


class NotAnImageError(DownloadError):
    """The answer is not a supported image (wrong content type, unreadable bytes)."""


class TooLargeError(DownloadError):
    """The image is larger than the size cap."""


@dataclass
class Saved:
    path: Path
    sha1: str
    content_type: str
    size: int
    existed: bool = False        # the same bytes were already in the folder


def media_type(header: str | None) -> str:
    """``"image/PNG; charset=x"`` -> ``"image/png"``."""
    return (header or "").split(";", 1)[0].strip().lower()


def extension_for(content_type: str) -> str:
    """The file extension for a content type; NotAnImageError for anything else."""
    kind = media_type(content_type)
    if kind in EXTENSIONS:
        return EXTENSIONS[kind]
    if kind.startswith("image/"):
        raise NotAnImageError(tr(f"不支持的图片类型 {kind}（只保存 jpg/png/gif/webp/bmp）",
                                 f"unsupported image type {kind} (only jpg/png/gif/webp/bmp)"))
    raise NotAnImageError(tr(f"不是图片：Content-Type 是 {kind or '（空）'}",
                             f"not an image: the Content-Type is {kind or '(empty)'}"))


def safe_filename(sha1_hex: str, content_type: str) -> str:
    """``<first 20 hex chars of the SHA-1><extension>``; the only names this module writes."""
    name = sha1_hex.lower()[:HASH_CHARS] + extension_for(content_type)
    if not SAFE_NAME.match(name):
        raise ValueError(f"not a hex digest: {sha1_hex!r}")
    return name


def _check_readable(path: str) -> None:
    try:
        with Image.open(path) as image:
            image.verify()
    except Exception as exc:   # Pillow raises many types for broken or hostile files
        raise NotAnImageError(tr(f"Pillow 无法读取这个文件（{type(exc).__name__}）",
                                 f"Pillow cannot read the file ({type(exc).__name__})")) from None


def _too_large(url: str, max_bytes: int) -> TooLargeError:
    return TooLargeError(tr(f"{url} 超过 {max_bytes:,} 字节的上限，已放弃",
                            f"{url} is larger than the {max_bytes:,} byte cap; skipped"))


def download_image(session: PoliteSession, url: str, folder: str | Path,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Saved:
    """Fetch one image politely and store it as ``folder/<sha1><ext>``.

    Raises :class:`NotAnImageError` / :class:`TooLargeError` (skip this image), and
    passes on the errors of the session (BlockedError stops the crawl).
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    folder = Path(folder)
    response = session.get(url)
    try:
        content_type = media_type(response.headers.get("Content-Type"))
        extension_for(content_type)                      # reject before reading the body
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(url, max_bytes)
        folder.mkdir(parents=True, exist_ok=True)
        handle, part = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=folder)
        try:
            digest = hashlib.sha1()
            size = 0
            with os.fdopen(handle, "wb") as out:
                for chunk in response.iter_content(CHUNK_SIZE):
                    size += len(chunk)
                    if size > max_bytes:
                        raise _too_large(url, max_bytes)
                    digest.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise NotAnImageError(tr(f"{url} 返回了空内容", f"{url} returned an empty body"))
            _check_readable(part)
            target = folder / safe_filename(digest.hexdigest(), content_type)
            if target.resolve().parent != folder.resolve():      # belt and braces
                raise ValueError(f"refusing to write outside {folder}")
            existed = target.exists()
            if existed:
                os.remove(part)
            else:
                os.replace(part, target)
        except BaseException:
            if os.path.exists(part):
                os.remove(part)
            raise
    finally:
        response.close()
    log.debug("saved %s -> %s (%d bytes)", url, target.name, size)
    return Saved(target, digest.hexdigest(), content_type, size, existed)
