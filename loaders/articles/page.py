"""Saved HTML pages to plain text lines, keeping the article and dropping the chrome.

Only the standard library's tolerant parser is used: a page is read, never
fetched, and nothing it references is loaded. Navigation, scripts, forms and
blocks whose class or id says they are menus, footers or widgets are skipped;
figure captions are marked "Ảnh:" so that later steps treat them as captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select",
              "button", "iframe", "svg", "template", "object", "embed", "canvas", "head", "menu"}
_VOID = {"br", "img", "meta", "input", "hr", "link", "area", "base", "col", "source", "wbr", "param", "track"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
          "article", "figure", "figcaption", "blockquote", "dd", "dt", "dl", "pre", "hr", "td", "th", "main"}
_CHROME = re.compile(
    r"(?<![a-z])(menu|nav|navbar|footer|sidebar|side-bar|related|relate|comment|poll|vote|breadcrumb|share|social"
    r"|banner|advert|ads|counter|visitor|login|search|tags?|rating|widget|popup|cookie)(?![a-z])",
    re.IGNORECASE,
)
_HTML_HINT = re.compile(r"<\s*(!doctype\s+html|html|body|head|p|div|article|br|span|table)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether text is markup rather than prose: it opens with or is full of tags."""
    head = text[:4000]
    hints = len(_HTML_HINT.findall(head))
    return (head.lstrip().startswith("<") and hints >= 1) or hints >= 5


@dataclass
class PageMeta:
    """What the page's head says about the article."""

    title: str | None = None
    published: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    site: str | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta = PageMeta()
        self._stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self._title: list[str] = []
        self._h1: list[str] = []
        self._in: str | None = None

    @property
    def skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.url = a["href"].strip()
            return
        if tag in _BLOCK and not self.skipping:
            self.parts.append("\n")
        if tag == "figcaption" and not self.skipping:
            self.parts.append("Ảnh: ")
        if tag in _VOID:
            return
        marker = f"{a.get('class', '')} {a.get('id', '')} {a.get('role', '')}"
        skip = self.skipping or tag in _SKIP_TAGS or bool(_CHROME.search(marker))
        self._stack.append((tag, skip))
        if tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break
        if tag in _BLOCK and not self.skipping:
            self.parts.append("\n")
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self._title.append(data)
            return
        if self._in == "h1":
            self._h1.append(data)
        if not self.skipping:
            self.parts.append(data)

    def _meta(self, a: dict[str, str]) -> None:
        name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content", "").strip()
        if not content:
            return
        if name in ("og:title", "title") and not self.meta.title:
            self.meta.title = content
        elif name in ("article:published_time", "pubdate", "publishdate", "date", "datepublished",
                      "dc.date.issued", "og:published_time") and not self.meta.published:
            self.meta.published = content
        elif name == "og:url" and not self.meta.url:
            self.meta.url = content
        elif name in ("author", "article:author", "dc.creator"):
            self.meta.authors.append(content)
        elif name in ("og:site_name", "application-name") and not self.meta.site:
            self.meta.site = content


def html_to_text(markup: str) -> tuple[str, PageMeta]:
    """The visible article text of a page, one block per line, and its head metadata."""
    reader = _Reader()
    try:
        reader.feed(markup)
        reader.close()
    except Exception:  # the stdlib parser is lenient; if it still fails, strip the tags
        return re.sub(r"<[^>]*>", "\n", markup), PageMeta()
    text = "".join(reader.parts)
    h1 = " ".join("".join(reader._h1).split())
    title = " ".join("".join(reader._title).split())
    meta = reader.meta
    meta.title = h1 or meta.title or title or None
    return text, meta


_HEADER = re.compile(r"^\ufeff?(URL|Title|Published)\s*:\s*(.*?)\s*$", re.IGNORECASE)


def read_header(text: str) -> tuple[str, PageMeta]:
    """Split off a saved article's header block (``URL:``, ``Title:``, ``Published:`` lines, then a blank line).

    Text without such a block is returned unchanged with empty metadata.
    """
    meta = PageMeta()
    lines = text.split("\n")
    i = 0
    while i < len(lines) and i < 6:
        m = _HEADER.match(lines[i])
        if not m:
            break
        field_name, value = m.group(1).lower(), m.group(2)
        if field_name == "url":
            meta.url = value or None
        elif field_name == "title":
            meta.title = value or None
        else:
            meta.published = value or None
        i += 1
    if i == 0 or (i < len(lines) and lines[i].strip()):
        return text, PageMeta()
    return "\n".join(lines[i:]), meta
