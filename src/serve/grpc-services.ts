/**
 * The standard gRPC services of hl serve: grpc.health.v1.Health (Check, List, Watch) and server
 * reflection (v1 and v1alpha), answered from the generated file descriptors, so `buf curl
 * --reflect` or grpcurl need no .proto files.
 */
import { fromBinary, toBinary, type DescFile, type DescService, type Registry } from "@bufbuild/protobuf";
import { createRegistry } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../../generated/connect/grpc/health/v1/health_pb.js";
import {
  ServerReflection,
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "../../generated/connect/grpc/reflection/v1/reflection_pb.js";
import * as alpha from "../../generated/connect/grpc/reflection/v1alpha/reflection_pb.js";

/** `files` and everything they import, each once, dependencies first. */
function withDependencies(files: readonly DescFile[]): DescFile[] {
  const out: DescFile[] = [];
  const seen = new Set<DescFile>();
  const visit = (f: DescFile): void => {
    if (seen.has(f)) return;
    seen.add(f);
    f.dependencies.forEach(visit);
    out.push(f);
  };
  files.forEach(visit);
  return out;
}

class Reflector {
  readonly files: DescFile[];
  readonly registry: Registry;
  readonly byName: Map<string, DescFile>;

  constructor(readonly services: readonly DescService[]) {
    this.files = withDependencies([...services.map((s) => s.file), ServerReflection.file, alpha.ServerReflection.file, Health.file]);
    this.registry = createRegistry(...this.files);
    this.byName = new Map(this.files.map((f) => [f.proto.name, f]));
  }

  /** The file and its transitive imports, serialized (what the protocol asks for). */
  private descriptors(file: DescFile): ServerReflectionResponse["messageResponse"] {
    const fileDescriptorProto = withDependencies([file])
      .reverse()
      .map((f) => toBinary(FileDescriptorProtoSchema, f.proto));
    return { case: "fileDescriptorResponse", value: { $typeName: "grpc.reflection.v1.FileDescriptorResponse", fileDescriptorProto } };
  }

  private fileOfSymbol(symbol: string): DescFile | undefined {
    const desc = this.registry.get(symbol);
    if (desc) return desc.file;
    // "pkg.Service.Method": the service's file.
    const dot = symbol.lastIndexOf(".");
    const parent = dot > 0 ? this.registry.getService(symbol.slice(0, dot)) : undefined;
    return parent?.methods.some((m) => m.name === symbol.slice(dot + 1)) ? parent.file : undefined;
  }

  answer(req: ServerReflectionRequest): ServerReflectionResponse["messageResponse"] {
    const notFound = (what: string): ServerReflectionResponse["messageResponse"] => ({
      case: "errorResponse",
      value: { $typeName: "grpc.reflection.v1.ErrorResponse", errorCode: Code.NotFound, errorMessage: `${what} not found` },
    });
    const r = req.messageRequest;
    switch (r.case) {
      case "listServices":
        return {
          case: "listServicesResponse",
          value: {
            $typeName: "grpc.reflection.v1.ListServiceResponse",
            service: this.services.map((s) => ({ $typeName: "grpc.reflection.v1.ServiceResponse", name: s.typeName })),
          },
        };
      case "fileByFilename": {
        const f = this.byName.get(r.value);
        return f ? this.descriptors(f) : notFound(`file ${r.value}`);
      }
      case "fileContainingSymbol": {
        const f = this.fileOfSymbol(r.value);
        return f ? this.descriptors(f) : notFound(`symbol ${r.value}`);
      }
      case "fileContainingExtension": {
        const m = this.registry.getMessage(r.value.containingType);
        const ext = m && this.registry.getExtensionFor(m, r.value.extensionNumber);
        return ext ? this.descriptors(ext.file) : notFound(`extension ${r.value.extensionNumber} of ${r.value.containingType}`);
      }
      case "allExtensionNumbersOfType": {
        if (!this.registry.getMessage(r.value)) return notFound(`type ${r.value}`);
        const numbers = this.files
          .flatMap((f) => f.extensions)
          .filter((e) => e.extendee.typeName === r.value)
          .map((e) => e.number);
        return {
          case: "allExtensionNumbersResponse",
          value: { $typeName: "grpc.reflection.v1.ExtensionNumberResponse", baseTypeName: r.value, extensionNumber: numbers },
        };
      }
      default:
        return {
          case: "errorResponse",
          value: { $typeName: "grpc.reflection.v1.ErrorResponse", errorCode: Code.InvalidArgument, errorMessage: "empty request" },
        };
    }
  }

  respond(req: ServerReflectionRequest): ServerReflectionResponse {
    return { $typeName: "grpc.reflection.v1.ServerReflectionResponse", validHost: req.host, originalRequest: req, messageResponse: this.answer(req) };
  }
}

/**
 * Health and reflection for `services`. Every service is SERVING until `shutdown` aborts, then
 * NOT_SERVING (Watch streams send that, then end).
 */
export function registerGrpcServices(router: ConnectRouter, services: readonly DescService[], shutdown: AbortSignal): void {
  const reflector = new Reflector([...services, Health, ServerReflection, alpha.ServerReflection]);
  const names = new Set(["", ...reflector.services.map((s) => s.typeName)]);
  const status = (): Status => (shutdown.aborted ? Status.NOT_SERVING : Status.SERVING);
  router.service(Health, {
    check(req) {
      if (!names.has(req.service)) throw new ConnectError(`unknown service ${req.service}`, Code.NotFound);
      return { status: status() };
    },
    list() {
      return { statuses: Object.fromEntries([...names].map((n) => [n, { status: status() }])) };
    },
    async *watch(req, ctx) {
      if (!names.has(req.service)) {
        yield { status: Status.SERVICE_UNKNOWN };
        return;
      }
      yield { status: status() };
      if (shutdown.aborted) return;
      await new Promise<void>((resolve) => {
        shutdown.addEventListener("abort", () => resolve(), { once: true });
        ctx.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      if (shutdown.aborted) yield { status: Status.NOT_SERVING };
    },
  });
  router.service(ServerReflection, {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) yield reflector.respond(req);
    },
  });
  // v1alpha has the same messages under another package: answer through the v1 ones.
  router.service(alpha.ServerReflection, {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        const v1 = reflector.respond(fromBinary(ServerReflectionRequestSchema, toBinary(alpha.ServerReflectionRequestSchema, req)));
        yield fromBinary(alpha.ServerReflectionResponseSchema, toBinary(ServerReflectionResponseSchema, v1));
      }
    },
  });
}
