// The collector's JSON API as the dashboard uses it. The API token lives in sessionStorage (this tab
// only, gone when it closes) and travels as "Authorization: Bearer"; it is never put in a URL.

const TOKEN_KEY = 'uptally.apiToken';

/** An answer other than 2xx. status 0 means the collector could not be reached. */
export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.path = path;
  }
}

/** The endpoint answered 404: this collector does not offer it (yet). */
export class NotAvailableError extends ApiError {
  constructor(path) {
    super(404, `${path.split('?')[0]} is not available on this collector`, path);
    this.name = 'NotAvailableError';
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Query string from an object, leaving out empty values. */
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls the API. Options: method, params (query), notFoundMeansUnavailable (404 → NotAvailableError),
 * raw (return the Response for non-JSON bodies), tokenOverride (for signing in).
 * Returns {data, headers}. A 401 signs the tab out and announces it with the "uptally:signed-out" event.
 */
export async function call(path, options = {}) {
  const url = path + query(options.params);
  const bearer = options.tokenOverride ?? token();
  const headers = { Accept: options.accept ?? 'application/json' };
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  const init = { method: options.method ?? 'GET', headers, cache: 'no-store', credentials: 'same-origin' };
  if (init.method === 'POST') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body ?? {});
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, `cannot reach the collector (${e.message})`, url);
  }
  if (response.status === 401 && !options.tokenOverride) {
    clearToken();
    window.dispatchEvent(new CustomEvent('uptally:signed-out', { detail: 'The collector refused the API token.' }));
  }
  if (response.status === 404 && options.notFoundMeansUnavailable) {
    // a route this collector has answers its own 404 ("unknown client 'x'"); only a missing route is "not offered"
    const message = await errorMessage(response);
    throw message.startsWith('unknown ') ? new ApiError(404, message, url) : new NotAvailableError(url);
  }
  if (!response.ok) {
    throw new ApiError(response.status, await errorMessage(response), url);
  }
  if (options.raw) {
    return { data: response, headers: response.headers };
  }
  const text = await response.text();
  return { data: text ? JSON.parse(text) : null, headers: response.headers };
}

async function errorMessage(response) {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    return body && typeof body.error === 'string' ? `${body.error} (${response.status})` : fallback;
  } catch {
    return fallback;
  }
}

/** GET /api/v1/devices page: {devices, total}. retired: 'all' or 'true' to include retired devices. */
export async function devices({ client, state, limit, offset, retired }) {
  const { data, headers } = await call('/api/v1/devices', { params: { client, state, limit, offset, retired } });
  const total = Number.parseInt(headers.get('X-Total-Count') ?? '', 10);
  return { devices: data ?? [], total: Number.isNaN(total) ? (data ?? []).length : total };
}

export function isoDaysBefore(nowMillis, days) {
  return new Date(nowMillis - days * 86_400_000).toISOString();
}
