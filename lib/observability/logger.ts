// Structured JSON logs on stdout, one line per event; request-scoped lines carry `requestId`.
import pino from "pino";

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info");

export const logger = pino({
  level,
  base: { service: "opsdeck" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["password", "*.password", "token", "*.token", "headers.authorization", "headers.cookie"],
    censor: "[redacted]",
  },
});
