from models import User, db

from .conftest import PASSWORD, login, text_of


def signup(client, **overrides):
    data = {
        "name": "Lucía Fernández",
        "email": "lucia@cancilleria.example",
        "password": "una-clave-larga",
        "title": "Directora de Cooperación",
        "affiliation": "country:UY",
    }
    data.update(overrides)
    return client.post("/signup", data=data)


def test_signup_signs_in_and_stores_a_slow_hash(client):
    response = signup(client)
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).filter_by(email="lucia@cancilleria.example"))
    assert user.country_code == "UY" and user.role == "member" and user.title == "Directora de Cooperación"
    assert user.password_hash.startswith("$argon2id$")
    assert "Lucía Fernández" in text_of(client.get("/"))


def test_signup_with_an_organisation(client):
    page = client.get("/signup").get_data(as_text=True)
    assert "CARICOM — Comunidad del Caribe" in page
    organization_id = db.session.scalar(db.text("SELECT id FROM organizations WHERE acronym='CARICOM'"))
    assert signup(client, affiliation=f"organization:{organization_id}").status_code == 302
    user = db.session.scalar(db.select(User))
    assert user.organization.acronym == "CARICOM" and user.country_code is None


def test_duplicate_email_is_refused_and_form_keeps_input(client, member):
    response = signup(client, email=member.email.upper(), name="Otra Persona")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ya existe una cuenta con ese correo" in page
    assert 'value="Otra Persona"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_signup_reports_every_problem(client):
    response = signup(client, name="", email="no-es-un-correo", password="corta", affiliation="country:ZZ")
    text = text_of(response)
    assert response.status_code == 422
    for message in ("Escriba su nombre.", "Escriba una dirección de correo válida.", "al menos 10 caracteres"):
        assert message in text
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_wrong_password_keeps_email_and_says_why(client, member):
    response = client.post("/login", data={"email": member.email, "password": "equivocada-123"})
    assert response.status_code == 422
    assert "Correo o contraseña incorrectos." in text_of(response)
    assert f'value="{member.email}"' in response.get_data(as_text=True)
    unknown = client.post("/login", data={"email": "nadie@example.org", "password": "x"})
    assert "Correo o contraseña incorrectos." in text_of(unknown)


def test_remember_me_sets_a_lasting_cookie(client, member):
    client.post("/login", data={"email": member.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token", domain="encuentro.test") is not None


def test_sign_out(client, member):
    login(client, member)
    assert member.name in text_of(client.get("/"))
    assert client.post("/logout").status_code == 302
    assert "Iniciar sesión" in text_of(client.get("/"))


def test_login_redirects_only_to_same_site(client, member):
    evil = client.post("/login?next=https://evil.example/", data={"email": member.email, "password": PASSWORD})
    assert evil.headers["Location"] == "/"
    client.post("/logout")
    good = client.post("/login?next=/s/cooperacion", data={"email": member.email, "password": PASSWORD})
    assert good.headers["Location"] == "/s/cooperacion"


def test_protected_page_sends_guest_to_login(client, topic):
    response = client.get(f"/t/{topic.id}/reply")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_create_user_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "punto@focal.example",
            "--name",
            "Punto Focal",
            "--password",
            "clave-segura-99",
            "--role",
            "focal_point",
            "--country",
            "pe",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(email="punto@focal.example"))
    assert user.role == "focal_point" and user.country_code == "PE"
    again = runner.invoke(args=["create-user", "punto@focal.example", "--name", "X", "--password", "clave-segura-99"])
    assert again.exit_code == 1 and "Ya existe" in again.output
    no_country = runner.invoke(
        args=[
            "create-user",
            "otro@focal.example",
            "--name",
            "X",
            "--password",
            "clave-segura-99",
            "--role",
            "focal_point",
        ]
    )
    assert no_country.exit_code == 1 and "país" in no_country.output


def test_language_choice_is_remembered(client, member):
    login(client, member)
    response = client.post("/language?next=/s/cooperacion", data={"lang": "pt"})
    assert response.headers["Location"] == "/s/cooperacion"
    assert client.get_cookie("lang", domain="encuentro.test").value == "pt"
    assert db.session.get(User, member.id).language == "pt"
    assert '<html lang="pt">' in client.get("/").get_data(as_text=True)


def test_backslash_paths_are_not_followed_after_login(client, member):
    response = client.post("/login?next=/\\evil.example", data={"email": member.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
