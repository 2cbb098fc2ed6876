"""The demo content as people find it after `flask seed-demo`."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from forum.demo import DEMO_ACCOUNTS, TOPICS, seed_demo_content
from models import PUBLIC, Category, Country, Post, Topic, User, db, utcnow

from .conftest import text_of

WELCOME = "Bienvenida al Espacio Virtual de Encuentro: normas de participación"
FICHA = "Oferta y demanda de cooperación: propuesta de ficha común"


def seed(app, *options) -> str:
    db.session.commit()  # end the test's transaction before the command writes
    result = app.test_cli_runner().invoke(args=["seed-demo", *options])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


@pytest.fixture
def seeded(app):
    seed(app)
    return app


def account(role: str) -> dict:
    return next(each for each in DEMO_ACCOUNTS if each["role"] == role)


def sign_in(app, demo_account: dict):
    client = app.test_client()
    response = client.post(
        "/login", data={"email": demo_account["email"], "password": demo_account["password"]}
    )
    return client, response


def topic_titled(title: str) -> Topic:
    return db.session.scalar(db.select(Topic).filter_by(title=title))


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


class ReplyNesting(HTMLParser):
    """The deepest nesting of <ol class="replies …"> lists in a page."""

    def __init__(self):
        super().__init__()
        self.stack, self.deepest = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "ol":
            self.stack.append("replies" in (dict(attrs).get("class") or "").split())
            self.deepest = max(self.deepest, sum(self.stack))

    def handle_endtag(self, tag):
        if tag == "ol":
            self.stack.pop()


def test_every_demo_account_signs_in_with_its_listed_password(seeded):
    for demo_account in DEMO_ACCOUNTS:
        _, response = sign_in(seeded, demo_account)
        assert response.status_code == 302, demo_account["email"]
        assert demo_account["email"].endswith("@demo.encuentro.sela.org")


def test_demo_accounts_cover_roles_and_subregions(seeded):
    users = {user.email: user for user in db.session.scalars(db.select(User))}
    for demo_account in DEMO_ACCOUNTS:
        user = users[demo_account["email"]]
        assert (user.role, user.name, user.country_code) == (
            demo_account["role"], demo_account["name"], demo_account["country_code"])
        assert user.title
        assert (user.organization.acronym if user.organization else None) == demo_account["organization"]
    roles = [each["role"] for each in DEMO_ACCOUNTS]
    assert {"admin", "moderator", "focal_point", "member"} <= set(roles)
    focal_countries = {each["country_code"] for each in DEMO_ACCOUNTS if each["role"] == "focal_point"}
    subregions = {db.session.get(Country, code).subregion for code in focal_countries}
    assert len(focal_countries) >= 5 and len(subregions) >= 3
    members = [each for each in DEMO_ACCOUNTS if each["role"] == "member"]
    assert any(each["organization"] in ("CARICOM", "SICA") for each in members)
    assert any(not each["organization"] and not each["country_code"] for each in members)


def test_home_page_lists_categories_with_their_activity(seeded, client):
    html = client.get("/").get_data(as_text=True)
    counts = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        slug = re.search(r'href="/c/[^/"]+/([^/"]+)"', row)
        if slug:
            counts[slug.group(1)] = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
    visibility = {each.slug: each.effective_visibility for each in db.session.scalars(db.select(Category))}
    public = {spec["category"] for spec in TOPICS if visibility[spec["category"]] == PUBLIC}
    assert len(public) >= 5
    for slug in public:
        topics, posts = counts[slug]
        assert topics > 0 and posts > topics, slug
    assert "posiciones-regionales" not in counts and "secretaria" not in counts


def test_pinned_welcome_topic_comes_first_in_its_category(seeded, client):
    html = client.get("/c/cooperacion/cooperacion-sur-sur").get_data(as_text=True)
    titles = re.findall(r'<a href="/t/\d+/[^"]*">([^<]+)</a>', html)
    assert len(titles) >= 3 and titles[0] == WELCOME
    assert html.index("Fijado") < html.index(WELCOME)
    # The pin, not recent activity, is what puts it first.
    welcome = topic_titled(WELCOME)
    newest = db.session.scalar(
        db.select(db.func.max(Topic.last_post_at)).where(Topic.category_id == welcome.category_id)
    )
    assert welcome.last_post_at < newest


def test_thread_shows_nested_replies_quotes_and_an_edit(seeded, client):
    response = client.get(f"/t/{topic_titled(FICHA).id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    nesting = ReplyNesting()
    nesting.feed(html)
    assert nesting.deepest >= 3
    assert 'class="edited"' in html and "editado" in text_of(response)
    assert "<blockquote>" in html and "<strong>Gabriela Soto Villaseñor:</strong>" in html
    assert '<a href="https://www.sela.org"' in html and "<ol>" in html


def test_delegates_only_topic_is_hidden_from_guests_and_members(seeded, client):
    topic = db.session.scalar(
        db.select(Topic).join(Topic.category).where(Category.slug == "posiciones-regionales")
    )
    assert client.get(f"/t/{topic.id}").status_code == 404
    member, _ = sign_in(seeded, account("member"))
    assert member.get(f"/t/{topic.id}").status_code == 404
    focal_point, _ = sign_in(seeded, account("focal_point"))
    page = focal_point.get(f"/t/{topic.id}")
    assert page.status_code == 200 and topic.title in text_of(page)


def test_seeding_again_creates_nothing(seeded):
    before = (count(User), count(Topic), count(Post))
    assert "Ya hay contenido" in seed(seeded, "--if-empty")
    seed_demo_content()
    db.session.expire_all()
    assert (count(User), count(Topic), count(Post)) == before


def test_content_is_dated_over_the_past_months(seeded):
    now = utcnow()
    posts = db.session.scalars(db.select(Post).order_by(Post.id)).all()
    topics = db.session.scalars(db.select(Topic)).all()
    assert len(topics) >= 10 and 60 <= len(posts) <= 120
    assert max(post.created_at for post in posts) < now
    assert now - min(post.created_at for post in posts) > timedelta(days=180)
    # Written in date order, as real posts are, and always after their parent.
    assert [post.created_at for post in posts] == sorted(post.created_at for post in posts)
    for post in posts:
        if post.parent is not None:
            assert post.created_at > post.parent.created_at
        if post.edited_at is not None:
            assert post.created_at < post.edited_at < now
    for topic in topics:
        dates = [post.created_at for post in posts if post.topic_id == topic.id]
        assert topic.created_at == min(dates) and topic.last_post_at == max(dates)
        assert topic.reply_count == len(dates) - 1
    for category in db.session.scalars(db.select(Category)):
        dates = [topic.last_post_at for topic in topics if topic.category_id == category.id]
        assert category.last_post_at == (max(dates) if dates else None)
        assert category.post_count == sum(1 for post in posts if post.topic.category_id == category.id)
    for user in db.session.scalars(db.select(User)):
        assert user.created_at < min(post.created_at for post in posts if post.author_id == user.id)


def test_quotes_are_excerpts_of_the_post_they_answer():
    def walk(parent):
        for reply in parent.get("replies", []):
            if "quote" in reply:
                assert " ".join(reply["quote"].split()) in " ".join(parent["body"].split())
            walk(reply)

    for spec in TOPICS:
        walk(spec)


def test_seed_if_empty_fills_an_empty_database(app):
    seed(app, "--if-empty")
    assert count(Topic) == len(TOPICS)
