// The console's shell: sign-in with the admin key, the navigation, and one view at a time (#view/args).
import { adminKey, setAdminKey, get, ApiError } from './api.js';
import { clear } from './ui.js';
import * as overview from './overview.js';
import * as live from './live.js';
import * as services from './services.js';
import * as deadLetters from './dead-letters.js';
import * as streams from './streams.js';
import * as tenants from './tenants.js';

const VIEWS = {
  overview: overview.render,
  live: live.render,
  services: services.render,
  'dead-letters': deadLetters.render,
  streams: streams.render,
  stream: streams.renderStream,
  event: streams.renderEvent,
  tenants: tenants.render,
};
const NAV = { stream: 'streams', event: 'streams' };

let cleanup = null;

function showLogin(message) {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  setAdminKey(null);
  document.getElementById('app').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('admin-key').value = '';
  document.getElementById('admin-key').focus();
}

function showApp() {
  document.getElementById('login').hidden = true;
  document.getElementById('app').hidden = false;
  route();
}

/** Renders the view the location's hash names: #name/arg?query. */
function route() {
  if (!adminKey()) {
    showLogin();
    return;
  }
  const hash = decodeURIComponent(location.hash.slice(1)) || 'overview';
  const [path, search] = hash.split('?');
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  const arg = slash < 0 ? '' : path.slice(slash + 1);
  const params = Object.fromEntries(new URLSearchParams(search || ''));
  const view = VIEWS[name] || VIEWS.overview;
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.view === (NAV[name] || name));
  }
  if (cleanup) {
    cleanup();
  }
  const root = clear(document.getElementById('view'));
  root.dataset.view = name;
  cleanup = view(root, arg, params) || null;
}

document.getElementById('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = document.getElementById('admin-key').value.trim();
  if (!key) {
    return;
  }
  setAdminKey(key);
  try {
    await get('/admin/tenants');
    showApp();
  } catch (err) {
    showLogin(err instanceof ApiError && err.status === 401 ? 'That is not the admin key.' : 'Cannot reach the server: ' + err.message);
  }
});
document.getElementById('logout').addEventListener('click', () => showLogin());
window.addEventListener('hashchange', route);
window.addEventListener('solstice:unauthorized', () => showLogin('The admin key was refused; sign in again.'));

if (adminKey()) {
  showApp();
} else {
  showLogin();
}
