// The site talks to the same API as every other client (see /api/v1/openapi.json).

/** An error answer of the API: an RFC 9457 problem, or a network failure. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function readJson(response) {
  const type = response.headers.get('content-type') || '';
  if (!response.ok) {
    const problem = type.includes('json') ? await response.json().catch(() => null) : null;
    throw new ApiError(response.status, problem);
  }
  return response.json();
}

/** GET a JSON document. */
export async function getJson(path, { signal } = {}) {
  return readJson(await fetch(path, { headers: { accept: 'application/json' }, signal }));
}

/** POST a JSON body, returning the parsed answer and its raw text. */
export async function postJson(path, body, { signal } = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) return readJson(response);
  const text = await response.text();
  return { json: JSON.parse(text), text };
}
