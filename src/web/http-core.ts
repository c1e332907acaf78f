/**
 * How both apps (staff app and worker portal) talk to the server: same-origin fetch with the
 * session cookie, JSON in and out, `x-csrf-token` on every write (read from the app's "who am I"
 * route), errors turned into `ApiError` (status, Chinese message, per-field messages). What an app
 * does on 401 or on its own 403s is its own (`onError`).
 */

export interface FieldMessage {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldMessage[] = [],
    /** From `Retry-After` on a 429: how long the server asks to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  /** Do not redirect to the sign-in page on 401 (the sign-in form itself, the session probe). */
  noAuthRedirect?: boolean;
  signal?: AbortSignal;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/x` + `?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let message = `请求失败（${res.status}）`;
  let fields: FieldMessage[] = [];
  try {
    const body = (await res.json()) as { message?: unknown; fields?: unknown };
    if (typeof body.message === 'string' && body.message) message = body.message;
    if (Array.isArray(body.fields)) {
      fields = body.fields.filter((f): f is FieldMessage => typeof f?.field === 'string' && typeof f?.message === 'string');
    }
  } catch {
    if (res.status === 413) message = '上传的文件过大';
    else if (res.status >= 500) message = '服务器暂时无法响应，请稍后重试';
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  return new ApiError(res.status, message, fields, res.status === 429 && retryAfter > 0 ? retryAfter : undefined);
}

const CSRF_FAILED_PREFIX = '页面已过期';

export interface HttpSetup {
  /** The app's "who am I" route, whose answer carries the session's CSRF token. */
  mePath: string;
  /** Writes that open a session and need no token unless an old session is still open. */
  isSignIn: (path: string) => boolean;
  /** What the app does with an error before it is thrown (401: go to sign-in …). */
  onError: (error: ApiError, opts: RequestOptions) => void;
}

export function createHttp(setup: HttpSetup) {
  let csrfToken: string | null = null;

  /** Fetches the CSRF token of the current session (when none is known yet). */
  async function ensureCsrfToken(): Promise<string | null> {
    if (csrfToken) return csrfToken;
    try {
      const res = await fetch(setup.mePath, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (res.ok) {
        const me = (await res.json()) as { csrfToken?: string };
        csrfToken = me.csrfToken ?? null;
      }
    } catch {
      /* offline: the write below reports it */
    }
    return csrfToken;
  }

  async function send(method: string, path: string, body: BodyInit | undefined, json: boolean, opts: RequestOptions, retried = false): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (json) headers['content-type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD') {
      const token = setup.isSignIn(path) && !retried ? csrfToken : await ensureCsrfToken();
      if (token) headers['x-csrf-token'] = token;
    }
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, '无法连接服务器，请检查网络后重试');
    }
    if (res.ok) return res;
    const error = await errorFrom(res);
    if (res.status === 401) csrfToken = null;
    if (res.status === 403 && error.message.startsWith(CSRF_FAILED_PREFIX) && !retried) {
      // The session was renewed elsewhere (a new sign-in in another tab): fetch the new token once.
      csrfToken = null;
      return send(method, path, body, json, opts, true);
    }
    setup.onError(error, opts);
    throw error;
  }

  async function parse<T>(res: Response): Promise<T> {
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? await res.json() : await res.text()) as T;
  }

  const http = {
    get: async <T>(path: string, query?: Query, opts: RequestOptions = {}) => parse<T>(await send('GET', withQuery(path, query), undefined, false, opts)),
    post: async <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
      parse<T>(await send('POST', path, body === undefined ? undefined : JSON.stringify(body), body !== undefined, opts)),
    put: async <T>(path: string, body: unknown, opts: RequestOptions = {}) => parse<T>(await send('PUT', path, JSON.stringify(body), true, opts)),
    patch: async <T>(path: string, body: unknown, opts: RequestOptions = {}) => parse<T>(await send('PATCH', path, JSON.stringify(body), true, opts)),
    delete: async <T>(path: string, opts: RequestOptions = {}) => parse<T>(await send('DELETE', path, undefined, false, opts)),
    /** multipart/form-data of a form the page built (several files, fields before them). */
    form: async <T>(path: string, form: FormData, opts: RequestOptions = {}) => parse<T>(await send('POST', path, form, false, opts)),
    /** multipart/form-data upload of one file in field `file`. */
    upload: async <T>(path: string, file: File, opts: RequestOptions = {}) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return parse<T>(await send('POST', path, form, false, opts));
    },
  };

  /** Saves a file answer under the name the server gives it. */
  async function save(res: Response, fallbackName: string): Promise<string> {
    const blob = await res.blob();
    const name = filenameOf(res, fallbackName);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  }

  /** Downloads a file answer (exports, templates) under the name the server gives it. */
  async function download(path: string, query?: Query, fallbackName = 'download.xlsx'): Promise<string> {
    return save(await send('GET', withQuery(path, query), undefined, false, {}), fallbackName);
  }

  /** Sends one file (multipart, field `file`) and downloads the file answer: an import's error report for the file checked. */
  async function downloadForUpload(path: string, file: File, fallbackName = 'download.xlsx'): Promise<string> {
    const form = new FormData();
    form.append('file', file, file.name);
    return save(await send('POST', path, form, false, {}), fallbackName);
  }

  return {
    http,
    download,
    downloadForUpload,
    /** Set from the "who am I" answer; cleared on sign-out. */
    setCsrfToken: (token: string | null) => {
      csrfToken = token;
    },
  };
}

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}
