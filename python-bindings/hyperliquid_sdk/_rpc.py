"""What Client and AsyncClient share: model <-> protobuf conversion, the rpc table, call options."""

from __future__ import annotations

from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message
from pydantic import BaseModel

from . import _fast
from ._generated.methods import USER_SIGNED_RPCS
from ._pb.hl.v1 import exchange_service_pb2, info_service_pb2, subscription_service_pb2
from .errors import ApiError

T = TypeVar("T", bound=BaseModel)

_FILES = {
    "hl.v1.InfoService": info_service_pb2,
    "hl.v1.ExchangeService": exchange_service_pb2,
    "hl.v1.SubscriptionService": subscription_service_pb2,
}


def method_path(service: str, rpc: str) -> str:
    return f"/{service}/{rpc}"


def message_classes(service: str, rpc: str) -> tuple[type[Message], type[Message]]:
    """The protobuf request and response classes of an rpc, from the generated descriptors."""
    from google.protobuf import message_factory

    desc = _FILES[service].DESCRIPTOR.services_by_name[service.rsplit(".", 1)[1]].methods_by_name[rpc]
    return message_factory.GetMessageClass(desc.input_type), message_factory.GetMessageClass(desc.output_type)


def to_proto(model: BaseModel, cls: type[Message]) -> Message:
    msg = cls()
    data = model.model_dump(mode="json", exclude_none=True)
    # A null set on purpose (a variant whose value is null, e.g. CSignerAction's jailSelf, a
    # google.protobuf.Value) is kept: ParseDict makes it a null Value; unset members stay out.
    for name in model.model_fields_set:
        if getattr(model, name) is None:
            info = type(model).model_fields[name]
            data[info.serialization_alias or name] = None
    json_format.ParseDict(data, msg)
    return msg


def from_proto(msg: Message, model: type[T]) -> T:
    """The model of a message the service sent (read field by field: hyperliquid_sdk._fast)."""
    result: T = _fast.convert(msg, model)
    return result


def from_proto_validated(msg: Message, model: type[T]) -> T:
    """The same through JSON and pydantic validation (slower; the tests compare the two)."""
    data: dict[str, Any] = json_format.MessageToDict(msg, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)
    return model.model_validate(data)


def check_answer(answer: T) -> T:
    """An exchange answer whose `err` member is set (`{"status":"err"}`) raises ApiError."""
    err = getattr(answer, "err", None)
    if err is not None and getattr(err, "status", None) == "err":
        raise ApiError(f"the exchange refused the action: {err.response}", code="OK", reason="EXCHANGE_ERR")
    return answer


def action_metadata(vault_address: str | None, expires_after: int | None, nonce: int | None) -> tuple[tuple[str, str], ...]:
    """The hl serve call metadata that sets an action's envelope (docs/serve.md, "Per-call envelope options")."""
    extra = (("hl-vault-address", vault_address), ("hl-expires-after", None if expires_after is None else str(expires_after)), ("hl-nonce", None if nonce is None else str(nonce)))
    return tuple((k, v) for k, v in extra if v is not None)


Metadata = tuple[tuple[str, str], ...]


def view_metadata(base: Metadata, vault_address: str | None, expires_after: int | None, nonce: int | None, l1_only: bool) -> tuple[Metadata, Metadata | None]:
    """A with_action_options view's metadata: for every exchange call, and (``l1_only``) for the
    user-signed ones, which then go without vault and expiry."""
    return base + action_metadata(vault_address, expires_after, nonce), (base + action_metadata(None, None, nonce) if l1_only else None)


def metadata_for(rpc: str, metadata: Metadata, user_signed: Metadata | None) -> Metadata:
    """The metadata one rpc is sent with (see view_metadata)."""
    return user_signed if user_signed is not None and rpc in USER_SIGNED_RPCS else metadata


def target_of(url: str) -> tuple[str, bool]:
    """grpc target ("host:port") of an http(s) URL, and whether it is TLS."""
    if url.startswith("https://"):
        return url[len("https://") :].rstrip("/"), True
    if url.startswith("http://"):
        return url[len("http://") :].rstrip("/"), False
    return url, False


CHANNEL_OPTIONS = [("grpc.enable_http_proxy", 0), ("grpc.max_receive_message_length", 64 * 1024 * 1024)]
