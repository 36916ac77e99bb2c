"""The development-mode banner: on every staff page (the login page included) while the app runs in development
mode, never in production."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

BANNER = '<p class="dev-banner" role="note">Utvecklingsläge, bara för att prova:'


def test_banner_on_every_page_in_development(app: Flask, staff: FlaskClient, meeting: dict[str, str]) -> None:
    assert app.config["HJULSAMTAL_ENV"] == "development"
    assert BANNER in app.test_client().get("/login").get_data(as_text=True)
    for page in ("/meetings", f"/meetings/{meeting['id']}", f"/meetings/{meeting['id']}/summary", "/simulator"):
        assert BANNER in staff.get(page).get_data(as_text=True), page


def test_no_banner_in_production(app: Flask, staff: FlaskClient, meeting: dict[str, str]) -> None:
    app.config["HJULSAMTAL_ENV"] = "production"
    for page in ("/meetings", f"/meetings/{meeting['id']}", f"/meetings/{meeting['id']}/summary"):
        html = staff.get(page).get_data(as_text=True)
        assert "<main>" in html and "dev-banner" not in html, page
    assert "dev-banner" not in app.test_client().get("/login").get_data(as_text=True)
