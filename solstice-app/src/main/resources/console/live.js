// Live flow: new events as they are stored (server-sent events), filterable by tenant.
import { get, events, query } from './api.js';
import { h, clear, time, streamLink, badge } from './ui.js';

const MAX_ROWS = 300;

export function render(root, arg, params) {
  const tenant = h('select', { id: 'live-tenant' }, h('option', { value: '' }, 'all tenants'));
  const ordersOnly = h('input', { type: 'checkbox', id: 'live-orders-only', checked: params.all !== '1' });
  const status = h('span', { class: 'muted', id: 'live-status' }, h('span', { class: 'status-dot' }), 'connecting…');
  const body = h('tbody', { id: 'live-rows' });
  let count = 0;
  root.append(h('h1', {}, 'Live flow'),
    h('div', { class: 'toolbar' }, h('label', { for: 'live-tenant' }, 'Tenant'), tenant,
      h('label', { for: 'live-orders-only' }, ordersOnly, ' order events only'), h('span', { class: 'grow' }), status),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Tenant'), h('th', {}, 'Stream'), h('th', {}, 'Event'), h('th', {}, 'By'),
        h('th', { class: 'num' }, 'Position'))),
      body)));

  get('/admin/tenants').then((r) => {
    for (const t of r.items) {
      tenant.append(h('option', { value: t.tenantId }, t.tenantId));
    }
    if (params.tenant) {
      tenant.value = params.tenant;
    }
  }).catch(() => {});

  let controller = null;
  function connect() {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const mine = controller;
    clear(body);
    count = 0;
    body.append(h('tr', { class: 'placeholder' }, h('td', { colspan: 6, class: 'empty' }, 'Waiting for events…')));
    const path = '/admin/events/live' + query({ tenant: tenant.value, category: ordersOnly.checked ? 'Order' : '' });
    events(path, (name, data) => {
      if (name === 'hello') {
        clear(status).append(h('span', { class: 'status-dot on' }), 'live' + (data.tenant ? ' · ' + data.tenant : ''));
      } else if (name === 'event') {
        add(data);
      } else if (name === 'dropped') {
        clear(status).append(h('span', { class: 'status-dot on' }), 'live · ', badge(data.dropped + ' missed (too fast to show)', 'warn'));
      }
    }, mine.signal).then(() => {
      if (!mine.signal.aborted) {
        clear(status).append(h('span', { class: 'status-dot off' }), 'disconnected; reconnecting…');
        setTimeout(() => !mine.signal.aborted && connect(), 2000);
      }
    }).catch((e) => {
      if (!mine.signal.aborted) {
        clear(status).append(h('span', { class: 'status-dot off' }), 'disconnected (' + e.message + '); reconnecting…');
        setTimeout(() => !mine.signal.aborted && connect(), 3000);
      }
    });
  }

  function add(e) {
    const placeholder = body.querySelector('tr.placeholder');
    if (placeholder) {
      placeholder.remove();
    }
    const row = h('tr', { class: 'fresh live-row', 'data-stream': e.stream, 'data-type': e.type, 'data-tenant': e.tenant },
      h('td', { class: 'mono' }, time(e.at)),
      h('td', { class: 'mono' }, e.tenant),
      h('td', {}, streamLink(e.stream)),
      h('td', {}, h('a', { href: '#event/' + e.eventId, class: 'event-type' }, e.category + '.' + e.type)),
      h('td', { class: 'muted' }, e.producer || ''),
      h('td', { class: 'num' }, e.position));
    body.prepend(row);
    if (++count > MAX_ROWS) {
      body.lastChild.remove();
    }
  }

  tenant.addEventListener('change', connect);
  ordersOnly.addEventListener('change', connect);
  connect();
  return () => controller && controller.abort();
}
