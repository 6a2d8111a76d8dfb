/** An answer of the API or the gateway that says no: the same stable codes on both. */
export class ApiError extends Error {
  readonly status: number | null;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number | null, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Per-field messages of a form that did not validate (civil requests, 422 `fields`). */
  get fields(): Record<string, string> {
    const details = this.details as { fields?: Record<string, string> } | undefined;
    if (details && typeof details === "object" && details.fields) return details.fields;
    if (Array.isArray(this.details)) {
      const out: Record<string, string> = {};
      for (const item of this.details as { loc?: unknown[]; msg?: string }[]) {
        const name = item.loc?.[item.loc.length - 1];
        if (typeof name === "string" && item.msg) out[name] = item.msg;
      }
      return out;
    }
    return {};
  }

  static fromBody(status: number | null, body: unknown): ApiError {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } })
      ?.error;
    if (error && typeof error.code === "string") {
      return new ApiError(status, error.code, error.message ?? error.code, error.details);
    }
    return new ApiError(status, "http_error", `HTTP ${status ?? "?"}`);
  }
}
