// The admin API, called with the admin key the operator typed (kept for this tab only).
const KEY = 'solstice.adminKey';

export function adminKey() {
  return sessionStorage.getItem(KEY);
}

export function setAdminKey(key) {
  if (key) {
    sessionStorage.setItem(KEY, key);
  } else {
    sessionStorage.removeItem(KEY);
  }
}

/** An answer other than 2xx: its status and problem document (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : 'HTTP ' + status);
    this.status = status;
    this.problem = problem || {};
  }
}

function headers(json) {
  const h = { Authorization: 'Bearer ' + (adminKey() || ''), Accept: 'application/json' };
  if (json) {
    h['Content-Type'] = 'application/json';
  }
  return h;
}

/** Calls the API; answers the JSON body, throws ApiError otherwise (401 also signs out). */
export async function call(method, path, body) {
  const res = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = { detail: text };
    }
  }
  if (res.status === 401) {
    window.dispatchEvent(new CustomEvent('solstice:unauthorized'));
  }
  if (!res.ok) {
    throw new ApiError(res.status, json);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const put = (path, body) => call('PUT', path, body);

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/**
 * Reads server-sent events from path (with the admin key: EventSource cannot send it), calling
 * onMessage(event, data) for each message, until signal aborts. Answers when the stream ends.
 */
export async function events(path, onMessage, signal) {
  const res = await fetch(path, { headers: { Authorization: 'Bearer ' + (adminKey() || ''), Accept: 'text/event-stream' }, signal });
  if (res.status === 401) {
    window.dispatchEvent(new CustomEvent('solstice:unauthorized'));
  }
  if (!res.ok) {
    throw new ApiError(res.status, null);
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).trimStart());
        }
      }
      if (data.length) {
        onMessage(name, JSON.parse(data.join('\n')));
      }
    }
  }
}
