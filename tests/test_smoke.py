from tests.conftest import SEED_SLUG


def test_demo_article_renders(seeded_app):
    response = seeded_app.test_client().get(f"/articles/{SEED_SLUG}")
    assert response.status_code == 200
    assert "Hương Dịu" in response.text
