// Two profiles side by side: the current answers (A) and another profile (B),
// for example today's organisation and a proposed change, or two
// organisations. Both are in the URL (B as `vs`). Shows the decisions and
// Layer 2 verdicts that differ, and the answers that make them differ.
// Loaded when the comparison is first opened.

import { postJson } from './api.js';
import { h, idFor, replace } from './dom.js';
import { t } from './i18n.js';
import { valueLabel } from './questionnaire.js';
import * as V from './view.js';

/** `vs` for a profile B with no answers given (every answer assumed). */
const NO_ANSWERS = '-';

let root;
let host;
/** The assessment of B, by language and query string. */
let cached = { key: '', assessment: null };

/** Sets the comparison up in `panel`. */
export function init(panel, hostApi) {
  root = panel;
  host = hostApi;
}

/** Paints the comparison for the current A and B. */
export async function update() {
  const vs = host.vs();
  const a = host.assessment();
  if (!a) return;
  if (!vs) {
    paint(a, null);
    return;
  }
  const key = `${host.lang()}\u0000${vs}`;
  if (cached.key !== key) {
    try {
      const { json } = await postJson(`/api/v1/assess${V.assessQuery(host.lang())}`, host.answersFromQuery(vs === NO_ANSWERS ? '' : vs));
      cached = { key, assessment: json };
    } catch (error) {
      replace(root, heading(), h('p', { class: 'problem', role: 'alert' }, t('compare_failed'), ' ', String(error?.message ?? error)), controls(true));
      done();
      return;
    }
  }
  paint(a, cached.assessment);
}

function done() {
  root.dataset.rendered = String(Number(root.dataset.rendered ?? 0) + 1);
}

function heading() {
  return [h('h2', { id: 'compare-title' }, t('compare_title')), h('p', { class: 'muted' }, t('compare_intro'))];
}

/** The buttons: keep the current answers as B, paste a link, swap, stop. */
function controls(hasB) {
  const keep = h('button', { type: 'button', class: 'button' }, t('compare_keep'));
  keep.addEventListener('click', () => host.setVs(host.answersQuery() || NO_ANSWERS));
  const field = h('input', { type: 'url', id: 'compare-link', placeholder: 'https://…/?team_size=40', 'aria-describedby': 'compare-link-msg' });
  const message = h('p', { class: 'q-message', id: 'compare-link-msg', 'aria-live': 'polite' });
  const use = h('button', { type: 'submit', class: 'button ghost' }, t('compare_use_link'));
  const form = h('form', { class: 'compare-link', action: '#', novalidate: true },
    h('label', { for: 'compare-link' }, t('compare_link_label')),
    h('div', { class: 'q-control' }, field, use), message);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const query = queryOfLink(field.value, (id) => host.inputs.has(id));
    if (query === null) {
      field.setAttribute('aria-invalid', 'true');
      message.textContent = t('compare_link_invalid');
      message.classList.add('is-error');
      return;
    }
    host.setVs(query || NO_ANSWERS);
  });
  const parts = [h('div', { class: 'compare-actions' }, hasB ? null : keep, hasB ? swapButton() : null, hasB ? stopButton() : null), form];
  return h('div', { class: 'compare-controls' }, parts);
}

function swapButton() {
  const b = h('button', { type: 'button', class: 'button ghost' }, t('compare_swap'));
  b.addEventListener('click', () => host.swap());
  return b;
}

function stopButton() {
  const b = h('button', { type: 'button', class: 'button ghost' }, t('compare_stop'));
  b.addEventListener('click', () => host.setVs(''));
  return b;
}

/**
 * The answers part of a pasted link (or a bare query string), or null when
 * it is not one: something other than a link, or a link with a key that is
 * not a question of this knowledge base.
 */
export function queryOfLink(text, isInput) {
  const value = String(text ?? '').trim();
  if (!value) return null;
  let search;
  try {
    if (/^https?:\/\//i.test(value) || value.startsWith('/')) search = new URL(value, location.href).search.slice(1);
    else if (value.includes('=')) search = value.replace(/^\?/, '');
    else return null;
  } catch {
    return null;
  }
  const kept = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(search)) {
    if (['lang', 'org', 'vs', 'view'].includes(k)) continue;
    if (!isInput(k)) return null;
    kept.append(k, v);
  }
  return kept.toString();
}

function paint(a, b) {
  if (!b) {
    replace(root, heading(), controls(false), h('p', { class: 'muted' }, t('compare_empty')));
    done();
    return;
  }
  const answersA = V.answersById(a);
  const answersB = V.answersById(b);
  const inputs = [...new Set([...answersA.keys(), ...answersB.keys()])];
  const differs = inputs.filter((id) => JSON.stringify(answersA.get(id)?.value) !== JSON.stringify(answersB.get(id)?.value));
  const label = (id, answer) => (answer ? valueLabel(host.inputs.get(id), answer.value) : '—');
  const decisionsB = new Map(V.decisions(b).map((d) => [d.id, d]));
  const decisionRows = V.decisions(a).filter((d) => decisionsB.get(d.id)?.recommendation?.option !== d.recommendation?.option);
  const capsB = new Map(V.capabilities(b).map((c) => [c.id, c]));
  const verdict = (c) => (c ? (c.tool ? `${t(`verdict_${c.verdict}`)}: ${c.tool.title}` : t(`verdict_${c.verdict}`)) : '—');
  const capRows = V.capabilities(a).filter((c) => verdict(c) !== verdict(capsB.get(c.id)));
  const because = (reads) => {
    const ids = reads.filter((id) => differs.includes(id));
    if (!ids.length) return h('span', { class: 'muted' }, t('compare_through_others'));
    return h('ul', { class: 'because-list' }, ids.map((id) => h('li', null, host.questionOf(id), ': ', label(id, answersA.get(id)), ' → ', label(id, answersB.get(id)))));
  };
  const capReads = (c) => [...new Set([...(c.triggers ?? []), ...(c.skip_if ?? []), ...(c.now_if ?? []), ...(c.later_if ?? [])]
    .flatMap((x) => (x.detail ?? []).map((f) => f.input)))];

  replace(root,
    heading(),
    controls(true),
    h('p', { class: 'compare-summary', role: 'status' }, t('compare_summary', decisionRows.length, V.decisions(a).length, capRows.length, differs.length)),
    h('table', { class: 'compare-table' },
      h('caption', null, t('compare_decisions')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('decision')), h('th', { scope: 'col' }, t('compare_a')), h('th', { scope: 'col' }, t('compare_b')), h('th', { scope: 'col' }, t('compare_why')))),
      h('tbody', null, decisionRows.length
        ? decisionRows.map((d) => {
          const other = decisionsB.get(d.id);
          const go = h('a', { href: `#${idFor('d', d.id)}` }, d.title);
          return h('tr', { dataset: { decision: d.id } },
            h('th', { scope: 'row' }, go),
            h('td', null, d.recommendation?.title ?? '—'),
            h('td', null, other?.recommendation?.title ?? '—'),
            h('td', null, because([...new Set([...(d.reads ?? []), ...(other?.reads ?? [])])])));
        })
        : h('tr', null, h('td', { colspan: '4' }, t('compare_same'))))),
    h('table', { class: 'compare-table' },
      h('caption', null, t('compare_layer2')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('capability')), h('th', { scope: 'col' }, t('compare_a')), h('th', { scope: 'col' }, t('compare_b')), h('th', { scope: 'col' }, t('compare_why')))),
      h('tbody', null, capRows.length
        ? capRows.map((c) => h('tr', { dataset: { capability: c.id } },
          h('th', { scope: 'row' }, c.title),
          h('td', null, verdict(c)),
          h('td', null, verdict(capsB.get(c.id))),
          h('td', null, because([...new Set([...capReads(c), ...capReads(capsB.get(c.id) ?? {})])]))))
        : h('tr', null, h('td', { colspan: '4' }, t('compare_same'))))),
    h('details', { class: 'compare-answers', open: differs.length <= 12 },
      h('summary', null, t('compare_answers', differs.length)),
      h('table', { class: 'compare-table' },
        h('caption', { class: 'sr-only' }, t('compare_answers', differs.length)),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('question')), h('th', { scope: 'col' }, t('compare_a')), h('th', { scope: 'col' }, t('compare_b')))),
        h('tbody', null, differs.map((id) => h('tr', { dataset: { input: id } },
          h('th', { scope: 'row' }, host.questionOf(id)),
          h('td', null, label(id, answersA.get(id)), V.isAssumed(answersA.get(id)) ? h('span', { class: 'muted' }, ` (${t('assumed_word')})`) : null),
          h('td', null, label(id, answersB.get(id)), V.isAssumed(answersB.get(id)) ? h('span', { class: 'muted' }, ` (${t('assumed_word')})`) : null)))))));
  done();
}
