// Stream browser: search by tenant, category or id; a stream's events with their data and metadata;
// one event with what caused it and what it caused (events and mails), and the whole causation tree.
import { get, query } from './api.js';
import { h, clear, time, dateTime, streamLink, eventChip, mailChip, json, badge } from './ui.js';

const CATEGORIES = ['Order', 'FraudCheck', 'Payment', 'Shipment', 'Stock', 'Cart', 'Product', 'Tenant'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** #streams?tenant=&category=&q= : the search form and its results. */
export function render(root, arg, params) {
  const tenant = h('select', { id: 'search-tenant' }, h('option', { value: '' }, 'all tenants'));
  const category = h('select', { id: 'search-category' }, h('option', { value: '' }, 'any category'), CATEGORIES.map((c) => h('option', { value: c }, c)));
  const text = h('input', { id: 'search-text', placeholder: 'order id, stream (acme:Order-…) or event id', size: 44, value: params.q || '' });
  const results = h('div', { id: 'search-results' });
  const form = h('form', { class: 'inline', id: 'search-form' },
    h('div', {}, h('label', { for: 'search-tenant' }, 'Tenant'), tenant),
    h('div', {}, h('label', { for: 'search-category' }, 'Category'), category),
    h('div', {}, h('label', { for: 'search-text' }, 'Id'), text),
    h('button', { type: 'submit' }, 'Search'));
  root.append(h('h1', {}, 'Streams'), h('div', { class: 'card' }, form), results);
  category.value = params.category || '';

  get('/admin/tenants').then((r) => {
    for (const t of r.items) {
      tenant.append(h('option', { value: t.tenantId }, t.tenantId));
    }
    tenant.value = params.tenant || '';
    if (params.tenant || params.q) {
      search();
    }
  }).catch(() => {});

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = 'streams' + query({ tenant: tenant.value, category: category.value, q: text.value.trim() });
  });

  async function search() {
    const q = text.value.trim();
    clear(results);
    try {
      if (UUID.test(q)) {
        location.hash = 'event/' + q;
        return;
      }
      if (q.includes(':')) {
        location.hash = 'stream/' + encodeURIComponent(q);
        return;
      }
      if (q) {
        if (!tenant.value) {
          results.append(h('p', { class: 'error' }, 'Choose a tenant to look an id up.'));
          return;
        }
        const found = (await get('/admin/streams' + query({ tenant: tenant.value, id: q }))).items
          .filter((s) => !category.value || s.category === category.value);
        results.append(h('div', { class: 'card' }, h('h3', {}, found.length + ' stream(s) with id ' + q),
          found.length === 0 ? h('p', { class: 'muted' }, 'None.') : h('ul', {}, found.map((s) => h('li', {}, streamLink(s.stream), ' · version ' + s.version)))));
        return;
      }
      await recent(results, tenant.value, category.value, 0);
    } catch (e) {
      results.append(h('p', { class: 'error' }, e.message));
    }
  }
}

async function recent(results, tenant, category, before) {
  const page = await get('/admin/events' + query({ tenant, category: tenant ? category : '', before: before || '', limit: 50 }));
  const body = h('tbody', {}, page.items.map((e) => h('tr', { 'data-stream': e.stream },
    h('td', { class: 'num' }, e.position), h('td', { class: 'mono' }, dateTime(e.at)), h('td', {}, streamLink(e.stream)),
    h('td', {}, h('a', { href: '#event/' + e.eventId, class: 'event-type' }, e.type)), h('td', { class: 'muted' }, e.metadata.producer || ''))));
  const more = page.next ? h('button', { onclick: () => { more.remove(); recent(results, tenant, category, page.next); } }, 'Older events') : null;
  results.append(h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Position'), h('th', {}, 'At'), h('th', {}, 'Stream'), h('th', {}, 'Event'), h('th', {}, 'By'))),
    body)), more);
}

/** #stream/<tenant:Category-id>?v= : every event of the stream, each with its causes and effects. */
export function renderStream(root, stream, params) {
  const body = h('div', { id: 'stream-events' });
  root.append(h('h1', {}, h('span', { class: 'mono', id: 'stream-name' }, stream)), body);
  let alive = true;
  (async () => {
    let s;
    try {
      s = await get('/admin/streams/' + encodeURIComponent(stream) + '?limit=500');
    } catch (e) {
      body.append(h('p', { class: 'error' }, e.message));
      return;
    }
    const [tenant, rest] = stream.split(':');
    const id = rest.slice(rest.indexOf('-') + 1);
    body.append(h('p', { class: 'muted' }, 'Version ' + s.version + ' · ', h('a', { href: '#streams' + query({ tenant, q: id }) }, 'other streams with id ' + id)));
    for (const e of s.events) {
      const effects = h('div', { class: 'chips effects' }, h('span', { class: 'muted' }, '…'));
      const card = h('div', { class: 'card stream-event' + (String(e.version) === params.v ? ' highlight' : ''), 'data-type': e.type, 'data-event': e.eventId },
        h('div', { class: 'toolbar' }, h('span', { class: 'badge' }, 'v' + e.version), h('a', { class: 'event-type', href: '#event/' + e.eventId }, e.type),
          h('span', { class: 'muted mono' }, time(e.at) + ' · #' + e.position + ' · by ' + (e.metadata.producer || '?'))),
        h('div', { class: 'links-grid' },
          h('div', { class: 'title' }, 'caused by'), h('div', { class: 'chips cause' }, causeOf(e)),
          h('div', { class: 'title' }, 'caused'), effects),
        h('details', {}, h('summary', {}, 'data and metadata'), json(e.data), meta(e.metadata)));
      body.append(card);
      get('/admin/events/' + e.eventId).then((l) => {
        if (!alive) {
          return;
        }
        clear(effects);
        if (l.effects.length === 0 && l.mails.length === 0) {
          effects.append(h('span', { class: 'muted' }, 'nothing'));
        }
        l.effects.forEach((x) => effects.append(eventChip(x)));
        l.mails.forEach((m) => effects.append(mailChip(m)));
      }).catch((err) => clear(effects).append(h('span', { class: 'error' }, err.message)));
    }
  })();
  return () => { alive = false; };
}

function causeOf(e) {
  const c = e.metadata.causationId;
  if (!c) {
    return h('span', { class: 'muted' }, 'nothing recorded');
  }
  if (c.startsWith('http:')) {
    return h('span', { class: 'chip', title: 'correlation id ' + c.slice(5) }, 'HTTP request ', h('span', { class: 'mono' }, c.slice(5, 13) + '…'));
  }
  return h('a', { class: 'chip cause-link', href: '#event/' + c }, 'event ', h('span', { class: 'mono' }, c.slice(0, 8) + '…'));
}

function meta(m) {
  return h('dl', { class: 'meta' }, ['correlationId', 'causationId', 'traceparent', 'producer'].map((k) => [h('dt', {}, k), h('dd', {}, m[k] || '–')]));
}

/** #event/<id> : one event, its cause, its effects (events and mails), and the causation tree. */
export function renderEvent(root, eventId) {
  const box = h('div', {});
  root.append(box);
  (async () => {
    let l;
    try {
      l = await get('/admin/events/' + eventId);
    } catch (e) {
      box.append(h('h1', {}, 'Event'), h('p', { class: 'error' }, e.message));
      return;
    }
    const e = l.event;
    const cause = l.cause ? eventChip(l.cause, { class: 'chip event-link cause-link' })
      : l.request ? h('span', { class: 'chip' }, 'HTTP request ', h('span', { class: 'mono' }, l.request.slice(5))) : h('span', { class: 'muted' }, 'nothing recorded');
    const treeBox = h('div', { id: 'tree' });
    box.append(
      h('h1', { id: 'event-title', 'data-type': e.type, 'data-category': e.category, 'data-stream': e.stream }, e.category + ' · ' + e.type),
      h('p', {}, streamLink(e.stream), h('a', { href: '#stream/' + encodeURIComponent(e.stream) + '?v=' + e.version }, ' (version ' + e.version + ')'),
        h('span', { class: 'muted' }, ' · #' + e.position + ' · ' + dateTime(e.at) + ' · by ' + (e.metadata.producer || '?'))),
      h('div', { class: 'card' }, h('div', { class: 'links-grid' },
        h('div', { class: 'title' }, 'caused by'), h('div', { class: 'chips', id: 'event-cause' }, cause),
        l.requestEvents.length > 1 ? [h('div', { class: 'title' }, 'same request'),
          h('div', { class: 'chips' }, l.requestEvents.filter((x) => x.eventId !== e.eventId).map((x) => eventChip(x)))] : null,
        h('div', { class: 'title' }, 'caused'), h('div', { class: 'chips', id: 'event-effects' },
          l.effects.length === 0 && l.mails.length === 0 ? h('span', { class: 'muted' }, 'nothing') : null,
          l.effects.map((x) => eventChip(x)), l.mails.map(mailChip)))),
      h('div', { class: 'row' }, h('div', { class: 'card' }, h('h3', {}, 'Data'), json(e.data)), h('div', { class: 'card' }, h('h3', {}, 'Metadata'), meta(e.metadata))),
      h('h2', {}, 'Causation tree'), treeBox);
    try {
      const t = await get('/admin/events/' + eventId + '/tree');
      treeBox.append(h('div', { class: 'card' },
        t.request ? h('div', {}, 'HTTP request ', h('span', { class: 'mono' }, t.request.slice(5))) : null,
        tree(t.roots, true, eventId), t.truncated ? h('p', { class: 'muted' }, 'Cut at 500 events.') : null));
    } catch (err) {
      treeBox.append(h('p', { class: 'error' }, err.message));
    }
  })();
}

function tree(nodes, root, current) {
  return h('ul', { class: 'tree' + (root ? ' root' : '') }, nodes.map((n) => h('li', {},
    h('span', { class: 'tree-node' + (n.event.eventId === current ? ' current' : '') }, eventChip(n.event),
      n.event.eventId === current ? badge('this event', 'info') : null,
      h('span', { class: 'producer' }, (n.event.producer || '') + ' · ' + n.event.stream)),
    n.mail ? h('div', {}, mailChip(n.mail)) : null,
    n.effects.length ? tree(n.effects, false, current) : null)));
}
