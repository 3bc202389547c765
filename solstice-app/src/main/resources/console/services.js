// Services: every running instance, its state and role, throughput, lag, in-flight work and failures.
import { get } from './api.js';
import { h, clear, num, badge, dateTime } from './ui.js';

export function render(root) {
  const table = h('div', { class: 'table-wrap' });
  const detail = h('div', {});
  const note = h('p', { class: 'muted' });
  let open = null;
  root.append(h('h1', {}, 'Services'), table, note, detail);

  async function refresh() {
    let r;
    try {
      r = await get('/admin/services');
    } catch (e) {
      clear(note).append(e.message);
      return;
    }
    const rows = r.instances;
    clear(table).append(h('table', { id: 'services-table' },
      h('thead', {}, h('tr', {}, ['Service', 'Instance', 'State', 'Role', 'Partitions'].map((t) => h('th', {}, t)),
        ['Handled/s', 'Handled', 'Lag (events)', 'Lag (s)', 'In flight', 'Failed', 'Parked', 'Stuck'].map((t) => h('th', { class: 'num' }, t)))),
      h('tbody', {}, rows.length === 0 ? h('tr', {}, h('td', { colspan: 13, class: 'empty' }, 'No service runs in this process.')) : rows.map((i) => {
        const s = i.stats || {};
        return h('tr', { class: 'clickable', 'data-service': i.service, onclick: () => { open = i.service + '|' + i.instance; show(i); } },
          h('td', {}, h('strong', {}, i.service)),
          h('td', { class: 'mono' }, i.instance, i.local ? ' (this process)' : ''),
          h('td', {}, badge(i.state)),
          h('td', {}, badge(i.role)),
          h('td', { class: 'mono' }, i.partitions.length ? i.partitions.join(', ') : '–'),
          h('td', { class: 'num' }, num(s.throughput, 1)),
          h('td', { class: 'num' }, num(s.handled)),
          h('td', { class: 'num' }, num(s.lagEvents)),
          h('td', { class: 'num' }, num(s.lagSeconds, 2)),
          h('td', { class: 'num' }, num(s.inflight)),
          h('td', { class: 'num' + (s.failed ? ' bad' : '') }, num(s.failed)),
          h('td', { class: 'num' }, s.parked ? h('a', { href: '#dead-letters?service=' + i.service }, num(s.parked)) : '0'),
          h('td', { class: 'num' }, s.stuck ? badge(String(s.stuck), 'bad') : '0'));
      }))));
    clear(note).append('Figures since each instance started; handled/s over the last sampling interval. Click a service for its tenants.');
    if (open) {
      const again = rows.find((i) => i.service + '|' + i.instance === open);
      if (again) {
        show(again);
      }
    }
  }

  function show(i) {
    const tenants = Object.entries((i.stats && i.stats.tenants) || {});
    clear(detail).append(h('div', { class: 'card' }, h('h3', {}, i.service + ' on ' + i.instance + ' · heartbeat ' + dateTime(i.heartbeat)),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Tenant'), ['Handled', 'Lag (events)', 'Lag (s)', 'In flight', 'Failed', 'Parked', 'Stuck']
        .map((t) => h('th', { class: 'num' }, t)))),
      h('tbody', {}, tenants.length === 0 ? h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No input yet.')) : tenants.map(([t, s]) =>
        h('tr', {}, h('td', { class: 'mono' }, t), [s.handled, s.lagEvents, s.lagSeconds, s.inflight, s.failed, s.parked, s.stuck]
          .map((v, k) => h('td', { class: 'num' }, num(v, k === 2 ? 2 : 0)))))))));
  }

  refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
