// Building DOM from data, safely: every text goes through a text node, never
// through HTML parsing, so a hostile knowledge base cannot inject markup or
// script. Attributes are set one by one; event handlers and HTML sinks are refused.

const FORBIDDEN_ATTRIBUTE = /^(on|innerhtml$|outerhtml$|srcdoc$)/i;

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, unknown>|null} [attrs] attributes; `class` may be an array; `dataset`
 *   an object; boolean `true` sets an empty attribute, `false`/`null`/`undefined` skips it.
 * @param {...(Node|string|number|null|undefined|false|Array)} children
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`refusing attribute ${name}`);
      if (name === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
      } else if (name === 'dataset') {
        for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
      } else if (name === 'href' || name === 'src') {
        el.setAttribute(name, safeUrl(String(value)));
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children (strings become text nodes; arrays are flattened; empty values skipped). */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/**
 * Only same-origin paths, fragments, blob: URLs we created, and http(s) links
 * pass; anything else (javascript:, data:) becomes `#`.
 */
export function safeUrl(url) {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (url.startsWith('#') || url.startsWith('?')) return url;
  if (/^blob:/i.test(url)) return url;
  if (/^https?:\/\//i.test(url)) return url;
  return '#';
}

/** A CSS-safe id fragment for a KB id (ids are data). */
export function idFor(prefix, id) {
  return `${prefix}-${String(id).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
