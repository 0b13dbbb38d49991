// The results of an assessment: blocking questions and the stack at a glance
// first, then a card per decision, the Layer 2 board and the findings.
// Everything is built from text nodes (see dom.js).

import { h, idFor, replace } from './dom.js';
import { t } from './i18n.js';
import { valueLabel } from './questionnaire.js';

/**
 * @typedef {object} Context
 * @property {Map<string, object>} inputs the questionnaire's inputs by id
 * @property {(id: string) => string} questionOf the question of an input
 * @property {object|null} previous the assessment shown before this one
 * @property {(layer0Id: string) => void} onTrace open the trace view on a Layer 0 item
 */

/**
 * The parts of the results that outlive one assessment: unchanged decision
 * cards are kept in place (not rebuilt, not even moved), so a change repaints
 * only what changed and keeps what the reader unfolded.
 */
const views = new WeakMap();

/** Renders `assessment` into `root`. */
export function renderResults(root, assessment, ctx) {
  const before = new Map((ctx.previous?.decisions ?? []).map((d) => [d.id, d.recommendation?.option]));
  const verdictsBefore = new Map((ctx.previous?.layer2 ?? []).map((c) => [c.id, c.verdict]));
  const order = assessment.decisions.map((d) => d.id).join('\u0000');
  let view = views.get(root);
  if (!view || view.order !== order || !root.contains(view.list)) {
    view = { order, cards: new Map(), blocking: h('div'), stack: h('div'), list: h('div', { class: 'decision-list' }), layer2: h('div'), findings: h('div') };
    views.set(root, view);
    replace(root, view.blocking, view.stack,
      h('section', { class: 'decisions', 'aria-labelledby': 'decisions-title' }, h('h2', { id: 'decisions-title' }, t('decisions')), view.list),
      view.layer2, view.findings);
  }
  root.querySelector('#decisions-title').textContent = t('decisions');
  view.blocking.replaceWith(view.blocking = blocking(assessment));
  view.stack.replaceWith(view.stack = stack(assessment, before, ctx));
  assessment.decisions.forEach((d, i) => {
    const key = `${ctx.lang}\u0000${ctx.reference ?? ''}\u0000${JSON.stringify(d)}`;
    let entry = view.cards.get(d.id);
    if (!entry || entry.key !== key) {
      entry = { key, node: decisionCard(d, ctx) };
      view.cards.set(d.id, entry);
    }
    markChange(entry.node, d, before, ctx);
    const current = view.list.children[i];
    if (current !== entry.node) {
      if (current) current.replaceWith(entry.node);
      else view.list.append(entry.node);
    }
  });
  view.layer2.replaceWith(view.layer2 = layer2(assessment, verdictsBefore, ctx));
  view.findings.replaceWith(view.findings = findings(assessment));
}

/** Marks a card whose recommendation changed with this assessment (and unmarks the others). */
function markChange(card, d, before, ctx) {
  const was = before.get(d.id);
  const changed = Boolean(ctx.previous) && was !== d.recommendation?.option;
  card.classList.toggle('changed', changed);
  card.querySelector('.changed-badge')?.remove();
  if (changed && was) {
    const wasTitle = d.alternatives.find((x) => x.option === was)?.title ?? was;
    card.querySelector('.pick')?.append(h('span', { class: 'badge changed-badge' }, `← ${wasTitle}`));
  }
}

// ---------------------------------------------------------------------------

function blocking(a) {
  const questions = (a.open_questions ?? []).filter((q) => q.blocking);
  const titles = new Map([...a.decisions, ...a.layer2].map((d) => [d.id, d.title]));
  return h('section', { class: ['blocking', questions.length ? 'has-blocking' : 'none'], 'aria-labelledby': 'blocking-title' },
    h('h2', { id: 'blocking-title' }, t('blocking_questions'), questions.length ? h('span', { class: 'count' }, String(questions.length)) : null),
    questions.length
      ? [h('p', { class: 'muted' }, t('blocking_intro')),
        h('ul', { class: 'oq-list' }, questions.map((q) => h('li', { id: idFor('oq', q.id) },
          h('details', { class: 'oq' },
            h('summary', null,
              h('span', { class: 'qid' }, q.id.toUpperCase()), ' ', h('span', { class: 'qtext' }, q.text),
              q.decide_by ? h('span', { class: 'when' }, q.decide_by) : null),
            h('div', { class: 'qmeta' },
              q.decide_by ? h('span', null, `${t('decide_by')}: ${q.decide_by}`) : null,
              (q.decisions ?? []).length ? h('span', null, `${t('affects')}: `, (q.decisions ?? []).map((id) => titles.get(id) ?? id).join(', ')) : null),
            q.default_assumption ? h('div', { class: 'assume' }, h('span', { class: 'assume-label' }, `${t('assume')}: `), q.default_assumption) : null))))]
      : h('p', { class: 'muted' }, t('no_blocking')));
}

function stack(a, before, ctx) {
  return h('section', { class: 'stack', 'aria-labelledby': 'stack-title' },
    h('h2', { id: 'stack-title' }, t('stack')),
    h('ul', { class: 'stack-grid' }, a.decisions.map((d) => {
      const changed = ctx.previous && before.get(d.id) !== d.recommendation?.option;
      return h('li', { class: ['stack-item', changed && 'changed'], dataset: { decision: d.id } },
        h('a', { href: `#${idFor('d', d.id)}` },
          h('span', { class: 'stack-decision' }, d.title),
          h('span', { class: 'stack-option' }, d.recommendation?.title ?? '—')));
    })),
    h('ul', { class: 'verdict-strip' }, ['now', 'later', 'skip'].map((v) => {
      const ids = a.summary?.[v] ?? a.layer2.filter((c) => c.verdict === v).map((c) => c.id);
      const titles = ids.map((id) => a.layer2.find((c) => c.id === id)?.title ?? id);
      return h('li', { class: ['verdict-summary', `verdict-${v}`] },
        h('span', { class: 'verdict-label' }, t(`verdict_${v}`)), ' ', titles.length ? titles.join(', ') : '—');
    })));
}

// ---------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------

function decisionCard(d, ctx) {
  const rec = d.recommendation;
  return h('article', { class: ['card', 'decision'], id: idFor('d', d.id), dataset: { decision: d.id, option: rec?.option ?? '' }, 'aria-labelledby': idFor('dt', d.id) },
    h('header', { class: 'card-head' },
      h('div', null,
        h('h3', { id: idFor('dt', d.id) }, d.title),
        h('p', { class: 'question muted' }, d.question)),
      rec
        ? h('p', { class: 'pick' },
          h('span', { class: 'sr-only' }, `${t('recommendation')}: `),
          h('strong', { class: 'option' }, rec.title),
          rec.seed_choice ? h('span', { class: 'badge' }, t('case_choice', ctx.reference)) : null)
        : h('p', { class: 'pick none' }, t('no_recommendation'))),
    rec ? h('p', { class: 'rationale' }, rec.rationale) : null,
    because(d, ctx),
    flips(d, ctx),
    alternatives(d, ctx),
    tradeoffs(d.tradeoffs),
    questions(d.open_questions),
    traces(d.traces_to, ctx),
    chain(d.chain));
}

function factItem(f, ctx) {
  const input = ctx.inputs.get(f.input);
  return h('li', { class: ['fact', f.met ? 'met' : 'not-met'] },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, f.met ? '✓' : '✗'),
    h('span', { class: 'sr-only' }, f.met ? `${t('met')}: ` : `${t('not_met')}: `),
    h('span', { class: 'cond' }, f.condition),
    h('span', { class: 'yours' }, ` — ${valueLabel(input, f.value)}`));
}

function because(d, ctx) {
  if (!d.because?.length) return null;
  return h('div', { class: 'because' },
    h('h4', null, t('because')),
    d.because.map((b) => h('div', { class: 'rule' },
      h('p', null, b.text, b.default ? h('span', { class: 'badge subtle' }, t('default_rule')) : null),
      b.facts?.length ? h('ul', { class: 'facts', 'aria-label': t('facts') }, b.facts.map((f) => factItem(f, ctx))) : null)));
}

function flips(d, ctx) {
  if (!d.flips?.length) return null;
  return h('div', { class: 'flips' },
    h('h4', null, t('flips')),
    h('ul', null, d.flips.map((f) => h('li', { class: 'flip', dataset: { option: f.option } },
      h('span', null, t('you_would_get', f.title)), ' ',
      f.changes.map((c, i) => {
        const input = ctx.inputs.get(c.input);
        return [i > 0 ? ` ${t('and')} ` : null,
          h('span', { class: 'change' },
            h('span', { class: 'change-input' }, ctx.questionOf(c.input)), ' ',
            h('span', { class: 'from' }, valueLabel(input, c.from)), ' → ',
            h('span', { class: 'to' }, toText(input, c)))];
      })))));
}

/** The new value of a flip: a label for a yes/no or a choice, the engine's words for a range or a set. */
function toText(input, change) {
  if (input?.type === 'bool' || input?.type === 'enum') return valueLabel(input, change.to);
  return change.to_text || valueLabel(input, change.to);
}

function whyNot(alt, ctx) {
  const w = alt.why_not ?? {};
  switch (w.kind) {
    case 'outranked': return h('p', null, t('outranked', w.option, w.rule));
    case 'superseded': return h('p', null, t('superseded_by', alt.superseded?.by_title ?? w.by), alt.superseded?.reason ? ` ${alt.superseded.reason}` : null);
    case 'no_rule': return h('p', null, t('no_rule'));
    default: {
      const failed = (alt.rules ?? []).flatMap((r) => r.facts ?? []).filter((f) => !f.met);
      return [h('p', null, t('condition_not_met')), failed.length ? h('ul', { class: 'facts' }, failed.map((f) => factItem(f, ctx))) : null];
    }
  }
}

function alternatives(d, ctx) {
  if (!d.alternatives?.length) return null;
  return h('details', { class: 'alternatives' },
    h('summary', null, t('alternatives_count', d.alternatives.length)),
    h('ul', { class: 'alt-list' }, d.alternatives.map((alt) => h('li', { class: ['alt', alt.applies && 'applies'], dataset: { option: alt.option } },
      h('div', { class: 'alt-head' },
        h('strong', null, alt.title),
        alt.seed_choice ? h('span', { class: 'badge' }, t('case_choice', ctx.reference)) : null,
        alt.applies ? h('span', { class: 'badge subtle' }, t('applies')) : null),
      alt.reason ? h('p', { class: 'why-not-reason' }, `${t('why_not')}: ${alt.reason}`) : null,
      whyNot(alt, ctx)))));
}

function tradeoffs(list) {
  if (!list?.length) return null;
  return h('div', { class: 'tradeoffs' },
    h('h4', null, t('tradeoffs')),
    h('ul', null, list.map((x) => h('li', null,
      h('strong', null, x.title), ': ', x.resolution,
      h('div', { class: 'muted' }, `${t('favours')} ${x.favours.map((f) => f.title).join(', ')} ${t('over')} ${x.over.map((f) => f.title).join(', ')}`, x.scope ? ` (${x.scope})` : null),
      h('p', { class: 'small' }, x.rationale)))));
}

function questions(list) {
  if (!list?.length) return null;
  return h('div', { class: 'card-questions' },
    h('h4', null, t('open_questions')),
    h('ul', null, list.map((q) => h('li', { class: q.blocking ? 'blocking-q' : null },
      h('span', { class: 'qid' }, q.id.toUpperCase()), ' ', q.text))));
}

function traces(list, ctx) {
  if (!list?.length) return null;
  return h('div', { class: 'traces' },
    h('h4', null, t('traces_to')),
    h('ul', { class: 'chips' }, list.map((tr) => {
      const b = h('button', { type: 'button', class: ['chip', `kind-${tr.kind}`], title: tr.id }, tr.title);
      b.addEventListener('click', () => ctx.onTrace(tr.id));
      return h('li', null, b);
    })));
}

function chain(c) {
  if (!c) return null;
  return h('details', { class: 'chain' },
    h('summary', null, t('chain')),
    h('ol', { class: 'chain-steps' },
      h('li', null, h('span', { class: 'step' }, t('chain_business')), c.business),
      h('li', null, h('span', { class: 'step' }, t('chain_technical')), c.technical),
      h('li', null, h('span', { class: 'step' }, t('chain_capability')), c.capability),
      h('li', null, h('span', { class: 'step' }, t('chain_tooling')), c.tooling)));
}

// ---------------------------------------------------------------------------
// Layer 2
// ---------------------------------------------------------------------------

function layer2(a, verdictsBefore, ctx) {
  const columns = ['now', 'later', 'skip'].map((v) => {
    let caps = a.layer2.filter((c) => c.verdict === v);
    if (v === 'now') caps = caps.sort((x, y) => (x.rank ?? 99) - (y.rank ?? 99));
    return h('section', { class: ['board-column', `verdict-${v}`], 'aria-labelledby': `col-${v}` },
      h('h3', { id: `col-${v}` }, t(`verdict_${v}`), h('span', { class: 'count' }, String(caps.length))),
      caps.length ? caps.map((c) => capabilityCard(c, verdictsBefore, ctx)) : h('p', { class: 'muted' }, t('nothing')));
  });
  return h('section', { class: 'layer2', 'aria-labelledby': 'layer2-title' },
    h('h2', { id: 'layer2-title' }, t('layer2')),
    h('p', { class: 'muted' }, t('layer2_intro')),
    h('div', { class: 'board' }, columns));
}

function checks(title, list, ctx) {
  if (!list?.length) return null;
  return h('div', { class: 'checks' },
    h('h4', null, title),
    h('ul', null, list.map((c) => {
      const status = c.met === true ? 'met' : c.met === false ? 'not-met' : 'unknown';
      const detail = (c.detail ?? []).map((f) => `${f.condition} — ${valueLabel(ctx.inputs.get(f.input), f.value)}`).join('; ');
      return h('li', { class: ['check', status], title: detail || null },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, status === 'met' ? '✓' : status === 'not-met' ? '✗' : '?'),
        h('span', { class: 'sr-only' }, `${t(status === 'met' ? 'met' : status === 'not-met' ? 'not_met' : 'unknown')}: `),
        h('span', null, c.text),
        detail ? h('span', { class: 'detail' }, ` (${detail})`) : null);
    })));
}

function capabilityCard(c, verdictsBefore, ctx) {
  const changed = ctx.previous && verdictsBefore.get(c.id) !== c.verdict;
  return h('article', { class: ['card', 'capability', changed && 'changed'], id: idFor('c', c.id), dataset: { capability: c.id, verdict: c.verdict } },
    h('header', { class: 'card-head' },
      h('h4', { class: 'cap-title' }, c.rank ? h('span', { class: 'rank' }, t('rank', c.rank)) : null, ' ', c.title),
      c.start_here ? h('span', { class: 'badge start' }, t('start_here')) : null),
    h('p', { class: 'question muted' }, c.question),
    h('p', { class: 'small' }, `${t('complexity')}: ${String(c.complexity).replace('_', '–')}`),
    c.decided_by?.text ? h('p', { class: 'decided-by' }, `${t('decided_by')}: `, c.decided_by.text) : null,
    c.tool ? h('p', { class: 'tool' }, `${t('tool')}: `, h('strong', null, c.tool.title), ` — ${c.tool.use_when}`) : null,
    h('details', { class: 'cap-details' },
      h('summary', null, `${t('triggers')} · ${t('skip_if')}`),
      checks(t('triggers'), c.triggers, ctx),
      checks(t('skip_if'), c.skip_if, ctx),
      checks(t('now_if'), c.now_if, ctx),
      checks(t('later_if'), c.later_if, ctx),
      traces(c.traces_to, ctx)));
}

// ---------------------------------------------------------------------------

function findings(a) {
  const list = a.findings ?? [];
  return h('section', { class: 'findings', 'aria-labelledby': 'findings-title' },
    h('h2', { id: 'findings-title' }, t('findings'), list.length ? h('span', { class: 'count' }, String(list.length)) : null),
    list.length
      ? h('ul', { class: 'finding-list' }, list.map((f) => h('li', { class: ['finding', `severity-${f.severity}`] },
        h('span', { class: ['badge', `sev-${f.severity}`] }, t(`severity_${f.severity}`)), ' ',
        h('span', { class: 'code' }, f.code), ' ',
        h('span', null, f.message),
        f.accepted_by ? h('div', { class: 'muted small' }, t('accepted_by', f.accepted_by)) : null)))
      : h('p', { class: 'muted' }, t('no_findings')));
}
