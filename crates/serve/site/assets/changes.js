// What an answer changed: which decisions and Layer 2 verdicts moved, from
// what to what and why, shown at the top of the results with links to them,
// and said once to screen readers.

import { h, idFor, replace } from './dom.js';
import { t } from './i18n.js';
import * as V from './view.js';

/**
 * The differences between two assessments.
 * @returns {{items: Array<{kind: 'd'|'c', id: string, title: string, from: string, to: string, why: string|null, statusFrom?: string, statusTo?: string}>, answers: string[]}}
 */
export function diff(before, after) {
  const items = [];
  if (!before || !after) return { items, answers: [] };
  const answersBefore = V.answersById(before);
  const answersAfter = V.answersById(after);
  const answers = [...answersAfter.keys()].filter((id) => JSON.stringify(answersBefore.get(id)?.value) !== JSON.stringify(answersAfter.get(id)?.value)
    || answersBefore.get(id)?.source !== answersAfter.get(id)?.source);
  const old = new Map(V.decisions(before).map((d) => [d.id, d]));
  for (const d of V.decisions(after)) {
    const was = old.get(d.id);
    if (!was) continue;
    const optionChanged = was.recommendation?.option !== d.recommendation?.option;
    const statusChanged = V.statusOf(was) !== V.statusOf(d);
    if (!optionChanged && !statusChanged) continue;
    items.push({
      kind: 'd', id: d.id, title: d.title,
      from: was.recommendation?.title ?? t('no_recommendation_short'),
      to: d.recommendation?.title ?? t('no_recommendation_short'),
      optionChanged,
      statusFrom: V.statusOf(was), statusTo: V.statusOf(d),
      why: d.because?.[0]?.text ?? null,
      reads: (d.reads ?? []).filter((id) => answers.includes(id)),
    });
  }
  const oldCaps = new Map(V.capabilities(before).map((c) => [c.id, c]));
  for (const c of V.capabilities(after)) {
    const was = oldCaps.get(c.id);
    if (!was) continue;
    const from = verdictText(was);
    const to = verdictText(c);
    if (from === to && V.statusOf(was) === V.statusOf(c)) continue;
    items.push({ kind: 'c', id: c.id, title: c.title, from, to, optionChanged: from !== to, statusFrom: V.statusOf(was), statusTo: V.statusOf(c), why: c.decided_by?.text ?? null, reads: [] });
  }
  return { items, answers };
}

function verdictText(c) {
  return c.tool ? `${t(`verdict_${c.verdict}`)}: ${c.tool.title}` : t(`verdict_${c.verdict}`);
}

/** The changed items by `kind:id`, for the marks on cards and rows. */
export function changedMap(change) {
  return new Map(change.items.filter((x) => x.optionChanged).map((x) => [`${x.kind}:${x.id}`, x]));
}

/** One sentence for screen readers. */
export function announcement(change) {
  const moved = change.items.filter((x) => x.optionChanged);
  if (!moved.length) {
    const opened = change.items.filter((x) => x.statusFrom !== x.statusTo);
    return opened.length ? t('changes_status_only', opened.length) : t('changes_none');
  }
  const parts = moved.slice(0, 4).map((x) => t('change_short', x.title, x.to, x.from));
  return `${t('changes_count', moved.length)} ${parts.join('; ')}${moved.length > 4 ? '; …' : '.'}`;
}

/**
 * The "what changed" section.
 * @param {HTMLElement} root
 * @param {ReturnType<typeof diff>|null} change null: nothing answered yet
 * @param {{inputs: Map<string, object>, questionOf: (id: string) => string, answerText: (id: string) => string, open: (kind: string, id: string) => void, dismiss: () => void}} ctx
 */
export function renderChanges(root, change, ctx) {
  if (!change) {
    root.hidden = true;
    replace(root);
    return;
  }
  root.hidden = false;
  const moved = change.items;
  const close = h('button', { type: 'button', class: 'button ghost small' }, t('dismiss'));
  close.addEventListener('click', ctx.dismiss);
  replace(root,
    h('div', { class: 'section-head' }, h('h2', { id: 'changes-title', tabindex: '-1' }, t('changes_title')), close),
    change.answers.length ? h('p', { class: 'small muted' }, `${t('changes_after')}: `, change.answers.map((id) => `${ctx.questionOf(id)} ${ctx.answerText(id)}`).join('; ')) : null,
    moved.length
      ? h('ul', { class: 'change-list' }, moved.map((x) => {
        const go = h('a', { href: `#${idFor(x.kind, x.id)}`, class: 'change-go' }, t('go_to', x.title));
        go.addEventListener('click', (e) => { e.preventDefault(); ctx.open(x.kind, x.id); });
        return h('li', { class: 'change-item', dataset: { kind: x.kind, id: x.id } },
          h('p', null, h('strong', null, x.title), ': ',
            x.optionChanged ? [h('span', { class: 'from' }, x.from), ' → ', h('span', { class: 'to' }, x.to)] : h('span', null, x.to)),
          x.statusFrom !== x.statusTo ? h('p', { class: 'small' }, t(`status_now_${x.statusTo}`)) : null,
          x.why ? h('p', { class: 'small' }, h('span', { class: 'facts-label' }, `${t('because')}: `), x.why) : null,
          go);
      }))
      : h('p', null, t('changes_none')));
}

