"""The AWS SDK for code that must speak AWS's protocol itself, outside the service layer.

boto3 and botocore are imported only under console/cognito/ (ruff's banned-api rule
and the before-stop hook check it). The console talks to Cognito through
`transport`; the few other places that need a bare SDK client — the embedded backend
presigning S3 URLs, the demo data loader calling Cognito over HTTP as any client would,
the benchmarks timing raw calls — get it here.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config


def sdk_client(
    service: str,
    *,
    endpoint_url: str | None,
    region: str,
    access_key: str = "testing",
    secret_key: str = "testing",  # noqa: S107 - the embedded backend's fixed key
    session_token: str | None = None,
    **config: Any,
) -> Any:
    """A boto3 client for `service` ("cognito-idp", "s3") at `endpoint_url` in `region`.

    The keys default to the embedded backend's ("testing"); `session_token` goes with
    temporary credentials (an assumed role's). `config` is passed to botocore's Config
    (e.g. signature_version="s3v4", s3={"addressing_style": "path"}).
    Raises nothing until a call is made.
    """
    return boto3.session.Session().client(
        service,
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=session_token,
        config=Config(**config) if config else None,
    )
