// Small DOM helpers. Text always goes in as text nodes, never parsed as HTML, so API data cannot inject markup.
import { localTime } from './format.js';

/** h('a', {href: '#/x', class: 'y', dataset: {testid: 'z'}, onclick: fn}, 'text', child, [more]) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Like h(), in the SVG namespace. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

function setAttributes(element, attributes) {
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A <time> showing an instant in local time, UTC on hover (format.js localTime). */
export function timeElement(iso, testid) {
  const t = localTime(iso);
  return h('time', { datetime: t.datetime || null, title: t.title || null, dataset: testid ? { testid } : undefined },
    t.text);
}

/** Replaces the children of an element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A live-state or timeline badge: text plus a colour class, so the state never relies on colour alone. */
export function badge(state, extraClass = '') {
  return h('span', { class: `badge badge-${state} ${extraClass}`.trim() }, state ?? 'unknown');
}

/** A table with a caption, header row and body rows (arrays of cells or ready <tr> elements). */
export function table({ caption, headers, rows, testid, className = 'data' }) {
  return h('table', { class: className, dataset: testid ? { testid } : undefined },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows.map((row) => (row instanceof Node ? row : h('tr', {}, row.map((c) => h('td', {}, c)))))));
}

/** A notice block; kind is info, error or unavailable. Errors are announced to screen readers. */
export function notice(kind, ...content) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : null,
    dataset: { testid: `notice-${kind}` } }, ...content);
}

/** The standard way to show a failed load inside a view. */
export function failure(error) {
  if (error && error.name === 'NotAvailableError') {
    return notice('unavailable', h('strong', {}, 'Not available on this collector. '),
      'This collector does not offer this part of the API yet (it answered 404 for ',
      h('code', {}, error.path.split('?')[0]), ').');
  }
  const status = error && error.status === 403
    ? 'Your API token does not have the role this needs (operator or admin). ' : '';
  return notice('error', h('strong', {}, 'Could not load: '), status, error ? error.message : 'unknown error');
}
