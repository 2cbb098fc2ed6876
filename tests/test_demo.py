"""The demo content as people find it after `flask seed-demo`."""

import html
import re
import shutil
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from app import create_app
from forum.cli import create_schema
from forum.cooperation import services as cooperation
from forum.demo import DEMO_ACCOUNTS, LISTING_TALKS, LISTING_TOPICS, LISTINGS, TOPICS, seed_demo_content
from forum.demo_curation import CONCLUSION, FEATURED
from forum.demo_meetings import PAST_MEETING, ROOM_MESSAGES
from models import (
    PUBLIC,
    Category,
    ChatMessage,
    Country,
    DigestIssue,
    Flag,
    Listing,
    ListingChange,
    ListingMatch,
    Meeting,
    Position,
    Post,
    Topic,
    User,
    db,
    utcnow,
)

from .conftest import base_config, text_of

WELCOME = "Bienvenida al Espacio Virtual de Encuentro: normas de participación"
FICHA = "Oferta y demanda de cooperación: propuesta de ficha común"


def seed(app, *options) -> str:
    db.session.commit()  # end the test's transaction before the command writes
    result = app.test_cli_runner().invoke(args=["seed-demo", *options])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    """Seed once per module; each test then starts from a copy of the files."""
    folder = tmp_path_factory.mktemp("demo")
    application = create_app(base_config(folder))
    with application.app_context():
        create_schema()
        seed(application)
        db.session.remove()
        db.engine.dispose()  # the last connection closing folds the WAL into test.db
    return folder


@pytest.fixture
def seeded(demo_files, tmp_path, make_app):
    shutil.copy(demo_files / "test.db", tmp_path / "test.db")
    shutil.copytree(demo_files / "index", tmp_path / "index")
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def client(seeded):
    return seeded.test_client()


def account(role: str) -> dict:
    return next(each for each in DEMO_ACCOUNTS if each["role"] == role)


def sign_in(app, demo_account: dict):
    client = app.test_client()
    response = client.post("/login", data={"email": demo_account["email"], "password": demo_account["password"]})
    return client, response


def focal_point_of(country_code: str) -> dict:
    return next(
        each for each in DEMO_ACCOUNTS if each["role"] == "focal_point" and each["country_code"] == country_code
    )


def listing_keyed(key: str) -> Listing:
    spec = next(each for each in LISTINGS if each["key"] == key)
    return db.session.scalar(db.select(Listing).filter_by(title=spec["title"]))


def all_listings() -> list[Listing]:
    return db.session.scalars(db.select(Listing).order_by(Listing.id)).all()


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
            demo_account["role"],
            demo_account["name"],
            demo_account["country_code"],
        )
        assert user.title
        assert (user.organization.acronym if user.organization else None) == demo_account["organization"]
    roles = [each["role"] for each in DEMO_ACCOUNTS]
    assert {"admin", "moderator", "focal_point", "member"} <= set(roles)
    focal_countries = {each["country_code"] for each in DEMO_ACCOUNTS if each["role"] == "focal_point"}
    subregions = {db.session.get(Country, code).subregion for code in focal_countries}
    assert len(focal_countries) >= 10 and len(subregions) >= 3
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
    topic = db.session.scalar(db.select(Topic).join(Topic.category).where(Category.slug == "posiciones-regionales"))
    assert client.get(f"/t/{topic.id}").status_code == 404
    member, _ = sign_in(seeded, account("member"))
    assert member.get(f"/t/{topic.id}").status_code == 404
    focal_point, _ = sign_in(seeded, account("focal_point"))
    page = focal_point.get(f"/t/{topic.id}")
    assert page.status_code == 200 and topic.title in text_of(page)


def test_seeding_again_creates_nothing(seeded):
    models = (
        User,
        Topic,
        Post,
        Listing,
        ListingChange,
        ListingMatch,
        Meeting,
        ChatMessage,
        Position,
        Flag,
        DigestIssue,
    )
    before = [count(model) for model in models]
    assert "Ya hay contenido" in seed(seeded, "--if-empty")
    seed_demo_content()
    db.session.expire_all()
    assert [count(model) for model in models] == before
    assert before[3] == len(LISTINGS)


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
        written = [post.created_at for post in posts if post.author_id == user.id]
        if written:  # focal points designated later may only have published listings
            assert user.created_at < min(written)


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
    assert count(Topic) == len(TOPICS) + len(LISTING_TALKS) + len(LISTING_TOPICS)
    assert count(Listing) == len(LISTINGS)


# Cooperation offer and demand -------------------------------------------------


def test_listing_specs_are_consistent():
    keys = [spec["key"] for spec in LISTINGS]
    assert len(keys) == len(set(keys))
    by_key = dict(zip(keys, LISTINGS, strict=True))
    for talk in LISTING_TALKS:
        demand, offer = by_key[talk["demand"]], by_key[talk["offer"]]
        assert demand["kind"] in ("demand", "both") and offer["kind"] in ("offer", "both")
        assert (demand["sector"], demand["modality"]) == (offer["sector"], offer["modality"])
        assert demand["owner"] != offer["owner"]
    for topic in LISTING_TOPICS:
        assert topic["listing"] in by_key


def test_listings_cover_countries_sectors_and_kinds(seeded):
    listings = all_listings()
    assert 30 <= len(listings) <= 45
    assert len({listing.country_code for listing in listings if listing.country_code}) >= 10
    assert len({listing.sector for listing in listings}) >= 5
    assert len({listing.modality for listing in listings}) >= 5
    assert {"offer", "demand", "both"} <= {listing.kind for listing in listings}
    organizations = [listing for listing in listings if listing.organization_id]
    assert organizations and all(listing.created_by.role == "moderator" for listing in organizations)
    assert any(listing.partners for listing in listings)
    for listing in listings:
        if listing.country_code:
            # Published by the demo focal point of that very country.
            assert (listing.created_by.role, listing.created_by.country_code) == ("focal_point", listing.country_code)
        assert listing.valid_until > date.today()
        assert listing.sdgs and listing.contact_name
        assert listing.contact_email.endswith((".example", "@demo.encuentro.sela.org"))
        assert listing.description_html.startswith("<p>")


def test_listings_page_and_matrix_show_the_demo_listings(seeded, client):
    text = text_of(client.get("/listings"))
    assert f"{len(LISTINGS)} fichas" in text
    newest = db.session.scalar(db.select(Listing).order_by(Listing.updated_at.desc(), Listing.id.desc()).limit(1))
    assert newest.title in text and "Doble vía" in text
    both = text_of(client.get("/listings?kind=both"))
    for listing in all_listings():
        assert (listing.title in both) == (listing.kind == "both")

    html = client.get("/listings/matrix").get_data(as_text=True)
    cells = set(re.findall(r'href="/listings\?country=([A-Z]{2})&(?:amp;)?sector=(\w+)"', html))
    expected = {(country, sector) for country, row in cooperation.sector_matrix().items() for sector in row}
    assert cells == expected and len({country for country, _ in cells}) >= 10
    assert re.search(r'<span class="offer">\d+ O</span>', html)
    assert re.search(r'<span class="demand">\d+ D</span>', html)


def test_demands_find_offers_from_other_countries(seeded, client):
    pairs = set()
    for demand in db.session.scalars(db.select(Listing).filter_by(kind="demand")):
        for match in cooperation.matches(demand):
            if (
                match.same_sector
                and match.same_modality
                and match.listing.offers
                and match.listing.country_code not in (None, demand.country_code)
            ):
                pairs.add((demand.id, match.listing.id))
    assert len(pairs) >= 5
    # The pairs written to match come first among each other's possible partners.
    for demand_key, offer_key in [(talk["demand"], talk["offer"]) for talk in LISTING_TALKS] + [
        ("gt-alerta", "mx-alerta"),
        ("do-leche", "br-leche"),
        ("pe-interoperabilidad", "uy-gobierno-digital"),
    ]:
        demand, offer = listing_keyed(demand_key), listing_keyed(offer_key)
        assert cooperation.matches(demand)[0].listing == offer
        assert cooperation.matches(offer)[0].listing == demand
    page = text_of(client.get(f"/listings/{listing_keyed('gt-alerta').id}"))
    partners = page[page.index("Posibles socios") : page.index("Historial")]
    assert listing_keyed("mx-alerta").title in partners and "misma modalidad" in partners


def test_pairs_in_talks_are_linked_by_a_topic(seeded, client):
    matches = db.session.scalars(db.select(ListingMatch)).all()
    assert len(matches) == len(LISTING_TALKS) >= 1
    for match in matches:
        demand, offer, topic = match.demand, match.offer, match.topic
        assert topic is not None and demand.topic_id == offer.topic_id == topic.id
        assert demand.status == offer.status == "in_talks"
        assert {country.code for country in topic.countries} == {demand.country_code, offer.country_code}
        assert topic.reply_count >= 1
        page = text_of(client.get(f"/t/{topic.id}"))
        assert demand.title in page and offer.title in page
        for listing in (demand, offer):
            actions = [change.action for change in cooperation.history(listing)]
            assert actions[0] == "in_talks" and actions[-1] == "created"
        listing_page = text_of(client.get(f"/listings/{demand.id}"))
        assert "En conversación" in listing_page and topic.title in listing_page


def test_a_listing_has_its_own_discussion(seeded):
    for spec in LISTING_TOPICS:
        listing = listing_keyed(spec["listing"])
        assert listing.topic is not None and listing.topic.title == listing.title
        assert listing.topic.reply_count >= 1
        assert [country.code for country in listing.topic.countries] == [listing.country_code]


def test_stale_listings_show_to_their_focal_point_only(seeded):
    now = utcnow()
    stale = [listing for listing in all_listings() if cooperation.is_stale(listing, now)]
    assert 3 <= len(stale) <= 4
    for listing in stale:
        assert timedelta(days=200) < now - listing.validated_at < timedelta(days=275)
        assert listing.status == "open"
    listing = stale[0]
    code = listing.country_code
    focal_point, _ = sign_in(seeded, focal_point_of(code))
    text = text_of(focal_point.get(f"/countries/{code}"))
    start = text.index("Fichas por validar")
    notice = text[start : text.index("Ofrece (", start)]
    assert listing.title in notice and "Sigue vigente" in notice
    others = [each for each in DEMO_ACCOUNTS if each["role"] == "focal_point" and each["country_code"] != code]
    for demo_account in (account("member"), others[0]):
        client, _ = sign_in(seeded, demo_account)
        text = text_of(client.get(f"/countries/{code}"))
        assert "Fichas por validar" not in text and listing.title in text


def test_listing_history_is_dated_consistently(seeded):
    now = utcnow()
    listings = all_listings()
    changes = db.session.scalars(db.select(ListingChange).order_by(ListingChange.id)).all()
    # Written in date order, as real use does.
    assert [change.created_at for change in changes] == sorted(change.created_at for change in changes)
    assert [listing.created_at for listing in listings] == sorted(listing.created_at for listing in listings)
    assert now - min(listing.created_at for listing in listings) > timedelta(days=200)
    assert now - max(listing.created_at for listing in listings) < timedelta(days=45)
    for listing in listings:
        own = [change for change in changes if change.listing_id == listing.id]
        assert own[0].action == "created" and own[0].created_at == listing.created_at
        assert own[0].user_id == listing.created_by_id
        assert listing.created_by.created_at < listing.created_at < now
        assert listing.validated_at == max(
            change.created_at for change in own if change.action in ("created", "updated", "validated")
        )
        assert listing.updated_at == max(
            change.created_at for change in own if change.action in ("created", "updated", "in_talks")
        )
    assert {"created", "updated", "validated", "in_talks"} <= {change.action for change in changes}


def test_country_pages_list_the_discussions_tagged_with_them(seeded, client):
    tagged = [spec for spec in TOPICS if spec.get("countries")]
    assert len(tagged) >= 5
    for spec in tagged:
        topic = topic_titled(spec["title"])
        assert [country.code for country in topic.countries] == sorted(spec["countries"])
    hurricanes = topic_titled("Preparación comunitaria ante huracanes: experiencias en el Caribe")
    text = text_of(client.get("/countries/JM"))
    assert hurricanes.title in text[text.index("Conversaciones recientes") :]


def test_a_past_meeting_has_its_record_and_two_more_are_ahead(seeded):
    past = db.session.scalar(db.select(Meeting).filter_by(title=PAST_MEETING["title"]))
    now = utcnow()
    assert past.state(now) == "past" and past.summary_html
    assert sorted(m.state(now) for m in db.session.scalars(db.select(Meeting))) == ["past", "upcoming", "upcoming"]
    client, _response = sign_in(seeded, focal_point_of("AR"))
    page = client.get(f"/meetings/{past.id}").get_data(as_text=True)
    assert "Anuncio de la presidencia" in page and "Argentina" in page  # transcript and attendance by country
    assert page.count('class="chat-message') == len(PAST_MEETING["transcript"])
    # The Caribbean consultation is for its invited countries only.
    assert "resiliencia costera" not in client.get("/meetings").get_data(as_text=True)
    jamaica, _response = sign_in(seeded, focal_point_of("JM"))
    assert "resiliencia costera" in jamaica.get("/meetings").get_data(as_text=True)


def test_the_general_room_has_a_conversation_with_a_mention(seeded):
    client, _response = sign_in(seeded, account("member"))
    page = client.get("/rooms/sala-general-cooperacion").get_data(as_text=True)
    assert page.count('class="chat-message') == len(ROOM_MESSAGES)
    assert 'class="mention"' in page


def test_featured_posts_a_conclusion_a_flag_and_the_first_magazine(seeded, client):
    now = utcnow()
    featured = db.session.scalars(db.select(Post).where(Post.featured_at.is_not(None))).all()
    assert len(featured) == len(FEATURED)
    assert all(post.created_at < post.featured_at <= now for post in featured)
    moderating, _response = sign_in(seeded, account("moderator"))
    page = moderating.get("/destacados").get_data(as_text=True)
    assert all(html.escape(summary, quote=False) in page for _title, _author, summary in FEATURED)
    # Guests see those of public topics only (the map of social programmes is for members).
    public = client.get("/destacados").get_data(as_text=True)
    assert html.escape(FEATURED[0][2], quote=False) in public
    assert html.escape(FEATURED[-1][2], quote=False) not in public

    triangular = db.session.scalar(db.select(Topic).filter_by(title=CONCLUSION[0]))
    topic_page = client.get(f"/t/{triangular.id}").get_data(as_text=True)
    assert "Conclusión" in topic_page and "plano de trabalho comum" in topic_page

    queue = moderating.get("/mod/queue").get_data(as_text=True)
    assert "las cooperativas merecen un tema propio" in queue

    issue = db.session.scalar(db.select(DigestIssue))
    assert issue.number == 1 and issue.published_at <= now
    assert issue.period_end < now.date() <= issue.period_end + timedelta(days=92)
    magazine = client.get("/revista/1").get_data(as_text=True)
    assert "primer número de la revista" in magazine
    assert any(html.escape(summary, quote=False) in magazine for _title, _author, summary in FEATURED)
