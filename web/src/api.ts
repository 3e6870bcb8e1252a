import type { Problem } from './types';

/** An error answer of the API (problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  status: number;
  problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || 'Lỗi ' + status);
    this.status = status;
    this.problem = problem;
  }
  /** Field name -> Vietnamese message, from errors[]. */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors || []) {
      if (e && e.field && !out[e.field]) out[e.field] = e.message || e.code;
    }
    return out;
  }
}

let csrf = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrf(token: string) { csrf = token || ''; }
export function setUnauthenticatedHandler(fn: () => void) { onUnauthenticated = fn; }

type Query = Record<string, string | number | null | undefined>;

function url(path: string, query?: Query): string {
  let u = '/api/v1' + path;
  if (query) {
    const p = new URLSearchParams();
    for (const k in query) {
      const v = query[k];
      if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
    }
    const s = p.toString();
    if (s) u += '?' + s;
  }
  return u;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  opts: { query?: Query; body?: unknown; file?: Blob; noRedirect?: boolean; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.file) headers['Content-Type'] = 'application/octet-stream';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.file ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
  } catch {
    throw new ApiError(0, {
      title: 'Mất kết nối',
      detail: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const problem: Problem =
      data && typeof data === 'object' ? (data as Problem) : { status: res.status, title: 'Lỗi ' + res.status, detail: text.slice(0, 200) || undefined };
    if (!problem.detail) problem.detail = problem.title || 'Máy chủ trả lỗi ' + res.status;
    const err = new ApiError(res.status, problem);
    if (res.status === 401 && !opts.noRedirect && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body: unknown) => api<T>('POST', path, { body });
/** A file to a route that takes one (the bytes as the body, its other parameters in the query). */
export const upload = <T>(path: string, file: Blob, query?: Query) => api<T>('POST', path, { file, query });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = (path: string) => api<void>('DELETE', path);

/** A random key for Idempotency-Key (8–100 chars of A-Z a-z 0-9 - _).
 *  crypto.randomUUID needs a secure context; getRandomValues does not. */
export function newKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    try { return c.randomUUID(); } catch { /* not a secure context */ }
  }
  const b = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One logical submission that may be retried: the same Idempotency-Key is
 * sent again after a network failure (or a 5xx, when the outcome is unknown),
 * so the server never counts it twice; a fresh key after success or after an
 * answer that says nothing was saved (4xx).
 */
export function idempotent() {
  let key = '';
  return {
    get key() { return key; },
    async post<T>(path: string, body: unknown): Promise<T> {
      if (!key) key = newKey();
      try {
        const r = await api<T>('POST', path, { body, headers: { 'Idempotency-Key': key } });
        key = '';
        return r;
      } catch (e) {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) key = '';
        throw e;
      }
    },
    reset() { key = ''; },
    /** The key of this submission (the one a failed attempt sent, else a new one), handed over to the outbox. */
    take(): string {
      const k = key || newKey();
      key = '';
      return k;
    },
  };
}
