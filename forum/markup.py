"""Markdown -> HTML -> bleach, in one place. Run on write; store the result."""

from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter, build_url_re
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "ol": ["start"],
    "th": ["align"],
    "td": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Raw HTML in the source is escaped, not passed through: users write Markdown.
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])


def _image_as_link(self, tokens, idx, options, env):
    """Show images as links: no third-party requests, light on slow links."""
    token = tokens[idx]
    src = escapeHtml(str(token.attrGet("src") or ""))
    label = self.renderInline(token.children or [], options, env) or src
    return f'<a href="{src}">{label}</a>'


_markdown.add_render_rule("image", _image_as_link)


def _link_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    # The linkifier runs after sanitizing, so its links never meet the protocol
    # allowlist: by default it links data:, ftp:, feed:, callto: and more.
    filters=[
        partial(
            LinkifyFilter,
            callbacks=[_link_rel],
            skip_tags={"pre", "code"},
            url_re=build_url_re(protocols=ALLOWED_PROTOCOLS),
        )
    ],
)


def render_markdown(source: str) -> str:
    """Render user Markdown to HTML that is safe to mark as such in templates."""
    return _cleaner.clean(_markdown.render(source))


def quote_markdown(author_name: str, source: str) -> str:
    """A Markdown blockquote of `source`, attributed to its author."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in source.strip().splitlines())
    return f"**{author_name}:**\n{quoted}\n\n"
