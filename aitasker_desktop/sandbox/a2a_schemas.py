"""A2A JSON-RPC 2.0 shapes, as platform.md documents them, plus the discovery card.

Params are strict (a budget sent as "5" is invalid params, naming the field); unknown
param fields are ignored. Results carry only what AITasker documents, plus `metadata.task_id`
(the REST uuid) on every task result so a client can always reach the REST task.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from . import conventions as c
from .bounded import JsonObject

AnyId = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class _Params(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- params ------------------------------------------------------------------------------------


class TextPart(_Params):
    type: Literal["text"]
    text: str = Field(max_length=c.BRIEF_MAX)


class DataPart(_Params):
    type: Literal["data"]
    data: JsonObject


Part = Annotated[TextPart | DataPart, Field(discriminator="type")]


class Message(_Params):
    role: Literal["user"]
    parts: list[Part] = Field(min_length=1, max_length=20)


class Payment(_Params):
    method: Literal["prepaid", "mpp", "ap2"] = "prepaid"


class TaskData(_Params):
    """The data part of message/send: what the task is and what it may cost."""

    category: Annotated[str, StringConstraints(min_length=1, max_length=c.SLUG_MAX)]
    task_type: Annotated[str, StringConstraints(min_length=1, max_length=c.SLUG_MAX)]
    budget_usd: float = Field(allow_inf_nan=False)
    title: str | None = Field(None, min_length=c.TITLE_MIN, max_length=c.TITLE_MAX)


class SendParams(_Params):
    message: Message
    payment: Payment = Field(default_factory=Payment)


class TaskIdParams(_Params):
    id: AnyId = Field(description="The task's A2A id or its REST uuid: either is accepted.")


class SelectBidParams(TaskIdParams):
    bidId: AnyId | None = None


class ProvideInputParams(TaskIdParams):
    message: Message


# -- results -----------------------------------------------------------------------------------


class TaskStatus(_Wire):
    state: c.A2AState


class ArtifactPart(_Wire):
    type: Literal["text"]
    text: str


class Artifact(_Wire):
    name: str  # "prototype-1", ...
    description: str  # "Score: 0.85"
    parts: list[ArtifactPart]


class TaskResult(_Wire):
    id: str
    status: TaskStatus
    artifacts: list[Artifact] | None = None
    metadata: dict[str, Any]


# -- the envelope, for the OpenAPI document --------------------------------------------------


class RpcRequest(BaseModel):
    jsonrpc: Literal["2.0"]
    id: str | int
    method: str = Field(description=", ".join(c.A2A_METHODS))
    params: dict[str, Any] = Field(default_factory=dict)


class RpcError(_Wire):
    code: int
    message: str
    data: Any = None


class RpcResponse(_Wire):
    """Always HTTP 200: exactly one of `result` and `error`."""

    jsonrpc: Literal["2.0"]
    id: str | int | None
    result: dict[str, Any] | None = None
    error: RpcError | None = None


class AgentSkill(_Wire):
    id: str
    name: str
    description: str
    tags: list[str]


class AgentCard(_Wire):
    name: str
    description: str
    url: str
    version: str
    protocolVersion: str
    preferredTransport: str
    capabilities: dict[str, bool]
    defaultInputModes: list[str]
    defaultOutputModes: list[str]
    securitySchemes: dict[str, dict[str, str]]
    security: list[dict[str, list[str]]]
    skills: list[AgentSkill]
