// Dead letters: the error, attempts and event of each; replay one, or all of a service.
import { get, post, query } from './api.js';
import { h, clear, badge, dateTime, streamLink, json, toast } from './ui.js';

export function render(root, arg, params) {
  const service = h('input', { id: 'dl-service', placeholder: 'any service', value: params.service || '', size: 14 });
  const status = h('select', { id: 'dl-status' }, ['', 'PARKED', 'REPLAY_REQUESTED', 'RESOLVED'].map((s) => h('option', { value: s }, s || 'any status')));
  status.value = params.status || '';
  const replayAll = h('button', { id: 'dl-replay-all', class: 'primary' }, 'Replay all parked');
  const table = h('div', { class: 'table-wrap' });
  const detail = h('div', { id: 'dl-detail' });
  let open = null;
  root.append(h('h1', {}, 'Dead letters'),
    h('div', { class: 'toolbar' }, h('label', { for: 'dl-service' }, 'Service'), service, h('label', { for: 'dl-status' }, 'Status'), status,
      h('span', { class: 'grow' }), replayAll),
    table, detail);

  async function refresh() {
    let r;
    try {
      r = await get('/admin/dead-letters' + query({ service: service.value.trim(), status: status.value, limit: 500 }));
    } catch (e) {
      clear(table).append(h('p', { class: 'error' }, e.message));
      return;
    }
    const parked = r.items.filter((l) => l.status === 'PARKED').length;
    replayAll.textContent = 'Replay ' + parked + ' parked' + (service.value.trim() ? ' of ' + service.value.trim() : '');
    replayAll.disabled = parked === 0;
    clear(table).append(h('table', { id: 'dead-letters-table' },
      h('thead', {}, h('tr', {}, ['Id', 'Service', 'Status', 'Stream', 'Event', 'Attempts', 'Error', 'Parked at', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.items.length === 0 ? h('tr', {}, h('td', { colspan: 9, class: 'empty' }, 'No dead letter.')) : r.items.map((l) =>
        h('tr', { class: 'clickable dead-letter', 'data-id': l.id, 'data-status': l.status, onclick: (e) => { if (e.target.tagName !== 'BUTTON' && e.target.tagName !== 'A') { open = l.id; show(l.id); } } },
          h('td', { class: 'mono' }, l.id),
          h('td', {}, l.service),
          h('td', { class: 'dl-status' }, badge(l.status)),
          h('td', {}, streamLink(l.stream), ' v' + l.version),
          h('td', {}, h('a', { href: '#event/' + l.event_id }, l.event_type)),
          h('td', { class: 'num' }, l.attempts),
          h('td', { class: 'mono' }, l.error.length > 140 ? l.error.slice(0, 140) + '…' : l.error),
          h('td', {}, dateTime(l.parked_at)),
          h('td', {}, l.status === 'RESOLVED' ? '' : h('button', { class: 'replay', 'data-id': l.id, onclick: () => replay(l.id) }, 'Replay')))))));
  }

  async function show(id) {
    try {
      const l = await get('/admin/dead-letters/' + id);
      clear(detail).append(h('div', { class: 'card' }, h('h3', {}, 'Dead letter ' + l.id + ' · ' + l.service + ' · ', badge(l.status)),
        h('dl', { class: 'meta' }, h('dt', {}, 'error'), h('dd', {}, l.error), h('dt', {}, 'attempts'), h('dd', {}, String(l.attempts)),
          h('dt', {}, 'stream'), h('dd', {}, streamLink(l.stream)), h('dt', {}, 'event'), h('dd', {}, h('a', { href: '#event/' + l.event_id }, l.event_type + ' ' + l.event_id))),
        l.event ? json(l.event.data) : h('p', { class: 'muted' }, 'The event is not in the store.')));
    } catch (e) {
      clear(detail).append(h('p', { class: 'error' }, e.message));
    }
  }

  async function replay(id) {
    try {
      const l = await post('/admin/dead-letters/' + id + '/replay');
      toast('Dead letter ' + id + ' is ' + l.status + '; the ' + l.service + ' service handles it again.');
    } catch (e) {
      toast(e.message, true);
    }
    refresh();
  }

  replayAll.addEventListener('click', async () => {
    try {
      const r = await post('/admin/dead-letters/replay', service.value.trim() ? { service: service.value.trim() } : {});
      toast(r.replayed + ' dead letter(s) marked for replay.');
    } catch (e) {
      toast(e.message, true);
    }
    refresh();
  });
  service.addEventListener('change', refresh);
  status.addEventListener('change', refresh);
  refresh();
  const timer = setInterval(() => { refresh(); if (open) { show(open); } }, 2000);
  return () => clearInterval(timer);
}
