// Tenants: create, suspend, reinstate, edit policy and issue a new key, through the admin API.
// A new API key is shown once, here, and never again (the server keeps only a keyed hash).
import { get, post, put } from './api.js';
import { h, clear, badge, toast } from './ui.js';

export function render(root) {
  const list = h('div', { class: 'table-wrap' });
  const editor = h('div', { id: 'tenant-editor' });
  const secret = h('div', { id: 'new-key' });
  const id = h('input', { id: 'new-tenant-id', placeholder: 'acme', size: 16, required: true });
  const name = h('input', { id: 'new-tenant-name', placeholder: 'Acme Ltd', size: 22, required: true });
  const currency = h('input', { id: 'new-tenant-currency', placeholder: 'EUR', size: 5, value: 'EUR', required: true });
  const form = h('form', { class: 'inline', id: 'new-tenant-form' },
    h('div', {}, h('label', { for: 'new-tenant-id' }, 'Id'), id),
    h('div', {}, h('label', { for: 'new-tenant-name' }, 'Name'), name),
    h('div', {}, h('label', { for: 'new-tenant-currency' }, 'Currency'), currency),
    h('button', { type: 'submit' }, 'Create tenant'));
  root.append(h('h1', {}, 'Tenants'), h('div', { class: 'card' }, h('h3', {}, 'New tenant'), form), secret, list, editor);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await post('/admin/tenants', { id: id.value.trim(), name: name.value.trim(), currency: currency.value.trim().toUpperCase() });
      showKey(r.tenantId, r.apiKey, 'created');
      id.value = '';
      name.value = '';
      refresh();
    } catch (err) {
      toast(problemText(err), true);
    }
  });

  function showKey(tenantId, apiKey, what) {
    clear(secret).append(h('div', { class: 'once' },
      h('strong', {}, 'Tenant ' + tenantId + ' ' + what + '. Its API key, shown this once:'), h('br'),
      h('code', { id: 'new-api-key' }, apiKey), h('br'),
      h('span', { class: 'muted' }, 'Copy it now: the server keeps only a keyed hash and cannot show it again. '),
      h('button', { class: 'link', onclick: () => clear(secret) }, 'I have copied it')));
  }

  async function refresh() {
    let r;
    try {
      r = await get('/admin/tenants');
    } catch (e) {
      clear(list).append(h('p', { class: 'error' }, e.message));
      return;
    }
    clear(list).append(h('table', { id: 'tenant-list' },
      h('thead', {}, h('tr', {}, ['Tenant', 'Name', 'Currency', 'State', 'Key id', 'Tax', 'Review above', 'Capture on', 'Mail from', 'Payment attempts', '']
        .map((t) => h('th', {}, t)))),
      h('tbody', {}, r.items.map((t) => h('tr', { 'data-tenant': t.tenantId },
        h('td', { class: 'mono' }, t.tenantId), h('td', {}, t.name), h('td', {}, t.currency),
        h('td', {}, t.suspended ? badge('suspended') : badge('active', 'ok')),
        h('td', { class: 'mono' }, t.keyId),
        h('td', {}, String(t.policy.taxRate)), h('td', {}, String(t.policy.fraudReviewThreshold)), h('td', {}, t.policy.captureOn),
        h('td', {}, t.policy.mailSender), h('td', {}, String(t.policy.paymentAttempts)),
        h('td', {}, h('div', { class: 'chips' },
          h('button', { onclick: () => edit(t) }, 'Policy'),
          t.suspended ? h('button', { class: 'reinstate', onclick: () => act(t, 'reinstate') }, 'Reinstate')
            : h('button', { class: 'danger suspend', onclick: () => suspend(t) }, 'Suspend'),
          h('button', { onclick: () => rotate(t) }, 'New key'))))))));
  }

  async function act(t, action, body) {
    try {
      await post('/admin/tenants/' + t.tenantId + '/' + action, body);
      toast('Tenant ' + t.tenantId + ': ' + action + ' done.');
    } catch (err) {
      toast(problemText(err), true);
    }
    refresh();
  }

  function suspend(t) {
    const reason = h('input', { id: 'suspend-reason', placeholder: 'why (optional)', size: 30 });
    clear(editor).append(h('div', { class: 'card' }, h('h3', {}, 'Suspend ' + t.tenantId + '? Its key stops working at once; its data stays.'),
      h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); clear(editor); act(t, 'suspend', reason.value.trim() ? { reason: reason.value.trim() } : {}); } },
        reason, h('button', { type: 'submit' }, 'Suspend'), h('button', { type: 'button', onclick: () => clear(editor) }, 'Cancel'))));
  }

  async function rotate(t) {
    try {
      const r = await post('/admin/tenants/' + t.tenantId + '/keys');
      showKey(r.tenantId, r.apiKey, 'has a new key (the previous one no longer works)');
    } catch (err) {
      toast(problemText(err), true);
    }
    refresh();
  }

  function edit(t) {
    const p = t.policy;
    const f = {
      taxRate: h('input', { id: 'policy-taxRate', value: p.taxRate, size: 6 }),
      fraudReviewThreshold: h('input', { id: 'policy-fraudReviewThreshold', value: p.fraudReviewThreshold, size: 8 }),
      captureOn: h('select', { id: 'policy-captureOn' }, h('option', { value: 'confirm' }, 'confirm'), h('option', { value: 'ship' }, 'ship')),
      mailSender: h('input', { id: 'policy-mailSender', value: p.mailSender, size: 24 }),
      paymentAttempts: h('input', { id: 'policy-paymentAttempts', value: p.paymentAttempts, size: 3, type: 'number', min: 1, max: 10 }),
    };
    f.captureOn.value = p.captureOn;
    const errors = h('p', { class: 'error' });
    const form = h('form', { class: 'inline', id: 'policy-form' },
      Object.entries(f).map(([k, input]) => h('div', {}, h('label', { for: 'policy-' + k }, k), input)),
      h('button', { type: 'submit' }, 'Save policy'), h('button', { type: 'button', onclick: () => clear(editor) }, 'Cancel'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await put('/admin/tenants/' + t.tenantId + '/policy', {
          taxRate: f.taxRate.value.trim(), fraudReviewThreshold: f.fraudReviewThreshold.value.trim(), captureOn: f.captureOn.value,
          mailSender: f.mailSender.value.trim(), paymentAttempts: Number(f.paymentAttempts.value),
        });
        clear(editor);
        toast('Policy of ' + t.tenantId + ' saved.');
        refresh();
      } catch (err) {
        clear(errors).append(problemText(err));
      }
    });
    clear(editor).append(h('div', { class: 'card' }, h('h3', {}, 'Policy of ' + t.tenantId), form, errors));
  }

  refresh();
}

function problemText(err) {
  const p = err.problem || {};
  if (Array.isArray(p.errors) && p.errors.length) {
    return p.errors.map((e) => e.field + ': ' + e.detail).join('; ');
  }
  return err.message;
}
