// The traceability view: from a Layer 0 item (requirement, principle,
// constraint, ...) to every choice it drives, and from a choice back to its
// Layer 0 reasons. Built from GET /api/v1/kb and the assessment's traces_to.

import { h, idFor, replace } from './dom.js';
import { t, tx } from './i18n.js';

const KINDS = ['goal', 'requirement', 'principle', 'constraint', 'non_goal', 'risk'];

/**
 * @param {HTMLElement} root
 * @param {object} kb GET /api/v1/kb
 * @param {object} assessment
 * @param {{item: string|null, choice: string|null}} selection
 * @param {{select: (sel: {item?: string|null, choice?: string|null}) => void, openCard: (kind: 'd'|'c', id: string) => void}} handlers
 */
export function renderTrace(root, kb, assessment, selection, handlers) {
  const choices = [
    ...assessment.decisions.map((d) => ({ kind: 'd', id: d.id, title: d.title, answer: d.recommendation?.title ?? '—', traces: d.traces_to ?? [], because: d.because?.[0]?.text, chain: d.chain })),
    ...assessment.layer2.map((c) => ({ kind: 'c', id: c.id, title: c.title, answer: t(`verdict_${c.verdict}`), traces: c.traces_to ?? [], because: c.decided_by?.text, chain: null })),
  ];
  const driven = new Map();
  for (const choice of choices) for (const tr of choice.traces) {
    if (!driven.has(tr.id)) driven.set(tr.id, []);
    driven.get(tr.id).push(choice);
  }
  const items = kb?.layer0 ?? [];
  const item = items.find((i) => i.id === selection.item) ?? null;
  const choice = choices.find((c) => `${c.kind}:${c.id}` === selection.choice) ?? null;

  replace(root,
    h('p', { class: 'muted' }, t('trace_intro')),
    h('div', { class: 'trace-grid' },
      h('section', { class: 'trace-panel', 'aria-labelledby': 'trace-l0-title' },
        h('h2', { id: 'trace-l0-title' }, t('trace_from_layer0')),
        h('div', { class: 'trace-columns' },
          h('nav', { class: 'layer0-list', 'aria-label': t('trace_pick_item') },
            KINDS.map((kind) => {
              const ofKind = items.filter((i) => i.kind === kind);
              if (!ofKind.length) return null;
              return h('div', { class: 'kind-group' },
                h('h3', { class: ['kind-title', `kind-${kind}`] }, t(`kind_${kind}`)),
                h('ul', null, ofKind.map((i) => {
                  const n = driven.get(i.id)?.length ?? 0;
                  const b = h('button', { type: 'button', class: ['l0-item', i.id === selection.item && 'selected', n === 0 && 'idle'], 'aria-pressed': String(i.id === selection.item), dataset: { layer0: i.id } },
                    h('span', { class: 'l0-title' }, tx(i.title) || i.id),
                    h('span', { class: 'l0-count' }, t('choices', n)));
                  b.addEventListener('click', () => handlers.select({ item: i.id }));
                  return h('li', null, b);
                })));
            })),
          h('div', { class: 'trace-detail', 'aria-live': 'polite' }, item ? itemDetail(item, driven.get(item.id) ?? [], kb, handlers) : h('p', { class: 'muted' }, t('trace_pick_item'))))),
      h('section', { class: 'trace-panel', 'aria-labelledby': 'trace-choice-title' },
        h('h2', { id: 'trace-choice-title' }, t('trace_from_choice')),
        choicePicker(choices, selection.choice, handlers),
        choice ? choiceDetail(choice, items, handlers) : h('p', { class: 'muted' }, t('trace_pick_choice')))));
}

function itemDetail(item, choices, kb, handlers) {
  const tradeoffs = (kb?.tradeoffs ?? []).filter((x) => (x.favours ?? []).includes(item.id) || (x.over ?? []).includes(item.id));
  return h('article', { class: 'card trace-item', dataset: { layer0: item.id } },
    h('h3', null, tx(item.title) || item.id),
    h('p', { class: 'small muted' }, item.id, item.section ? ` · ${t('section')} ${item.section}` : null),
    item.description ? h('p', null, tx(item.description)) : null,
    item.targets?.length ? h('div', null, h('h4', null, t('targets')), h('ul', null, item.targets.map((x) =>
      h('li', null, `${tx(x.metric)}: ${tx(x.target)}`, x.today ? ` (${t('today')}: ${tx(x.today)})` : null)))) : null,
    h('h4', null, t('drives')),
    choices.length
      ? h('ul', { class: 'driven' }, choices.map((c) => {
        const b = h('button', { type: 'button', class: 'linkish' }, c.title);
        b.addEventListener('click', () => handlers.openCard(c.kind, c.id));
        return h('li', { dataset: { choice: `${c.kind}:${c.id}` } }, b, ' → ', h('strong', null, c.answer));
      }))
      : h('p', { class: 'muted' }, t('drives_none')),
    tradeoffs.length ? [h('h4', null, t('tradeoffs_involving')), h('ul', null, tradeoffs.map((x) => h('li', null, h('strong', null, tx(x.title)), ': ', tx(x.resolution))))] : null);
}

function choicePicker(choices, selected, handlers) {
  const id = 'trace-choice-select';
  const select = h('select', { id },
    h('option', { value: '' }, `— ${t('trace_pick_choice')} —`),
    h('optgroup', { label: t('decisions') }, choices.filter((c) => c.kind === 'd').map((c) => h('option', { value: `d:${c.id}` }, `${c.title} → ${c.answer}`))),
    h('optgroup', { label: t('layer2') }, choices.filter((c) => c.kind === 'c').map((c) => h('option', { value: `c:${c.id}` }, `${c.title} → ${c.answer}`))));
  select.value = selected ?? '';
  select.addEventListener('change', () => handlers.select({ choice: select.value || null }));
  return h('div', { class: 'field' }, h('label', { for: id }, t('trace_pick_choice')), select);
}

function choiceDetail(choice, items, handlers) {
  const open = h('button', { type: 'button', class: 'linkish' }, choice.title);
  open.addEventListener('click', () => handlers.openCard(choice.kind, choice.id));
  return h('article', { class: 'card trace-choice', id: idFor('tc', choice.id) },
    h('h3', null, open, ' → ', choice.answer),
    choice.because ? h('p', null, `${t('because')}: `, choice.because) : null,
    h('h4', null, t('reasons')),
    choice.traces.length
      ? h('ul', { class: 'reasons' }, choice.traces.map((tr) => {
        const full = items.find((i) => i.id === tr.id);
        const b = h('button', { type: 'button', class: ['chip', `kind-${tr.kind}`] }, tr.title);
        b.addEventListener('click', () => handlers.select({ item: tr.id }));
        return h('li', null, b, ' ', h('span', { class: 'small muted' }, t(`kind_${tr.kind}`)), full?.description ? h('p', { class: 'small' }, tx(full.description)) : null);
      }))
      : h('p', { class: 'muted' }, t('nothing')),
    choice.chain ? h('ol', { class: 'chain-steps' },
      h('li', null, h('span', { class: 'step' }, t('chain_business')), choice.chain.business),
      h('li', null, h('span', { class: 'step' }, t('chain_technical')), choice.chain.technical),
      h('li', null, h('span', { class: 'step' }, t('chain_capability')), choice.chain.capability),
      h('li', null, h('span', { class: 'step' }, t('chain_tooling')), choice.chain.tooling)) : null);
}
