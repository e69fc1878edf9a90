"""/pools/<id>/edit: full-configuration edit with a diff before saving (Admin only)."""

from console.models import AuditEvent
from pools.forms import PoolForm

from .test_service_pool_changes import NOT_UPDATABLE


def _current_values(admin_client, pool_id):
    form = admin_client.get(f"/pools/{pool_id}/edit").context["form"]
    from .conftest import form_values

    return form_values(form)


def test_it_shows_a_diff_and_saves_only_after_confirming(admin_client, idp, rich_pool):
    before = idp.describe_user_pool(UserPoolId=rich_pool)["UserPool"]
    data = _current_values(admin_client, rich_pool)
    data["pw_min_length"] = "16"

    review = admin_client.post(f"/pools/{rich_pool}/edit", data)
    assert review.status_code == 200
    changes = review.context["preview"].changes
    assert [(c.path, c.old, c.new) for c in changes] == [
        ("Policies.PasswordPolicy.MinimumLength", 12, 16)
    ]
    html = review.content.decode()
    assert 'data-testid="diff"' in html and "Policies.PasswordPolicy.MinimumLength" in html
    # Nothing was sent yet.
    assert (
        idp.describe_user_pool(UserPoolId=rich_pool)["UserPool"]["Policies"]["PasswordPolicy"][
            "MinimumLength"
        ]
        == 12
    )
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()

    carried = dict(review.context["carried"])
    assert carried["pw_min_length"] == "16"
    confirm = {k: v for k, v in data.items()}
    confirm.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    saved = admin_client.post(f"/pools/{rich_pool}/edit", confirm)
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/pools/{rich_pool}/"

    after = idp.describe_user_pool(UserPoolId=rich_pool)["UserPool"]
    assert after["Policies"]["PasswordPolicy"]["MinimumLength"] == 16
    after["Policies"]["PasswordPolicy"]["MinimumLength"] = 12
    for key in sorted((set(before) | set(after)) - NOT_UPDATABLE):
        assert before.get(key) == after.get(key), key
    assert AuditEvent.objects.get(action="UpdateUserPool").outcome == "succeeded"


def test_it_does_not_offer_mfa_on_after_creation(admin_client, rich_pool):
    form = admin_client.get(f"/pools/{rich_pool}/edit").context["form"]
    assert [c[0] for c in form.fields["mfa"].choices] == ["OFF", "OPTIONAL"]
    assert "alias_attributes" not in form.fields


def test_it_refuses_an_out_of_range_value_next_to_its_field(admin_client, rich_pool):
    data = _current_values(admin_client, rich_pool)
    data["pw_min_length"] = "100"
    data["pw_temp_days"] = "-1"
    response = admin_client.post(f"/pools/{rich_pool}/edit", data)
    assert response.status_code == 200
    assert "preview" not in response.context
    errors = response.context["form"].errors
    assert "less than or equal to 99" in str(errors["pw_min_length"])
    assert "pw_temp_days" in errors


def test_it_keeps_an_unchanged_name_that_todays_pattern_refuses(admin_client, idp):
    pool_id = idp.create_user_pool(PoolName="Legacy (old)")["UserPool"]["Id"]
    data = _current_values(admin_client, pool_id)
    response = admin_client.post(f"/pools/{pool_id}/edit", data)
    assert response.status_code == 200
    assert "preview" in response.context, response.context["form"].errors
    assert response.context["preview"].changes == ()
    data["name"] = "Renamed (new)"
    response = admin_client.post(f"/pools/{pool_id}/edit", data)
    assert "name" in response.context["form"].errors


def test_it_shows_cognitos_refusal_on_the_form(admin_client, rich_pool, faults):
    data = _current_values(admin_client, rich_pool)
    data.update(pw_min_length="10")
    review = admin_client.post(f"/pools/{rich_pool}/edit", data)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    faults.set("UpdateUserPool", "invalid:The pool cannot take this", times=5)
    response = admin_client.post(f"/pools/{rich_pool}/edit", data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="10"' in response.content.decode()
    assert AuditEvent.objects.get(action="UpdateUserPool").outcome == "failed"


def test_it_says_a_5xx_on_save_may_or_may_not_have_saved(admin_client, rich_pool, faults):
    data = _current_values(admin_client, rich_pool)
    data.update(pw_min_length="10")
    review = admin_client.post(f"/pools/{rich_pool}/edit", data)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    faults.set("UpdateUserPool", "error", times=5)
    response = admin_client.post(f"/pools/{rich_pool}/edit", data)
    errors = " ".join(response.context["form"].non_field_errors())
    assert "may or may not have been made" in errors and "Nothing" not in errors
    assert AuditEvent.objects.get(action="UpdateUserPool").outcome == "unknown"


def test_it_goes_back_to_the_form_with_the_values(admin_client, rich_pool):
    data = _current_values(admin_client, rich_pool)
    data.update(pw_min_length="15", review_again="1")
    response = admin_client.post(f"/pools/{rich_pool}/edit", data)
    assert isinstance(response.context["form"], PoolForm)
    assert 'value="15"' in response.content.decode()


def test_it_is_for_admins_only(operator_client, rich_pool):
    assert operator_client.get(f"/pools/{rich_pool}/edit").status_code == 403


def test_it_shows_the_change_buttons_to_admins_only(client, admin, viewer, pool_id):
    client.force_login(admin)
    admin_html = client.get(f"/pools/{pool_id}/").content.decode()
    assert f'href="/pools/{pool_id}/edit"' in admin_html
    assert f'href="/pools/{pool_id}/delete"' in admin_html
    assert f'href="/pools/{pool_id}/attributes"' in admin_html
    assert 'href="/pools/new"' in client.get("/pools/").content.decode()
    client.force_login(viewer)
    viewer_html = client.get(f"/pools/{pool_id}/").content.decode()
    assert "/edit" not in viewer_html and "/delete" not in viewer_html
    assert 'href="/pools/new"' not in client.get("/pools/").content.decode()
