// Entry point of the NOC dashboard: hash routing between views, sign-in gate, sign-out.
// Each view module exports render(main, context) and may return a cleanup function (timers).
import { clearToken, token } from './js/api.js';
import { failure, replace } from './js/dom.js';
import * as signin from './js/views/signin.js';
import * as now from './js/views/now.js';
import * as fleet from './js/views/fleet.js';
import * as device from './js/views/device.js';
import * as reliability from './js/views/reliability.js';
import * as violations from './js/views/violations.js';
import * as incidents from './js/views/incidents.js';
import * as reports from './js/views/reports.js';

const ROUTES = [
  { pattern: /^\/now$/, view: now, nav: 'now' },
  { pattern: /^\/fleet$/, view: fleet, nav: 'fleet' },
  { pattern: /^\/device\/([^/]+)$/, view: device, nav: 'fleet' },
  { pattern: /^\/reliability$/, view: reliability, nav: 'reliability' },
  { pattern: /^\/violations$/, view: violations, nav: 'violations' },
  { pattern: /^\/incidents$/, view: incidents, nav: 'incidents' },
  { pattern: /^\/reports$/, view: reports, nav: 'reports' },
];

const main = document.getElementById('view');
const statusLine = document.getElementById('status');
let cleanup = null;
let renderCount = 0;

/** The current hash as {path, params}: "#/fleet?state=down" → {"/fleet", URLSearchParams}. */
function location() {
  const hash = window.location.hash.replace(/^#/, '') || '/now';
  const [path, search = ''] = hash.split('?', 2);
  return { path, params: new URLSearchParams(search) };
}

/** Navigates to a route; params with empty values are dropped. */
function navigate(path, params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  window.location.hash = `#${path}${text ? `?${text}` : ''}`;
}

function status(message) {
  statusLine.textContent = message ?? '';
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const current = ++renderCount;
  const { path, params } = location();
  const signedIn = Boolean(token());
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('signout').hidden = !signedIn;
  const context = {
    params, navigate, status, reroute: route, now: () => Date.now(), isCurrent: () => current === renderCount,
  };
  status('');
  if (!signedIn) {
    markNav(null);
    cleanup = await signin.render(main, { ...context, returnTo: path === '/signin' ? '/now' : path, params });
    return;
  }
  const match = ROUTES.map((r) => ({ r, m: path.match(r.pattern) })).find((x) => x.m);
  if (!match) {
    navigate('/now');
    return;
  }
  markNav(match.r.nav);
  try {
    const rendering = match.r.view.render(main, { ...context, match: match.m.slice(1).map(decodeURIComponent) });
    if (current > 1) {
      main.focus({ preventScroll: true }); // screen readers start at the new view, not at the old link
    }
    cleanup = (await rendering) ?? null;
  } catch (error) {
    if (context.isCurrent()) {
      replace(main, failure(error));
    }
  }
}

function markNav(active) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === active) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

document.getElementById('signout').addEventListener('click', () => {
  clearToken();
  status('Signed out.');
  navigate('/signin');
});

window.addEventListener('uptally:signed-out', (event) => {
  route();
  status(event.detail);
});
window.addEventListener('hashchange', route);
route();
