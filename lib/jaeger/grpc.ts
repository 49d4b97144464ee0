// Whole traces over Jaeger's gRPC query API (jaeger-idl proto/api_v3/query_service.proto, commit 000e4dae:
// `rpc GetTrace(GetTraceRequest) returns (stream opentelemetry.proto.trace.v1.TracesData)`), which Jaeger
// answers in protobuf, one TracesData message per chunk its storage yields: smaller than the OTLP JSON of
// /api/v3 and decoded as each chunk arrives (./protobuf.ts). The messages are written and read by field
// number here, without generated code. The call runs under the same resilience policies as every upstream
// call (lib/upstream/resilience.ts), with a circuit breaker of its own: a gRPC port that does not answer
// is skipped for a while at no cost, and JaegerClient reads the trace over HTTP meanwhile.
import { Client, credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { UpstreamError } from "@/lib/errors";
import { Upstream } from "@/lib/upstream/resilience";
import type { DecodedTraces } from "./otlp";
import { TracesDataDecoder } from "./protobuf";

export type JaegerGrpcConfig = {
  /** host:port of Jaeger's query service's gRPC endpoint (16685 by default). */
  address: string;
  tls: boolean;
  timeoutMs: number;
  bearerToken?: string;
};

export const GET_TRACE = "/jaeger.api_v3.QueryService/GetTrace";

/**
 * GetTraceRequest{trace_id = 1 (hex string)}. Its start_time, end_time and raw_traces stay unset, as the
 * HTTP GET /api/v3/traces/{id} leaves them: both transports ask the same question (the trace as Jaeger
 * adjusts it, from any time).
 */
export function getTraceRequest(traceId: string): Buffer {
  return Buffer.from(new BinaryWriter().tag(1, WireType.LengthDelimited).string(traceId).finish());
}

/**
 * A trace Jaeger does not have: NOT_FOUND as the API means it, or Jaeger 1.x's storage error passed on as
 * UNKNOWN "trace not found" (as its HTTP API says it in a 404's body).
 */
function notFound(error: ServiceError): boolean {
  return (
    error.code === status.NOT_FOUND ||
    (error.code === status.UNKNOWN && /trace not found/i.test(error.details))
  );
}

export class JaegerGrpc {
  private readonly client: Client;
  private readonly policies: Upstream;

  constructor(readonly config: JaegerGrpcConfig) {
    this.client = new Client(
      config.address,
      config.tls ? credentials.createSsl() : credentials.createInsecure(),
      // A 100,000-span trace is one message of tens of MB; grpc-js refuses more than 4 MB by default.
      { "grpc.max_receive_message_length": -1 },
    );
    // No retries: an attempt that fails is read again over HTTP at once, which is the better second try.
    this.policies = new Upstream("jaeger", "Jaeger's gRPC query API", {
      timeoutMs: config.timeoutMs,
      retries: 0,
    });
  }

  /** One trace, decoded as its chunks arrive; null when Jaeger does not have it. */
  trace(traceId: string): Promise<DecodedTraces | null> {
    return this.policies.call("get_trace_grpc", true, (signal) => this.getTrace(traceId, signal));
  }

  close(): void {
    this.client.close();
  }

  private getTrace(traceId: string, signal: AbortSignal): Promise<DecodedTraces | null> {
    return new Promise((resolve, reject) => {
      const metadata = new Metadata();
      if (this.config.bearerToken) metadata.set("authorization", `Bearer ${this.config.bearerToken}`);
      const decoder = new TracesDataDecoder();
      const call = this.client.makeServerStreamRequest<string, Buffer>(
        GET_TRACE,
        getTraceRequest,
        (bytes) => bytes,
        traceId,
        metadata,
        { deadline: Date.now() + this.config.timeoutMs },
      );
      // The timeout policy aborts: cancelling the call fails it at once, before the policy can say why.
      const cancel = () => {
        reject(this.timedOut());
        call.cancel();
      };
      signal.addEventListener("abort", cancel, { once: true });
      const settle = () => signal.removeEventListener("abort", cancel);
      call.on("data", (chunk: Buffer) => {
        try {
          decoder.add(chunk);
        } catch (error) {
          settle();
          reject(error);
          call.cancel();
        }
      });
      call.on("error", (error: ServiceError) => {
        settle();
        if (notFound(error)) resolve(null);
        else reject(this.failure(error));
      });
      call.on("end", () => {
        settle();
        // Jaeger 2 ends the stream without a message for a trace it does not have.
        resolve(decoder.messages === 0 ? null : decoder.decoded);
      });
    });
  }

  private timedOut(): UpstreamError {
    return new UpstreamError(
      "jaeger",
      "timeout",
      `Jaeger's gRPC query API at ${this.config.address} did not answer within ${this.config.timeoutMs / 1000}s.`,
    );
  }

  /** A gRPC status as an UpstreamError a person can act on. */
  private failure(error: ServiceError): UpstreamError {
    const at = `Jaeger's gRPC query API at ${this.config.address}`;
    const detail = error.details || error.message;
    const make = (kind: UpstreamError["kind"], message: string) =>
      new UpstreamError("jaeger", kind, message, { cause: error });
    switch (error.code) {
      case status.UNAVAILABLE:
        return make("unavailable", `${at} is unreachable (${detail}).`);
      case status.DEADLINE_EXCEEDED:
        return this.timedOut();
      case status.UNIMPLEMENTED:
        return make(
          "bad_response",
          `${at} does not serve jaeger.api_v3.QueryService (${detail}). Is JAEGER_GRPC_ADDRESS the query service's gRPC port (16685), Jaeger 1.50 or newer?`,
        );
      case status.UNAUTHENTICATED:
      case status.PERMISSION_DENIED:
        return make(
          "bad_response",
          `${at} refused Opsdeck's credentials (${detail}). Check JAEGER_BEARER_TOKEN.`,
        );
      case status.INVALID_ARGUMENT:
        return make("bad_response", `Jaeger refused the query: ${detail.slice(0, 300)}`);
      case status.RESOURCE_EXHAUSTED:
        return make("bad_response", `${at} answered with more than Opsdeck accepts (${detail}).`);
      default:
        return make("unavailable", `${at} failed: ${status[error.code] ?? error.code} (${detail}).`);
    }
  }
}
