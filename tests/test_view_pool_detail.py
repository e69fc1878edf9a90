def test_it_shows_the_pool_summary(viewer_client, idp):
    pool_id = idp.create_user_pool(
        PoolName="Summary <b>pool</b>",
        Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": True}},
        AutoVerifiedAttributes=["email"],
        AliasAttributes=["email", "preferred_username"],
        Schema=[{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True}],
        LambdaConfig={"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre"},
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True, "UnusedAccountValidityDays": 3},
        UserPoolTags={"team": "support"},
    )["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="someone", MessageAction="SUPPRESS")
    response = viewer_client.get(f"/pools/{pool_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Summary &lt;b&gt;pool&lt;/b&gt;" in html
    assert 'data-testid="estimated-users">1<' in html
    assert "custom:tenant_id" in html
    assert "function:pre" in html
    assert "3 days" in html
    assert "team" in html and "support" in html


def test_it_answers_an_unknown_pool_with_a_404_page_that_names_it(viewer_client):
    response = viewer_client.get("/pools/us-east-1_missing/")
    assert response.status_code == 404
    assert b"No user pool us-east-1_missing" in response.content


def test_it_answers_404_for_a_malformed_pool_id(viewer_client):
    response = viewer_client.get("/pools/not-a-pool/")
    assert response.status_code == 404


def test_it_opens_a_pool_from_the_switcher(viewer_client, pool_id):
    response = viewer_client.get("/pools/go", {"pool_id": f" {pool_id} "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pools/{pool_id}/"


def test_it_makes_one_describe_call_and_says_so(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/")
    operations = response.headers["X-Cognito-Operations"].split(",")
    assert operations.count("DescribeUserPool") == 1
    assert int(response.headers["X-Cognito-Calls"]) == len(operations)
