// Overview: tenants with their orders, revenue and orders/s; charts of orders/s and checkout → mail latency.
import { get } from './api.js';
import { h, clear, num, money, badge, chart } from './ui.js';

export function render(root) {
  const stats = h('div', { class: 'stats' });
  const charts = h('div', { class: 'row' });
  const table = h('div', { class: 'table-wrap' });
  const note = h('p', { class: 'muted' });
  root.append(h('h1', {}, 'Overview'), stats, h('h2', {}, 'Over time'), charts, note, h('h2', {}, 'Tenants'), table);

  async function refresh() {
    let o;
    try {
      o = await get('/admin/overview');
    } catch (e) {
      clear(note).append(e.message);
      return;
    }
    clear(stats).append(
      stat('Tenants', num(o.tenants.length), 'stat-tenants'),
      stat('Orders', num(o.orders), 'stat-orders'),
      stat('Orders/s', o.ordersPerSecond === null ? '…' : num(o.ordersPerSecond, 2), 'stat-rate'),
      stat('Suspended', num(o.tenants.filter((t) => t.suspended).length), 'stat-suspended'));

    const points = o.series;
    const times = points.map((p) => p.at);
    const tenantsSeen = [...new Set(points.flatMap((p) => Object.keys(p.ordersPerSecondByTenant || {})))].sort();
    const rate = [{ name: 'all tenants', values: points.map((p) => p.ordersPerSecond) }]
      .concat(tenantsSeen.slice(0, 5).map((t) => ({ name: t, values: points.map((p) => (p.ordersPerSecond === null ? null : (p.ordersPerSecondByTenant[t] || 0))) })));
    const latency = [
      { name: 'p50', values: points.map((p) => p.mailP50Millis) },
      { name: 'p99', values: points.map((p) => p.mailP99Millis) },
    ];
    clear(charts).append(
      h('div', { class: 'card', id: 'chart-orders' }, h('h3', {}, 'Orders placed per second'), chart(times, rate, 'orders/s')),
      h('div', { class: 'card', id: 'chart-latency' }, h('h3', {}, 'Checkout → confirmation mail'), chart(times, latency, 'ms')));
    clear(note).append('One point every ' + num(o.intervalSeconds, 1) + ' s. Orders/s count the whole deployment (the store\'s feed)'
      + (o.liveSince ? ' since ' + new Date(o.liveSince).toLocaleTimeString([], { hour12: false }) : '')
      + '; mail latency is measured where the notification service runs (this process).');

    clear(table).append(h('table', { id: 'tenants-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Tenant'), h('th', {}, 'Name'), h('th', {}, 'State'), h('th', { class: 'num' }, 'Orders'),
        h('th', {}, 'By status'), h('th', { class: 'num' }, 'Revenue'), h('th', { class: 'num' }, 'Orders/s'))),
      h('tbody', {}, o.tenants.length === 0 ? h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No tenant yet.')) : o.tenants.map((t) =>
        h('tr', { 'data-tenant': t.tenantId },
          h('td', { class: 'mono' }, h('a', { href: '#streams?tenant=' + t.tenantId + '&category=Order' }, t.tenantId)),
          h('td', {}, t.name),
          h('td', {}, t.suspended ? badge('suspended') : badge('active', 'ok')),
          h('td', { class: 'num' }, num(t.orders)),
          h('td', {}, h('div', { class: 'chips' }, Object.entries(t.byStatus).map(([s, n]) => h('span', { class: 'chip' }, s + ' ' + num(n))))),
          h('td', { class: 'num' }, money(t.revenue, t.currency)),
          h('td', { class: 'num' }, t.ordersPerSecond === null ? '…' : num(t.ordersPerSecond, 2)))))));
  }

  refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}

function stat(label, value, id) {
  return h('div', { class: 'stat', id }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
}
