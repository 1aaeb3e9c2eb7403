"""FastAPI dependencies: the runtime, bearer auth, and the lazy simulation tick."""

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .errors import SandboxError
from .runtime import SandboxRuntime

bearer = HTTPBearer(auto_error=False, description="Your AITasker API key (the sandbox's key).")


class AuthError(SandboxError):
    def __init__(self) -> None:
        super().__init__(401, "Missing or invalid API key. Send `Authorization: Bearer <key>`.")


def runtime(request: Request) -> SandboxRuntime:
    rt: SandboxRuntime = request.app.state.runtime
    return rt


def caller(
    rt: Annotated[SandboxRuntime, Depends(runtime)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The caller's id once the key is checked; then the simulation catches up lazily."""
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode("utf-8", "replace"), rt.api_key.encode("utf-8")):
        raise AuthError()
    rt.engine.process_due()
    return rt.caller_id


Runtime = Annotated[SandboxRuntime, Depends(runtime)]
Caller = Annotated[str, Depends(caller)]
