"""The exception hierarchy, mirroring the TypeScript SDK's (src/errors), built from what `hl serve`
puts in a failed call: the gRPC status code, its message, and the google.rpc details of
``grpc-status-details-bin`` (ErrorInfo naming the SDK error, BadRequest, RetryInfo,
PreconditionFailure); see docs/serve.md, "Errors".

    HyperliquidError
    ├── NetworkError              Unavailable: the server, or the API behind it, cannot be reached
    ├── TimeoutError              DeadlineExceeded (also a builtins.TimeoutError)
    ├── ValidationError           InvalidArgument: issues with path, value and what is allowed
    ├── ApiError                  the API refused (ExchangeError on the server)
    │   ├── RateLimitError        ResourceExhausted, with retry_after seconds when known
    │   └── SignatureMismatchError  FailedPrecondition with the server's diagnosis
    ├── ActionOutcomeUnknownError sent, but whether it landed is unknown: action type and nonce
    ├── AuthenticationError       Unauthenticated: wrong or missing token
    └── SidecarError              the local `hl serve` could not be started
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory

from ._pb.google.rpc import error_details_pb2


class HyperliquidError(Exception):
    """Base of every error of this package, in the TypeScript SDK's style: a short message,
    details and a hint, plus what the service said (gRPC code name, ErrorInfo reason/metadata)."""

    def __init__(self, short_message: str, *, details: str | None = None, hint: str | None = None, code: str | None = None, reason: str | None = None, metadata: dict[str, str] | None = None) -> None:
        self.short_message = short_message
        self.details = details
        self.hint = hint
        self.code = code
        self.reason = reason
        self.metadata: dict[str, str] = dict(metadata or {})
        super().__init__("\n\n".join(p for p in (short_message, f"Details: {details}" if details else "", f"Hint: {hint}" if hint else "") if p))


class NetworkError(HyperliquidError):
    """The server, or the API behind it, could not be reached (gRPC Unavailable)."""


class TimeoutError(HyperliquidError, builtins.TimeoutError):
    """The call's deadline passed (gRPC DeadlineExceeded)."""


@dataclass(frozen=True)
class Issue:
    """One field violation: the field's path, the value given and what is allowed."""

    path: str
    value: str
    allowed: str


class ValidationError(HyperliquidError):
    """Bad input, refused before anything was signed or sent (gRPC InvalidArgument)."""

    def __init__(self, short_message: str, *, issues: list[Issue], **kw: Any) -> None:
        self.issues = issues
        super().__init__(short_message, details=kw.pop("details", None) or "; ".join(f"{i.path}: {i.value} (allowed: {i.allowed})" for i in issues) or None, **kw)


class ApiError(HyperliquidError):
    """The API refused the request or action."""


class RateLimitError(ApiError):
    """Rate limited (gRPC ResourceExhausted); ``retry_after`` is in seconds when the API said."""

    def __init__(self, short_message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        super().__init__(short_message, **kw)


class SignatureMismatchError(ApiError):
    """The exchange recovered another signer than the server's wallet; ``diagnosis`` says why."""

    def __init__(self, short_message: str, *, diagnosis: str, **kw: Any) -> None:
        self.diagnosis = diagnosis
        super().__init__(short_message, **kw)


class ActionOutcomeUnknownError(HyperliquidError):
    """The action was sent but its outcome is unknown (a timeout after sending). The server never
    resends it. ``payload`` is what this client sent (the action model) and ``nonce`` the nonce
    it was signed with: look the order up by cloid, or send ``payload`` again yourself, knowing
    the server signs it with a fresh nonce (a duplicate is then possible)."""

    def __init__(self, short_message: str, *, action_type: str | None, nonce: int | None, payload: object = None, **kw: Any) -> None:
        self.action_type = action_type
        self.nonce = nonce
        self.payload = payload
        super().__init__(short_message, **kw)


class AuthenticationError(HyperliquidError):
    """The server refused the bearer token (gRPC Unauthenticated)."""


class SidecarError(HyperliquidError):
    """The local `hl serve` could not be found or started."""


# google.rpc.Status (code, message, details: Any) built at run time under a private package
# name, so it cannot clash with googleapis-common-protos' google.rpc.Status in the default pool.
def _status_class() -> Any:
    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
    f = descriptor_pb2.FileDescriptorProto(name="hyperliquid_sdk/status.proto", package="hyperliquid_sdk.rpc", dependency=["google/protobuf/any.proto"], syntax="proto3")
    m = f.message_type.add(name="Status")
    lbl, t = descriptor_pb2.FieldDescriptorProto, descriptor_pb2.FieldDescriptorProto
    m.field.add(name="code", number=1, type=t.TYPE_INT32, label=lbl.LABEL_OPTIONAL)
    m.field.add(name="message", number=2, type=t.TYPE_STRING, label=lbl.LABEL_OPTIONAL)
    m.field.add(name="details", number=3, type=t.TYPE_MESSAGE, label=lbl.LABEL_REPEATED, type_name=".google.protobuf.Any")
    pool.Add(f)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("hyperliquid_sdk.rpc.Status"))


_Status: Any = _status_class()
_DETAILS: dict[str, Any] = {
    "google.rpc.ErrorInfo": error_details_pb2.ErrorInfo,
    "google.rpc.BadRequest": error_details_pb2.BadRequest,
    "google.rpc.RetryInfo": error_details_pb2.RetryInfo,
    "google.rpc.PreconditionFailure": error_details_pb2.PreconditionFailure,
}


def _details(trailers: Any) -> list[Any]:
    raw = next((v for k, v in (trailers or ()) if k == "grpc-status-details-bin"), None)
    if not isinstance(raw, bytes):
        return []
    return unpack_details(_Status.FromString(raw).details)


def unpack_details(anys: Any) -> list[Any]:
    """The google.rpc details (ErrorInfo, BadRequest, …) of google.protobuf.Any messages."""
    out = []
    for d in anys:
        cls = _DETAILS.get(d.type_url.rsplit("/", 1)[-1])
        if cls is not None:
            out.append(cls.FromString(d.value))
    return out


def _issue(v: Any) -> Issue:
    value, sep, allowed = v.description.partition("; allowed: ")
    return Issue(path=v.field, value=value, allowed=allowed if sep else "")


def from_rpc_error(e: grpc.RpcError, payload: object = None) -> HyperliquidError:
    """The HyperliquidError of a failed gRPC call (sync or grpc.aio)."""
    call: Any = e  # a grpc.Call too: code(), details(), trailing_metadata()
    code: grpc.StatusCode = call.code()
    return error_from_status(code, call.details() or code.name, _details(call.trailing_metadata()), payload)


_CODES = {c.value[0]: c for c in grpc.StatusCode}


def status_code(number: int) -> grpc.StatusCode:
    """The grpc.StatusCode of a numeric gRPC / Connect code (UNKNOWN for one not known)."""
    return _CODES.get(number, grpc.StatusCode.UNKNOWN)


def error_from_status(code: grpc.StatusCode, message: str, details: list[Any], payload: object = None) -> HyperliquidError:
    """The HyperliquidError of a status: its code, message and unpacked google.rpc details."""
    info = next((d for d in details if isinstance(d, error_details_pb2.ErrorInfo)), None)
    kw: dict[str, Any] = {"code": code.name, "reason": info.reason if info else None, "metadata": dict(info.metadata) if info else None}
    name = info.metadata.get("error", "") if info else ""
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        issues = [_issue(v) for d in details if isinstance(d, error_details_pb2.BadRequest) for v in d.field_violations]
        return ValidationError(message, issues=issues, **kw)
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
        retry = next((d.retry_delay for d in details if isinstance(d, error_details_pb2.RetryInfo)), None)
        return RateLimitError(message, retry_after=retry.seconds + retry.nanos / 1e9 if retry is not None else None, **kw)
    if code == grpc.StatusCode.FAILED_PRECONDITION and name == "SignatureMismatchError":
        diagnosis = "; ".join(v.description for d in details if isinstance(d, error_details_pb2.PreconditionFailure) for v in d.violations)
        return SignatureMismatchError(message, diagnosis=diagnosis, **kw)
    if code == grpc.StatusCode.FAILED_PRECONDITION:
        return ApiError(message, **kw)
    if name == "ActionOutcomeUnknownError":
        nonce = kw["metadata"].get("nonce")
        return ActionOutcomeUnknownError(message, action_type=kw["metadata"].get("action"), nonce=int(nonce) if nonce and nonce.isdigit() else None, payload=payload, **kw)
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return TimeoutError(message, **kw)
    if code == grpc.StatusCode.UNAVAILABLE:
        return NetworkError(message, **kw)
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return AuthenticationError(message, hint="pass the server's token (its --token-file), or let the client start its own server", **kw)
    return HyperliquidError(message, **kw)
