"""Every import URL turns away anonymous visitors; Viewers are refused every POST."""

import pytest
from django.urls import reverse

NAMES = {
    "list": {},
    "template": {},
    "new": {},
    "rejected": {"pk": 1},
    "detail": {"job_id": "import-sample"},
    "status": {"job_id": "import-sample"},
    "start": {"job_id": "import-sample"},
    "stop": {"job_id": "import-sample"},
}


def urls():
    return [
        reverse(f"imports:{name}", kwargs={"pool_id": "us-east-1_Sample1", **kwargs})
        for name, kwargs in NAMES.items()
    ]


@pytest.mark.django_db
def test_it_turns_away_anonymous_visitors(client):
    for url in urls():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/")


def test_it_refuses_every_post_from_a_viewer(viewer_client):
    for url in urls():
        assert viewer_client.post(url, {"record": "1"}).status_code == 403, url
