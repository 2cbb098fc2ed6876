"""User Markdown is rendered to HTML that is safe to serve.

Three kinds of tests:

* a large corpus of known XSS payloads (tests/data/xss_payloads.txt) is
  rendered and the output is checked *structurally*: parsed with
  ``html.parser.HTMLParser`` and held to the allowlists in ``forum.markup``,
  plus a belt-and-braces string check on the live markup;
* positive tests, so that a sanitizer which ate everything would fail;
* one test through the real stack: a member posts nasty payloads as a reply
  and the rendered topic page is inspected.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa

from forum.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from models import Post, db

from .conftest import login

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
REQUIRED_REL = {"nofollow", "noopener"}

# Characters that cannot be written literally in the payload file.
PLACEHOLDERS = {
    "{{NUL}}": "\x00",
    "{{SOH}}": "\x01",
    "{{TAB}}": "\t",
    "{{LF}}": "\n",
    "{{VT}}": "\x0b",
    "{{FF}}": "\x0c",
    "{{CR}}": "\r",
    "{{ESC}}": "\x1b",
    "{{DEL}}": "\x7f",
    "{{NBSP}}": "\u00a0",
    "{{ZWSP}}": "\u200b",
    "{{BOM}}": "\ufeff",
    "{{LS}}": "\u2028",
}

# Elements that must never appear as live markup, wherever they are.
DANGEROUS_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "img",
        "image",
        "video",
        "audio",
        "source",
        "base",
        "meta",
        "link",
        "template",
        "noscript",
        "xml",
        "isindex",
        "bgsound",
        "layer",
    }
)
# Opening sequences that must not occur in the raw output. Text written by
# users is escaped ("&lt;script&gt;"), so a raw "<script" is always a live tag.
FORBIDDEN_RAW = (
    "<script",
    "<svg",
    "<math",
    "<iframe",
    "<frame",
    "<object",
    "<embed",
    "<style",
    "<img",
    "<base",
    "<meta",
    "<link",
    "<form",
    "<input",
    "<button",
    "<textarea",
    "<template",
    "<noscript",
    "<applet",
    "<!--",
    "<![cdata[",
    "<?",
)
# Substrings that must not occur in live markup (tags and attribute values,
# once HTML-unescaped and stripped of whitespace/control characters).
FORBIDDEN_IN_MARKUP = (
    "expression(",
    "url(",
    "srcdoc",
    "formaction",
    "xlink:",
    "style=",
)
# Schemes that must not start a URL anywhere in live markup. A scheme glued
# to preceding URL characters ("%EF%BB%BFjavascript:") is not a scheme but
# part of a relative path, so a letter, digit or "%" before it is allowed.
FORBIDDEN_SCHEMES_RE = re.compile(r"(?<![\w%])(javascript:|vbscript:|livescript:|data:text/html|data:image/svg)")
# An event-handler attribute in raw markup: whitespace, "on...", "=".
HANDLER_RE = re.compile(r"[\s/\"']on[a-z]+\s*=", re.IGNORECASE)
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")


# --------------------------------------------------------------------------
# Loading the payload corpus
# --------------------------------------------------------------------------


@dataclass
class Payload:
    name: str
    source: str


def load_payloads(path: Path = PAYLOAD_FILE) -> list[Payload]:
    """Read the payload file (format documented at its top).

    A line "%% <name>" starts a payload; the lines up to the next header are
    its text. Placeholders such as {{NUL}} are replaced by the character.
    """
    payloads: list[Payload] = []
    name, lines = None, []

    def finish():
        if name is None:
            return
        while lines and not lines[-1].strip():
            lines.pop()
        text = "\n".join(lines)
        for placeholder, character in PLACEHOLDERS.items():
            text = text.replace(placeholder, character)
        payloads.append(Payload(name, text))

    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("%% "):
            finish()
            name, lines = line[3:].strip(), []
        elif name is not None:
            lines.append(line)
    finish()

    names = [payload.name for payload in payloads]
    duplicates = sorted({each for each in names if names.count(each) > 1})
    assert not duplicates, f"duplicate payload names: {duplicates}"
    assert all(payload.source.strip() for payload in payloads), "empty payload"
    return payloads


PAYLOADS = load_payloads()


# --------------------------------------------------------------------------
# Inspecting rendered HTML
# --------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]

    def get(self, name: str) -> str | None:
        return dict(self.attrs).get(name)


@dataclass
class ParsedFragment:
    """What HTMLParser saw in a fragment: elements, text and oddities."""

    elements: list[Element] = field(default_factory=list)
    end_tags: list[str] = field(default_factory=list)
    text: str = ""
    # Comments, doctypes, processing instructions, CDATA sections.
    declarations: list[str] = field(default_factory=list)

    def find(self, tag: str) -> list[Element]:
        return [element for element in self.elements if element.tag == tag]


class FragmentParser(HTMLParser):
    """Record every start tag (with attributes), end tag, text and comment.

    HTMLParser lower-cases tag and attribute names and HTML-unescapes
    attribute values, as a browser does.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.result = ParsedFragment()
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.result.elements.append(Element(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.result.end_tags.append(tag)

    def handle_data(self, data):
        self._text.append(data)

    def handle_comment(self, data):
        self.result.declarations.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.result.declarations.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.result.declarations.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.result.declarations.append(f"<![{data}]>")

    def close(self):
        super().close()
        self.result.text = "".join(self._text)


def parse_fragment(markup: str) -> ParsedFragment:
    """Parse an HTML fragment into a ParsedFragment."""
    parser = FragmentParser()
    parser.feed(markup)
    parser.close()
    return parser.result


def strip_invisible(value: str) -> str:
    """Remove whitespace and control/format characters anywhere in `value`.

    Browsers drop tabs and newlines inside URLs and leading C0 controls and
    spaces; removing every invisible character is the stricter reading.
    """
    return "".join(
        character
        for character in value
        if not character.isspace() and unicodedata.category(character) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}
    )


def href_scheme(href: str) -> str | None:
    """The scheme of an (already HTML-unescaped) href, or None if relative.

    Percent-encoding is deliberately not decoded: "%6Aavascript:" has no
    valid scheme for a browser's URL parser and resolves as a relative path.
    """
    match = SCHEME_RE.match(strip_invisible(href).lower())
    return match.group(1) if match else None


def live_markup(markup: str) -> str:
    """The raw markup with text content and title attribute values removed.

    Text (and titles) is where users may legitimately write "javascript:"
    or "onerror=": it is shown, not executed. Text in the output cannot hold
    a raw "<", so everything between ">" and "<" is text.
    """
    without_text = re.sub(r">[^<]*(?=<|$)", ">", markup)
    return re.sub(r"""\btitle\s*=\s*("[^"]*"|'[^']*')""", 'title=""', without_text, flags=re.IGNORECASE)


def unsafe_href_problems(parsed: ParsedFragment) -> list[str]:
    """Problems (c) and (d): bad href schemes and event-handler attributes."""
    problems = []
    for element in parsed.elements:
        for name, value in element.attrs:
            if name.startswith("on"):
                problems.append(f"event handler {name!r} on <{element.tag}>")
            if name == "href" and value is not None:
                scheme = href_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    problems.append(f"href with scheme {scheme!r}: {value!r}")
    return problems


def string_problems(markup: str) -> list[str]:
    """Problem (e): the belt-and-braces string check on the live markup."""
    problems = []
    lowered = markup.lower()
    problems += [f"raw {needle!r} in output" for needle in FORBIDDEN_RAW if needle in lowered]
    live = live_markup(lowered)
    # Handlers are attribute names: look for them with quoted values blanked.
    names_only = re.sub(r""""[^"]*"|'[^']*'""", '""', live)
    problems += [f"event-handler-like attribute {match[0]!r}" for match in HANDLER_RE.finditer(names_only)]
    decoded = strip_invisible(html.unescape(live))
    problems += [f"{needle!r} in live markup" for needle in FORBIDDEN_IN_MARKUP if needle in decoded]
    problems += [f"{match[0]!r} in live markup" for match in FORBIDDEN_SCHEMES_RE.finditer(decoded)]
    return problems


def safety_problems(markup: str) -> list[str]:
    """Every way in which rendered user HTML breaks the sanitizing policy."""
    parsed = parse_fragment(markup)
    problems = []
    for element in parsed.elements:
        if element.tag not in ALLOWED_TAGS:
            problems.append(f"element <{element.tag}> is not allowed")
        allowed = ALLOWED_ATTRIBUTES.get(element.tag, [])
        for name, _value in element.attrs:
            if name not in allowed:
                problems.append(f"attribute {name!r} is not allowed on <{element.tag}>")
        if element.tag == "a" and element.get("href") is not None:
            rel = set((element.get("rel") or "").split())
            if not REQUIRED_REL <= rel:
                problems.append(f"link without rel=nofollow noopener: {element.attrs!r}")
    problems += [f"end tag </{tag}> is not allowed" for tag in parsed.end_tags if tag not in ALLOWED_TAGS]
    problems += [f"comment or declaration {each!r}" for each in parsed.declarations]
    problems += unsafe_href_problems(parsed)
    problems += string_problems(markup)
    return problems


def assert_safe(markup: str, source: str = "") -> None:
    """Fail with the list of problems, the source and the output."""
    problems = safety_problems(markup)
    assert not problems, "unsafe output:\n  " + "\n  ".join(problems) + f"\nsource: {source!r}\noutput: {markup!r}"


# --------------------------------------------------------------------------
# The payload corpus
# --------------------------------------------------------------------------


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 150
    families = {payload.name.split("/")[0] for payload in PAYLOADS}
    assert {
        "script",
        "handler",
        "jsurl",
        "vbscript",
        "data",
        "encoded",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "base",
        "meta",
        "form",
        "style",
        "malformed",
        "comment",
        "cdata",
        "mxss",
        "markdown",
    } <= families


@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload.name for payload in PAYLOADS])
def test_payload_renders_to_safe_html(payload):
    assert_safe(render_markdown(payload.source), payload.source)


@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload.name for payload in PAYLOADS])
def test_payload_is_safe_inside_markdown_constructs(payload):
    """The same payloads as a list item, a quotation and a table cell."""
    one_line = payload.source.replace("\n", " ")
    for wrapped in (
        f"- {one_line}",
        f"> {one_line}",
        f"| x |\n|---|\n| {one_line} |",
        f"*{one_line}*",
        f"[{one_line}](https://example.org)",
    ):
        assert_safe(render_markdown(wrapped), wrapped)


@pytest.mark.parametrize(
    "markup, reason",
    [
        ('<p onclick="x()">a</p>', "handler"),
        ('<a href="javascript:alert(1)" rel="nofollow noopener">a</a>', "scheme"),
        ('<a href="jav&#x09;ascript:alert(1)" rel="nofollow noopener">a</a>', "encoded scheme"),
        ('<a href=" &#14; javascript:alert(1)" rel="nofollow noopener">a</a>', "control chars"),
        ('<a href="data:text/html,x" rel="nofollow noopener">a</a>', "data"),
        ('<a href="https://example.org">a</a>', "missing rel"),
        ("<img src=x>", "tag"),
        ('<p class="x">a</p>', "attribute"),
        ("<!-- x -->", "comment"),
        ("<svg></svg>", "svg"),
        ('<a href="https://example.org" rel="nofollow noopener"onclick="x()">a</a>', "glued handler"),
    ],
)
def test_the_checker_itself_catches_unsafe_markup(markup, reason):
    """Guard against a checker that accepts anything."""
    assert safety_problems(markup), reason


def test_the_checker_accepts_escaped_talk_about_scripts():
    escaped = (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1) onerror=x "
        '<a href="https://example.org" title="javascript: onerror=" rel="nofollow noopener">a</a> '
        '<a href="https://example.org/%22%20onerror=x" rel="nofollow noopener">b</a> '
        '<a href="%EF%BB%BFjavascript:alert(1)" rel="nofollow noopener">c</a></p>'
    )
    assert safety_problems(escaped) == []


# --------------------------------------------------------------------------
# Positive behaviour: what users are meant to be able to write
# --------------------------------------------------------------------------


def render(source: str) -> tuple[str, ParsedFragment]:
    """Render `source`, check it is safe, and return it with its parse."""
    output = render_markdown(source)
    assert_safe(output, source)
    return output, parse_fragment(output)


def tags_of(parsed: ParsedFragment) -> set[str]:
    return {element.tag for element in parsed.elements}


def test_inline_emphasis_renders():
    output, parsed = render("Es **muy** importante y *urgente*, no ~~opcional~~.")
    assert "<strong>muy</strong>" in output
    assert "<em>urgente</em>" in output
    assert "<s>opcional</s>" in output


def test_block_structure_renders():
    source = (
        "# Título\n\n## Subtítulo\n\n- uno\n- dos\n\n3. tercero\n4. cuarto\n\n> una cita\n\n---\n\nlínea  \nsiguiente\n"
    )
    output, parsed = render(source)
    assert {"h1", "h2", "ul", "ol", "li", "blockquote", "hr", "br", "p"} <= tags_of(parsed)
    assert parsed.find("ol")[0].get("start") == "3"
    assert "<blockquote>\n<p>una cita</p>\n</blockquote>" in output


def test_code_renders_and_keeps_its_text():
    source = "Use `print(1)` así:\n\n```python\nif a < b:\n    print('<b>')\n```\n"
    output, parsed = render(source)
    assert "<code>print(1)</code>" in output
    assert "<pre><code>" in output
    assert "if a &lt; b:" in output
    assert "print('<b>')" in parsed.text


def test_urls_in_code_are_not_linkified():
    output, parsed = render("`https://example.org/x`\n\n```\nhttps://example.org/y\n```")
    assert parsed.find("a") == []
    assert "https://example.org/x" in parsed.text


def test_table_renders():
    """Tables render; column alignment is dropped (markdown-it writes it as a
    style attribute, which is not allowed), the content is not."""
    source = "| País | Proyectos |\n|:-----|----------:|\n| Colombia | 12 |\n| Perú | 7 |\n"
    output, parsed = render(source)
    assert {"table", "thead", "tbody", "tr", "th", "td"} <= tags_of(parsed)
    assert [cell.tag for cell in parsed.elements if cell.tag in {"th", "td"}] == ["th"] * 2 + ["td"] * 4
    assert "Colombia" in parsed.text and "Proyectos" in parsed.text


def test_bare_url_becomes_a_nofollow_link():
    output, parsed = render("Vea https://example.org/informe?id=3 para más detalles.")
    (link,) = parsed.find("a")
    assert link.get("href") == "https://example.org/informe?id=3"
    assert link.get("rel") == "nofollow noopener"


def test_bare_www_domain_becomes_an_http_link():
    output, parsed = render("Vea www.example.org hoy.")
    (link,) = parsed.find("a")
    assert link.get("href") == "http://www.example.org"
    assert link.get("rel") == "nofollow noopener"


def test_markdown_link_gets_rel_and_keeps_title():
    output, parsed = render('[el informe](https://example.org/informe "Informe 2024")')
    (link,) = parsed.find("a")
    assert link.get("href") == "https://example.org/informe"
    assert link.get("title") == "Informe 2024"
    assert link.get("rel") == "nofollow noopener"
    assert "el informe" in parsed.text


def test_relative_and_fragment_links_survive():
    output, parsed = render("[tema](/t/1) y [arriba](#p3)")
    assert [link.get("href") for link in parsed.find("a")] == ["/t/1", "#p3"]


def test_mailto_links_survive():
    output, parsed = render("[escríbanos](mailto:secretaria@example.org) o mailto:otra@example.org")
    hrefs = [link.get("href") for link in parsed.find("a")]
    assert "mailto:secretaria@example.org" in hrefs
    assert "mailto:otra@example.org" in hrefs


def test_html_typed_by_a_user_is_shown_escaped_not_dropped():
    output, parsed = render("Para negrita no use <b>hola</b>, use **hola**.")
    assert "&lt;b&gt;hola&lt;/b&gt;" in output
    assert "<b>hola</b>" in parsed.text
    assert "<strong>hola</strong>" in output


def test_script_typed_by_a_user_is_shown_as_text():
    output, parsed = render("El ataque era <script>alert(1)</script>, ojo.")
    assert "<script>alert(1)</script>" in parsed.text
    assert "&lt;script&gt;" in output


def test_dangerous_link_is_kept_as_visible_text():
    """A refused javascript: link is not silently dropped: its text stays."""
    output, parsed = render("[clic](javascript:alert(1))")
    assert parsed.find("a") == []
    assert "clic" in parsed.text


def test_image_becomes_a_link_to_its_url():
    output, parsed = render("![Mapa de proyectos](https://example.org/mapa.png)")
    assert "<img" not in output
    (link,) = parsed.find("a")
    assert link.get("href") == "https://example.org/mapa.png"
    assert link.get("rel") == "nofollow noopener"
    assert parsed.text.strip() == "Mapa de proyectos"


def test_image_without_alt_text_shows_its_url():
    output, parsed = render("![](https://example.org/mapa.png)")
    (link,) = parsed.find("a")
    assert link.get("href") == "https://example.org/mapa.png"
    assert "https://example.org/mapa.png" in parsed.text


def test_linkifier_only_uses_allowed_schemes():
    """Bare ftp:/data:/feed: text must not become a link with that scheme."""
    output, parsed = render("ftp://example.org/a data:example.org/b feed:example.org/c")
    for link in parsed.find("a"):
        assert href_scheme(link.get("href")) in SAFE_SCHEMES


# --------------------------------------------------------------------------
# Through the real stack
# --------------------------------------------------------------------------

NASTIEST = [
    "<script>alert('reply')</script>",
    "<img src=x onerror=alert(1)//",
    "[clic](javascript:alert(1))",
    "[b](jav&#x09;ascript:alert(1))",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "<svg/onload=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '[a](https://example.org "t" onmouseover="alert(1)")',
    "[x][evil]\n\n[evil]: vbscript:msgbox(1)",
    "data:text.com/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]


def article_html(page: str, post_id: int) -> str:
    """The markup of `<article ... id="p<post_id>">`, up to its end tag.

    Replies are rendered after the article closes, so articles do not nest.
    """
    match = re.search(rf'<article\b[^>]*\bid="p{post_id}"[^>]*>(.*?)</article>', page, flags=re.DOTALL)
    assert match, f"article p{post_id} not found in the page"
    return match.group(1)


def test_reply_with_payloads_is_safe_on_the_topic_page(client, member, topic):
    body = "Respuesta con ejemplos:\n\n" + "\n\n".join(NASTIEST)
    login(client, member)

    response = client.post(f"/t/{topic.id}/reply", data={"body": body})
    assert response.status_code == 302, response.get_data(as_text=True)

    post = db.session.scalar(sa.select(Post).where(Post.topic_id == topic.id).order_by(Post.id.desc()).limit(1))
    assert post.body_source == body
    assert post.body_html == render_markdown(body)
    assert_safe(post.body_html, body)

    page = client.get(f"/t/{topic.id}")
    assert page.status_code == 200
    article = article_html(page.get_data(as_text=True), post.id)
    # The stored HTML is served as is: rendered once, on write.
    assert post.body_html in article

    parsed = parse_fragment(article)
    assert not tags_of(parsed) & DANGEROUS_TAGS, tags_of(parsed)
    assert unsafe_href_problems(parsed) == []
    assert string_problems(article) == []
    # The payloads are visible to readers as text, not silently dropped.
    assert "<script>alert('reply')</script>" in parsed.text
    assert "&lt;script&gt;" in article
