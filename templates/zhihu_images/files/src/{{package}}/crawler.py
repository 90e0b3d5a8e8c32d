"""The crawl loops: follow a question's answer pages, or read one page; then download.

Every request goes through :class:`.polite.PoliteSession` (robots.txt, one request per
second per host, timeouts, retries on 429/5xx only). Paging stops at the first of:

* ``paging.is_end`` is true;
* there is no ``paging.next``, or it points to another host;
* ``paging.next`` repeats a page already fetched (a loop);
* a page brings no answers;
* ``max_pages`` pages were fetched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from .api import (
    MAX_PAGES,
    Answer,
    ZhihuApiError,
    ZhihuBlockedError,
    answers_url,
    check_api_error,
    parse_answers_page,
    resolve_next,
)
from .contact_sheet import make_contact_sheet
from .download import DEFAULT_MAX_BYTES, DownloadError, download_image
from .extract import ImageRef, dedupe, extract_images
from .i18n import tr
from .index import Record, write_index_csv, write_index_html
from .polite import (
    BlockedError,
    CrawlerError,
    FetchError,
    PoliteSession,
    RobotsDisallowedError,
    host_of,
)
from .session import last_response

log = logging.getLogger(__name__)

MAX_IMAGES = 50
IMAGES_DIR = "images"


@dataclass
class Paging:
    answers: list[Answer] = field(default_factory=list)
    pages: int = 0
    stop: str = ""            # is_end | no_next | other_host | repeat | empty | max_pages
    urls: list[str] = field(default_factory=list)


def _blocked_from(exc: BlockedError, session: PoliteSession) -> ZhihuBlockedError:
    """Turn the session's BlockedError into the Zhihu explanation (with the API error code)."""
    if isinstance(exc, ZhihuBlockedError):
        return exc
    response = last_response(session)
    if exc.reason == "status" and response is not None and response.status_code == exc.status:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        try:
            check_api_error(payload, exc.url, exc.status)
        except ZhihuBlockedError as better:
            return better
        except ZhihuApiError:
            pass
    return ZhihuBlockedError(exc.url, exc.reason, exc.status)


def fetch_json(session: PoliteSession, url: str):
    """GET a JSON page of the API; refusals become :class:`ZhihuBlockedError`."""
    try:
        response = session.get(url)
    except BlockedError as exc:
        raise _blocked_from(exc, session) from None
    try:
        payload = response.json()
    except ValueError:
        raise ZhihuApiError(tr(f"{url} 返回的不是 JSON（可能是登录页）",
                               f"{url} did not answer JSON (maybe a login page)")) from None
    check_api_error(payload, url, response.status_code)
    return payload


def fetch_answers(qid: str, session: PoliteSession, limit: int = 5,
                  max_pages: int = 3, base: str | None = None) -> Paging:
    """All answers of up to ``max_pages`` pages (see the module docstring for the stops).

    On an error the answers fetched so far are attached to it as ``exc.paging``.
    """
    from .api import API_BASE

    if not 1 <= max_pages <= MAX_PAGES:
        raise ValueError(tr(f"页数必须在 1 到 {MAX_PAGES} 之间",
                            f"max_pages must be between 1 and {MAX_PAGES}"))
    url = answers_url(qid, limit=limit, offset=0, base=base or API_BASE)
    result = Paging()
    seen_ids: set[str] = set()
    while True:
        result.urls.append(url)
        try:
            payload = fetch_json(session, url)
        except CrawlerError as exc:
            exc.paging = result
            raise
        page = parse_answers_page(payload)
        result.pages += 1
        new = [a for a in page.answers if a.id not in seen_ids]
        seen_ids.update(a.id for a in new)
        result.answers.extend(new)
        log.info(tr(f"第 {result.pages} 页：{len(page.answers)} 个回答",
                    f"page {result.pages}: {len(page.answers)} answers"))
        if page.is_end:
            result.stop = "is_end"
        elif not page.answers:
            result.stop = "empty"
        elif not page.next_url:
            result.stop = "no_next"
        elif result.pages >= max_pages:
            result.stop = "max_pages"
        else:
            following = resolve_next(url, page.next_url)
            if host_of(following) != host_of(url):
                result.stop = "other_host"
            elif following in result.urls:
                result.stop = "repeat"
            else:
                url = following
                continue
        return result


def question_images(paging: Paging, base_url: str) -> list[ImageRef]:
    """The pictures of all answers, de-duplicated across answers."""
    refs: list[ImageRef] = []
    for answer in paging.answers:
        refs.extend(extract_images(answer.content, base_url, source=f"answer:{answer.id}"))
    return dedupe(refs)


def page_images(url: str, session: PoliteSession) -> list[ImageRef]:
    """The pictures of one HTML page (the generic mode)."""
    response = session.get(url)
    kind = response.headers.get("Content-Type", "")
    if "html" not in kind:
        raise FetchError(tr(f"{url} 不是 HTML 页面（{kind}）",
                            f"{url} is not an HTML page ({kind})"))
    return extract_images(response.text, response.url or url, source=url)


def download_all(refs: list[ImageRef], session: PoliteSession, out_dir: str | Path,
                 max_images: int = MAX_IMAGES, max_bytes: int = DEFAULT_MAX_BYTES,
                 records: list[Record] | None = None) -> list[Record]:
    """Download up to ``max_images`` pictures into ``out_dir/images``.

    One bad image is recorded and skipped; a BlockedError stops everything (the records
    so far are attached to it as ``exc.records``). Pass ``records`` of an earlier call to
    skip pictures that are already known.
    """
    records = [] if records is None else records
    known = {r.key for r in records}
    hashes = {r.sha1: r.file for r in records if r.sha1}
    out_dir = Path(out_dir)
    folder = out_dir / IMAGES_DIR
    pending = [ref for ref in refs if ref.key not in known][:max(0, max_images)]
    for ref in pending:
        record = Record(url=ref.url, key=ref.key, source=ref.source)
        records.append(record)
        try:
            saved = download_image(session, ref.url, folder, max_bytes=max_bytes)
        except RobotsDisallowedError:
            record.status = "robots"
            continue
        except BlockedError as exc:
            record.status = "failed"
            record.note = "blocked"
            exc.records = records
            raise
        except DownloadError as exc:
            record.status = "rejected"
            record.note = str(exc)
            log.debug("%s: %s", ref.url, exc)
            continue
        except FetchError as exc:
            record.status = "failed"
            record.note = str(exc)
            log.debug("%s: %s", ref.url, exc)
            continue
        record.sha1 = saved.sha1
        record.file = f"{IMAGES_DIR}/{saved.path.name}"
        record.bytes = saved.size
        record.content_type = saved.content_type
        with Image.open(saved.path) as image:
            record.width, record.height = image.size
        if saved.sha1 in hashes:
            record.status = "duplicate"
            record.near_duplicate_of = hashes[saved.sha1]
        else:
            record.status = "existing" if saved.existed else "saved"
            hashes[saved.sha1] = record.file
    return records


def mark_near_duplicates(records: list[Record], out_dir: str | Path) -> int | None:
    """Stretch exercise: mark saved pictures that nearly duplicate an earlier one.

    Returns how many were marked, or None while the exercise is not done yet.
    """
    from .near_dup import find_near_duplicates

    out_dir = Path(out_dir)
    kept = [r for r in records if r.status in ("saved", "existing")]
    try:
        pairs = find_near_duplicates([out_dir / r.file for r in kept])
    except NotImplementedError:
        return None
    by_path = {out_dir / r.file: r for r in kept}
    for later, earlier in pairs.items():
        record = by_path[later]
        record.status = "near_duplicate"
        record.near_duplicate_of = by_path[earlier].file
    return len(pairs)


def write_outputs(records: list[Record], out_dir: str | Path, title: str) -> dict[str, Path]:
    """contact_sheet.png (if any picture was kept), index.csv and index.html."""
    out_dir = Path(out_dir)
    written = {"csv": write_index_csv(records, out_dir / "index.csv")}
    kept = [r for r in records if r.status in ("saved", "existing")]
    sheet = None
    if kept:
        sheet = out_dir / "contact_sheet.png"
        make_contact_sheet([out_dir / r.file for r in kept], sheet,
                           labels=[Path(r.file).name for r in kept])
        written["sheet"] = sheet
    written["html"] = write_index_html(records, out_dir / "index.html", title,
                                       sheet=sheet.name if sheet else None)
    return written
