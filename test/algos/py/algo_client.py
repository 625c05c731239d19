"""AlgoService from Python with the package's committed grpcio stubs (hyperliquid_sdk._pb):
start a TWAP, watch it to its end, list it, start a resting iceberg and cancel it, and a bad
spec refused as INVALID_ARGUMENT. Prints one JSON line with what it saw.
    python algo_client.py HOST:PORT TOKEN
"""
import json
import sys

import grpc

from hyperliquid_sdk._pb.hl.serve.v1 import algos_pb2 as pb
from hyperliquid_sdk._pb.hl.serve.v1 import algos_pb2_grpc


def main() -> None:
    target, token = sys.argv[1], sys.argv[2]
    auth = [("authorization", f"Bearer {token}")]
    out: dict = {}
    with grpc.insecure_channel(target) as channel:
        algos = algos_pb2_grpc.AlgoServiceStub(channel)
        twap = pb.TwapSpec(coin="ETH", side=pb.ALGO_SIDE_BUY, size="0.1", duration_ms=400, interval_ms=50, max_slice="0.02")
        started = algos.Start(pb.StartAlgoRequest(id="py-twap", twap=twap), metadata=auth, timeout=10)
        out["started"] = started.status
        updates = list(algos.Watch(pb.WatchAlgosRequest(id="py-twap"), metadata=auth, timeout=30))
        out["causes"] = sorted({u.cause for u in updates})
        out["final"] = {"status": updates[-1].algo.status, "filled": updates[-1].algo.progress.filled}
        listed = algos.List(pb.ListAlgosRequest(), metadata=auth, timeout=10).algos
        out["listed"] = [[a.id, a.kind, a.status] for a in listed]
        ice = pb.IcebergSpec(coin="ETH", side=pb.ALGO_SIDE_BUY, size="0.3", display_size="0.1", limit_px="1000")
        algos.Start(pb.StartAlgoRequest(id="py-ice", iceberg=ice), metadata=auth, timeout=10)
        out["canceled"] = algos.Cancel(pb.CancelAlgoRequest(id="py-ice"), metadata=auth, timeout=10).status
        try:
            algos.Start(pb.StartAlgoRequest(twap=pb.TwapSpec(coin="ETH", size="1", duration_ms=1000, interval_ms=100)), metadata=auth, timeout=10)
            out["bad"] = "accepted"
        except grpc.RpcError as e:
            out["bad"] = [e.code().name, e.details()]
        try:
            algos.List(pb.ListAlgosRequest(), timeout=10)
            out["no_token"] = "accepted"
        except grpc.RpcError as e:
            out["no_token"] = e.code().name
    print(json.dumps(out))


if __name__ == "__main__":
    main()
