def test_overview_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_staff_sees_overview(client, login_as):
    login_as("staff")
    response = client.get("/")
    assert response.status_code == 200
    assert "Hva holder planen mest tilbake?" in response.get_data(as_text=True)
