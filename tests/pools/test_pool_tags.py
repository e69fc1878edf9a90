"""Pool tags: at most 50, each key once, the aws: prefix refused (issue 10, §6).

AWS's tagging limit is not in the service model, and a repeated key used to be
silently collapsed into one tag (the last value won).
"""

import pytest

from console.models import AuditEvent

from .conftest import new_pool_data


def _tags(count: int) -> str:
    return "\n".join(f"key{i}=value{i}" for i in range(count))


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        (_tags(51), "At most 50 tags; there are 51."),
        ("team=support\nteam=billing", "The key “team” is given twice"),
        ("team=support\n team = billing", "The key “team” is given twice"),
        ("aws:cloudformation=x", "keys beginning with aws: are AWS"),
    ],
)
def test_it_refuses_tags_aws_would_refuse_or_lose(admin_client, idp, tags, problem):
    response = admin_client.post("/pools/new", new_pool_data(name="Tagged", tags=tags))
    assert response.status_code == 200
    assert problem in " ".join(response.context["form"].errors["tags"])
    assert idp.list_user_pools(MaxResults=60)["UserPools"] == []
    assert not AuditEvent.objects.exists()


def test_it_sends_fifty_tags(admin_client, idp):
    response = admin_client.post("/pools/new", new_pool_data(name="Tagged", tags=_tags(50)))
    assert response.status_code == 302, response.context["form"].errors
    pool = idp.list_user_pools(MaxResults=60)["UserPools"][0]
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert len(described["UserPoolTags"]) == 50
