// Small DOM helpers: elements are built with textContent only (never innerHTML), so data cannot inject markup.

/** h('a', {href: '#x', class: 'chip'}, 'text', child…) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

export function clear(el) {
  while (el.firstChild) {
    el.removeChild(el.firstChild);
  }
  return el;
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString([], { hour12: false }) : '';
}

export function num(n, digits) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return '–';
  }
  return Number(n).toLocaleString([], { maximumFractionDigits: digits === undefined ? 0 : digits, minimumFractionDigits: 0 });
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) {
    return '–';
  }
  return Number(amount).toLocaleString([], { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' ' + (currency || '');
}

const STATUS_CLASS = {
  PARKED: 'bad', REPLAY_REQUESTED: 'warn', RESOLVED: 'ok', RUNNING: 'ok', FAILED: 'bad', STOPPING: 'warn', STOPPED: 'warn', NEW: 'info',
  active: 'ok', standby: 'info', written: 'ok', pending: 'warn', smtp: 'info', suspended: 'bad', ok: 'ok',
};

export function badge(text, kind) {
  return h('span', { class: 'badge ' + (kind || STATUS_CLASS[text] || '') }, text);
}

/** A link chip to an event: "Payment · Authorized". */
export function eventChip(e, attrs) {
  return h('a', Object.assign({ class: 'chip event-link', href: '#event/' + e.eventId, 'data-type': e.type, 'data-category': e.category,
    'data-stream': e.stream, title: e.stream + ' v' + e.version + ' · ' + (e.producer || '') }, attrs || {}),
  h('span', { class: 'cat' }, e.category), ' · ', h('span', { class: 'event-type' }, e.type));
}

export function mailChip(m) {
  return h('span', { class: 'chip mail', 'data-mail': m.key, title: 'mail key ' + m.key }, '✉ ', m.subject, ' ', badge(m.status));
}

export function streamLink(stream) {
  return h('a', { href: '#stream/' + encodeURIComponent(stream), class: 'mono stream-link', 'data-stream': stream }, stream);
}

let toastTimer;
export function toast(message, bad) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = 'toast' + (bad ? ' bad' : '');
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 4000);
}

export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, String(v));
  }
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

/**
 * A line chart: series = [{name, values: [number|null…]}] over times (ISO strings), unit for the
 * axis. Gaps (null) break the line.
 */
export function chart(times, series, unit) {
  const W = 640, H = 200, L = 48, R = 10, T = 10, B = 24;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img' });
  let max = 0;
  for (const se of series) {
    for (const v of se.values) {
      if (v !== null && v !== undefined && v > max) {
        max = v;
      }
    }
  }
  max = max <= 0 ? 1 : niceMax(max);
  const n = Math.max(times.length, 2);
  const x = (i) => L + (W - L - R) * (i / (n - 1));
  const y = (v) => T + (H - T - B) * (1 - v / max);
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    svg.appendChild(s('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, num(v, v < 10 ? 1 : 0)));
  }
  svg.appendChild(s('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  if (times.length) {
    svg.appendChild(s('text', { x: L, y: H - 6 }, time(times[0]).slice(0, 8)));
    svg.appendChild(s('text', { x: W - R, y: H - 6, 'text-anchor': 'end' }, time(times[times.length - 1]).slice(0, 8)));
  }
  svg.appendChild(s('text', { x: L + 4, y: T + 10 }, unit));
  series.forEach((se, idx) => {
    let d = '';
    let pen = false;
    se.values.forEach((v, i) => {
      if (v === null || v === undefined) {
        pen = false;
        return;
      }
      d += (pen ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
      const before = i > 0 ? se.values[i - 1] : null;
      const after = i + 1 < se.values.length ? se.values[i + 1] : null;
      if ((before === null || before === undefined) && (after === null || after === undefined)) {
        svg.appendChild(s('circle', { class: 'dot s' + (idx % 6), cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3 })); // a lone point
      }
      pen = true;
    });
    if (d) {
      svg.appendChild(s('path', { class: 'line s' + (idx % 6), d }));
    }
  });
  const legend = h('div', { class: 'legend' }, series.map((se, idx) => h('span', { class: 's' + (idx % 6) }, se.name)));
  return h('div', { class: 'chart-box' }, svg, legend);
}

function niceMax(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (v <= m * p) {
      return m * p;
    }
  }
  return 10 * p;
}
