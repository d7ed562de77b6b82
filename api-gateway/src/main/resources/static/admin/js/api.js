// Calls of the /v2 API with the signed-in key in the X-API-Key header (never in a URL).

/** An answer of the API that is not ok: its code, and the message naming the field and the rule. */
export class ApiError extends Error {
  constructor(code, message, requestId) {
    super(message);
    this.code = code;
    this.requestId = requestId;
  }

  /** The request field the message is about ("session_ids[2]: …" is about session_ids), if any. */
  get field() {
    const match = /^([a-z_]+)(\[\d+\])?: /.exec(this.message);
    return match ? match[1] : null;
  }
}

export class Api {
  constructor(apiKey) {
    this.apiKey = apiKey;
  }

  async call(operation, body = {}, headers = {}) {
    let response;
    try {
      response = await fetch(`/v2/${operation}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-API-Key": this.apiKey, ...headers },
        body: JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
      });
    } catch (e) {
      throw new ApiError("unavailable", "the export service cannot be reached; try again", null);
    }
    let answer;
    try {
      answer = await response.json();
    } catch (e) {
      throw new ApiError("internal", `unexpected answer (HTTP ${response.status})`, null);
    }
    if (!response.ok || answer.ok !== true) {
      throw new ApiError(answer.code ?? "unknown", answer.message ?? `HTTP ${response.status}`, answer.request_id);
    }
    return answer;
  }
}
