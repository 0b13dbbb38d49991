// The results of an assessment, summary first: the answer at a glance (the
// stack by layer and area, what to do now in Layer 2, what blocks), then the
// details on demand (a folded card per decision and capability), the
// trade-offs, the open questions, the findings and the glossary.
// Everything is built from text nodes (see dom.js).

import { h, idFor, replace } from './dom.js';
import { glossarySection, term, withTerms } from './glossary.js';
import { t } from './i18n.js';
import { closeCallText, possibleTitle, whenText } from './plain.js';
import { joinAnd, statementOf, valueLabel } from './questionnaire.js';
import * as V from './view.js';

/**
 * @typedef {object} Context
 * @property {string} lang
 * @property {Map<string, object>} inputs the questionnaire's inputs by id
 * @property {(id: string) => string} questionOf the question of an input
 * @property {boolean} details whether the engineer's details (ids, rules, conditions) are shown
 * @property {Map<string, {from: string, to: string}>} changed decisions and capabilities changed by the last answer
 * @property {(kind: 'decision'|'capability'|'layer0', id: string) => void} onMap show a node in the map of the reasoning
 * @property {(input: string) => HTMLElement|null} askHere a control to answer an input in place
 * @property {() => void} onGuided start the guided mode
 * @property {(input: string) => 'given'|'assumed'|'unknown'} answerState how an input is answered now
 */

/**
 * The parts that outlive one assessment: decision and capability cards are
 * kept while their content is the same (not rebuilt, not moved), so a change
 * repaints only what changed and keeps what the reader unfolded.
 */
const cache = new WeakMap();

/** Renders `a` into `root`. */
export function renderResults(root, a, ctx) {
  let view = cache.get(root);
  if (!view || !root.contains(view.decisions)) {
    view = { cards: new Map(), decisions: h('div'), layer2: h('div') };
    cache.set(root, view);
  }
  const decisions = decisionSection(a, ctx, view);
  const layer2 = layer2Section(a, ctx, view);
  replace(root,
    toc(a),
    glance(a, ctx),
    blocking(a, ctx),
    nextSection(a, ctx),
    decisions,
    layer2,
    tradeoffSection(a, ctx),
    questionSection(a),
    findingSection(a, ctx),
    glossarySection());
  view.decisions = decisions;
}

// ---------------------------------------------------------------------------
// Orientation
// ---------------------------------------------------------------------------

function toc(a) {
  const blockingCount = V.openQuestions(a).filter((q) => q.blocking).length;
  const entries = [
    ['glance', t('glance')],
    ['blocking', `${t('what_blocks')} (${blockingCount})`],
    V.nextQuestions(a).length ? ['next', t('next_questions')] : null,
    ['decisions', `${t('decisions')} (${V.decisions(a).length})`],
    ['layer2', `${t('layer2')} (${V.capabilities(a).length})`],
    ['tradeoffs', t('tradeoffs')],
    ['questions', t('open_questions')],
    ['findings', t('findings')],
    ['glossary', t('glossary')],
  ].filter(Boolean);
  return h('nav', { class: 'toc', 'aria-label': t('contents') },
    h('ol', null, entries.map(([id, label]) => h('li', null, h('a', { href: `#${id}` }, label)))));
}

/** The status marks of a decision or capability, as words (not colour alone). */
function markers(a, item, { short = false } = {}) {
  const list = V.markersOf(a, item);
  if (!list.length) return h('span', { class: 'mark-decided' }, t('marker_decided'));
  return h('span', { class: 'markers' }, list.map((m) => h('span', { class: ['marker', `marker-${m}`] }, t(short ? `marker_${m}_short` : `marker_${m}`))));
}

function glance(a, ctx) {
  const areas = V.areasOf(a, t('other_area'));
  const now = V.byVerdict(a, 'now');
  const later = V.byVerdict(a, 'later');
  const skip = V.byVerdict(a, 'skip');
  const blockingCount = V.openQuestions(a).filter((q) => q.blocking).length;
  const open = V.decisions(a).filter((d) => V.statusOf(d) === 'open').length;
  return h('section', { class: 'glance', id: 'glance', 'aria-labelledby': 'glance-title' },
    h('h2', { id: 'glance-title' }, t('glance')),
    h('div', { class: 'glance-grid' },
      h('div', { class: 'glance-layer1' },
        h('h3', null, withTerms(t('glance_layer1'))),
        h('p', { class: 'legend small muted' }, withTerms(t('marker_legend'))),
        areas.map((area) => h('div', { class: 'glance-area' },
          area.title ? h('h4', null, area.title) : null,
          h('ul', { class: 'glance-list' }, area.decisions.map((d) => glanceRow(a, d, ctx)))))),
      h('div', { class: 'glance-side' },
        h('div', { class: 'glance-now' },
          h('h3', null, withTerms(t('glance_layer2'))),
          now.length
            ? h('ol', { class: 'now-list' }, now.map((c) => h('li', null,
              h('a', { href: `#${idFor('c', c.id)}` }, c.title),
              c.tool ? h('span', { class: 'muted' }, ` — ${c.tool.title}`) : null,
              V.statusOf(c) === 'open' ? [' ', h('span', { class: 'marker marker-open' }, t('marker_open_short'))] : null)))
            : h('p', { class: 'muted' }, t('nothing_now')),
          h('p', { class: 'small' }, h('strong', null, `${t('verdict_later')}: `), later.length ? later.map((c) => c.title).join(', ') : t('none_word')),
          h('p', { class: 'small' }, h('strong', null, `${t('verdict_skip')}: `), skip.length ? skip.map((c) => c.title).join(', ') : t('none_word'))),
        h('div', { class: ['glance-blocks', blockingCount ? 'has-blocking' : null] },
          h('h3', null, t('what_blocks')),
          h('p', null, blockingCount
            ? [withTerms(t('blocks_summary', blockingCount)), ' ', h('a', { href: '#blocking' }, t('see_them'))]
            : t('no_blocking')),
          open ? h('p', null, withTerms(t('open_summary', open))) : null))));
}

function glanceRow(a, d, ctx) {
  const change = ctx.changed.get(`d:${d.id}`);
  return h('li', { class: ['glance-row', change && 'is-changed'], dataset: { decision: d.id } },
    h('a', { class: 'glance-decision', href: `#${idFor('d', d.id)}` }, d.title),
    h('span', { class: 'glance-pick' }, d.recommendation?.title ?? t('no_recommendation_short'),
      d.provisional ? [' ', h('span', { class: 'marker marker-provisional' }, t('marker_provisional_short'))] : null,
      change ? h('span', { class: 'badge changed-badge' }, t('was', change.from)) : null),
    markers(a, d, { short: true }));
}

// ---------------------------------------------------------------------------
// Blocking and next questions: answerable where they are asked
// ---------------------------------------------------------------------------

function blocking(a, ctx) {
  const questions = V.openQuestions(a).filter((q) => q.blocking);
  const titles = titlesOf(a);
  return h('section', { class: ['blocking', questions.length ? 'has-blocking' : 'none'], id: 'blocking', 'aria-labelledby': 'blocking-title' },
    h('h2', { id: 'blocking-title' }, withTerms(t('blocking_title'))),
    questions.length
      ? [h('p', null, t('blocking_intro')),
        h('ul', { class: 'oq-list' }, questions.map((q) => h('li', { class: 'oq', id: idFor('bq', q.id), dataset: { question: q.id } },
          h('p', { class: 'oq-text' }, qnum(q), h('strong', null, q.text)),
          h('p', { class: 'oq-meta small' },
            q.decide_by ? h('span', null, `${t('decide_by')}: ${q.decide_by}`) : null,
            affects(q, titles)),
          q.input ? ctx.askHere(q.input, 'b') : null,
          q.default_assumption ? h('p', { class: 'assume small' }, h('strong', null, `${t('assume')}: `), q.default_assumption) : null,
          ctx.details ? h('p', { class: 'engineer' }, q.id) : null)))]
      : h('p', { class: 'muted' }, t('no_blocking')));
}

function affects(q, titles) {
  const ids = q.blocks?.length ? q.blocks : (q.decisions ?? []);
  if (!ids.length) return null;
  return h('span', null, `${q.blocks?.length ? t('blocks') : t('affects')}: `, ids.map((id, i) => [i ? ', ' : null, h('a', { href: `#${titles.anchor(id)}` }, titles.title(id))]));
}

function nextSection(a, ctx) {
  const next = V.nextQuestions(a);
  if (!next.length) return null;
  const titles = titlesOf(a);
  const start = h('button', { type: 'button', class: 'button' }, t('guided_start'));
  start.addEventListener('click', () => ctx.onGuided());
  return h('section', { class: 'next', id: 'next', 'aria-labelledby': 'next-title' },
    h('h2', { id: 'next-title' }, t('next_questions')),
    h('p', null, t('next_intro'), ' ', start),
    h('ol', { class: 'next-list' }, next.slice(0, 5).map((q) => h('li', { class: 'oq', dataset: { input: q.input } },
      h('p', { class: 'small muted' }, q.why),
      ctx.askHere(q.input, 'n'),
      q.settles?.length ? h('p', { class: 'small' }, `${t('settles')}: `, q.settles.map((id, i) => [i ? ', ' : null, h('a', { href: `#${titles.anchor(id)}` }, titles.title(id))])) : null))));
}

/** The question's number in the knowledge base ("Q28 "), which its texts cite. */
function qnum(q) {
  const n = V.questionNumber(q);
  return n ? h('span', { class: 'qnum' }, `${n} `) : null;
}

/** Titles and anchors of decisions and capabilities by id. */
function titlesOf(a) {
  const d = new Map(V.decisions(a).map((x) => [x.id, x.title]));
  const c = new Map(V.capabilities(a).map((x) => [x.id, x.title]));
  return {
    title: (id) => d.get(id) ?? c.get(id) ?? id,
    anchor: (id) => (c.has(id) && !d.has(id) ? idFor('c', id) : idFor('d', id)),
  };
}

// ---------------------------------------------------------------------------
// Layer 1 decisions: a folded card each, grouped by area
// ---------------------------------------------------------------------------

function decisionSection(a, ctx, view) {
  const areas = V.areasOf(a, t('other_area'));
  const level = areas.some((area) => area.title) ? 'h4' : 'h3';
  const expand = h('button', { type: 'button', class: 'button ghost small' }, t('open_all'));
  const collapse = h('button', { type: 'button', class: 'button ghost small' }, t('close_all'));
  const section = h('section', { class: 'decisions', id: 'decisions', 'aria-labelledby': 'decisions-title' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'decisions-title' }, withTerms(t('decisions_title'))),
      h('div', { class: 'section-tools' }, expand, collapse)),
    h('p', { class: 'muted' }, t('decisions_intro')),
    areas.map((area) => h('div', { class: 'area' },
      area.title ? h('h3', { class: 'area-title' }, area.title) : null,
      h('div', { class: 'decision-list' }, area.decisions.map((d) => cardFor(view, 'd', d, ctx, () => decisionCard(a, d, ctx, level)))))));
  expand.addEventListener('click', () => section.querySelectorAll('details.card-fold').forEach((x) => { x.open = true; }));
  collapse.addEventListener('click', () => section.querySelectorAll('details.card-fold').forEach((x) => { x.open = false; }));
  return section;
}

/** A cached card: rebuilt only when its content, the language or the details mode changed. */
function cardFor(view, kind, item, ctx, build) {
  const change = ctx.changed.get(`${kind}:${item.id}`);
  const key = `${ctx.lang}\u0000${ctx.details}\u0000${change ? `${change.from}` : ''}\u0000${JSON.stringify(item)}`;
  const entry = view.cards.get(`${kind}:${item.id}`);
  if (entry && entry.key === key) return entry.node;
  const node = build();
  if (entry?.node.querySelector('details.card-fold')?.open) {
    node.buildBody();
    node.querySelector('details.card-fold').open = true;
  }
  view.cards.set(`${kind}:${item.id}`, { key, node });
  return node;
}

/**
 * A folded card: the summary line is built now, the body when it is first
 * opened (most cards are never opened, so a repaint stays cheap).
 */
function foldedCard(attrs, summary, body) {
  const fold = h('details', { class: 'card-fold' }, h('summary', null, summary));
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    fold.append(h('div', { class: 'card-body' }, body()));
  };
  fold.addEventListener('toggle', () => { if (fold.open) build(); });
  const node = h('article', attrs, fold);
  node.buildBody = build;
  return node;
}

function decisionCard(a, d, ctx, level) {
  const rec = d.recommendation;
  const sub = level === 'h3' ? 'h4' : 'h5';
  const change = ctx.changed.get(`d:${d.id}`);
  return foldedCard(
    { class: ['card', 'decision', change && 'changed'], id: idFor('d', d.id), dataset: { decision: d.id, option: rec?.option ?? '', status: V.statusOf(d) } },
    [h(level, { class: 'card-title' }, d.title),
      h('span', { class: 'pick' },
        h('span', { class: 'sr-only' }, `${t('recommendation')}: `),
        rec ? h('strong', { class: 'option' }, rec.title) : h('span', { class: 'none' }, t('no_recommendation_short')),
        change ? h('span', { class: 'badge changed-badge' }, t('was', change.from)) : null),
      markers(a, d)],
    () => [
      h('p', { class: 'question muted' }, d.question),
      rec ? h('p', { class: 'rationale' }, rec.rationale) : h('p', null, t('no_recommendation')),
      openPart(d, ctx, sub),
      because(d, ctx, sub),
      assumptionPart(a, d, ctx, sub),
      closeCallPart(d, ctx, sub),
      flips(d, ctx, sub),
      alternatives(d, ctx),
      tradeoffRefs(V.tradeoffsOf(a, d), sub),
      questionRefs(V.questionsOf(a, d), sub),
      traces(V.tracesOf(a, d), ctx, 'decision', d.id, sub),
      chain(d.chain),
      ctx.details ? engineer(d, sub) : null,
    ]);
}

function openPart(d, ctx, sub = 'h5') {
  if (V.statusOf(d) !== 'open') return null;
  const rec = d.recommendation ?? (d.tool ? { title: d.tool.title } : null);
  return h('div', { class: 'open-part' },
    h(sub, null, withTerms(t('open_title'))),
    h('p', null, t('open_intro')),
    V.possibleOf(d).length
      ? h('ul', { class: 'possible-list' }, V.possibleOf(d).map((p) => h('li', { class: 'possible', dataset: { option: p.option ?? p.verdict ?? '' } },
        h('strong', null, possibleTitle(p)), p.provisional ? [' ', h('span', { class: 'marker marker-provisional' }, t('marker_provisional_short'))] : null,
        ' ', whenText(p, ctx))))
      : null,
    rec ? h('p', { class: 'small' }, withTerms(t('provisional_note', rec.title))) : null);
}

/**
 * A fact in plain words: what the answer says about the organisation (the
 * KB's statement of it), else the question and the answer; the raw condition
 * only in the engineer's view.
 */
function factText(f, ctx) {
  const input = ctx.inputs.get(f.input);
  const said = f.text || statementOf(input, f.value, f.input);
  if (said) {
    // A statement of an answer nobody knows is marked as what it is (assumed
    // answers have their own part of the card: "It rests on an assumption").
    const unknown = input && !f.refers_to && ctx.answerState?.(f.input) === 'unknown';
    return unknown ? t('said_unknown', said) : said;
  }
  if (ctx.details) return `${f.condition} — ${valueLabel(input, f.value)}`;
  return input ? t('answer_to', ctx.questionOf(f.input), valueLabel(input, f.value)) : null;
}

function because(d, ctx, sub = 'h5') {
  if (!d.because?.length) return null;
  return h('div', { class: 'because' },
    h(sub, null, t('because')),
    d.because.map((b) => {
      const facts = (b.facts ?? []).map((f) => ({ f, text: factText(f, ctx) })).filter((x) => x.text);
      const holds = facts.filter((x) => x.f.met);
      const not = facts.filter((x) => !x.f.met);
      return h('div', { class: 'rule' },
        h('p', null, b.text),
        holds.length ? h('p', { class: 'facts-line' }, h('span', { class: 'facts-label' }, `${t('from_your_answers')}: `), sentenceList(holds.map((x) => x.text))) : null,
        // Conditions of the chosen rule that did not hold are beside the point;
        // those of a default rule are why no other rule applies.
        b.default && not.length ? h('p', { class: 'facts-line not-case' }, h('span', { class: 'facts-label' }, `${t('no_other_rule')}: `), sentenceList(not.map((x) => x.text))) : null,
        (b.notes ?? []).map((n) => h('p', { class: 'small muted' }, n)),
        ctx.details ? h('p', { class: 'engineer' }, `${b.rule}${b.condition ? ` · ${b.condition}` : ''}`) : null);
    }));
}

/** Texts joined as one sentence part: "a; b; c". */
function sentenceList(texts) {
  return [...new Set(texts)].join('; ');
}

function assumptionPart(a, d, ctx, sub = 'h5') {
  const inputs = V.assumptionsOf(a, d);
  if (!inputs.length) return null;
  const answers = V.answersById(a);
  return h('div', { class: 'assumption-part' },
    h(sub, null, withTerms(t('rests_on'))),
    h('ul', null, inputs.map((id) => {
      const input = ctx.inputs.get(id);
      const link = h('a', { href: `#q-${idFor('in', id)}-block`, class: 'ask-link' }, t('answer_it'));
      const value = answers.get(id)?.value;
      const said = statementOf(input, value, id);
      return h('li', null, said ? h('span', null, t('assumed_that', said)) : [ctx.questionOf(id), ' — ', h('strong', null, valueLabel(input, value))], ' ', link);
    })));
}

function closeCallPart(d, ctx, sub = 'h5') {
  const calls = V.closeCallsOf(d);
  if (!calls.length) return null;
  return h('div', { class: 'close-part' },
    h(sub, null, withTerms(t('close_title'))),
    h('ul', null, calls.map((c) => {
      return h('li', null, closeCallText(c, ctx));
    })));
}

function flips(d, ctx, sub = 'h5') {
  if (!d.flips?.length) return null;
  return h('div', { class: 'flips' },
    h(sub, null, term('flip')),
    h('ul', null, d.flips.map((f) => h('li', { class: 'flip', dataset: { option: f.option } },
      // What would have to be so, in the KB's statements; else the answers that would change.
      f.changes.every((c) => c.text) ? h('span', null, t('flip_said', f.title, joinAnd(f.changes.map((c) => c.text)))) : [
      h('span', null, t('you_would_get', f.title)), ' ',
      f.changes.map((c, i) => {
        const input = ctx.inputs.get(c.input);
        return [i > 0 ? ` ${t('and')} ` : null,
          h('span', { class: 'change' },
            h('span', { class: 'change-input' }, ctx.questionOf(c.input)), ' ',
            h('span', { class: 'from' }, valueLabel(input, c.from)), ' → ',
            h('span', { class: 'to' }, toText(input, c)))];
      })]))));
}

/** The new value of a flip: a label for a yes/no or a choice, the engine's words for a range or a set. */
function toText(input, change) {
  if (input?.type === 'bool' || input?.type === 'enum') return valueLabel(input, change.to);
  return change.to_text || valueLabel(input, change.to);
}

function whyNot(d, alt, ctx) {
  const w = alt.why_not ?? {};
  switch (w.kind) {
    case 'outranked': return h('p', { class: 'small' }, t('outranked', optionTitle(d, w.option)));
    case 'superseded': return h('p', { class: 'small' }, t('superseded_by', alt.superseded?.by_title ?? w.by), alt.superseded?.reason ? ` ${alt.superseded.reason}` : null);
    case 'no_rule': return h('p', { class: 'small' }, t('no_rule'));
    default: {
      const failed = (alt.rules ?? []).flatMap((r) => r.facts ?? []).filter((f) => !f.met).map((f) => factText(f, ctx)).filter(Boolean);
      return failed.length ? h('p', { class: 'small not-case' }, h('span', { class: 'facts-label' }, `${t('not_chosen_because')}: `), sentenceList(failed)) : null;
    }
  }
}

function optionTitle(d, option) {
  if (d.recommendation?.option === option) return d.recommendation.title;
  return d.alternatives?.find((x) => x.option === option)?.title ?? option;
}

function alternatives(d, ctx) {
  if (!d.alternatives?.length) return null;
  return h('details', { class: 'alternatives' },
    h('summary', null, t('alternatives_count', d.alternatives.length)),
    h('ul', { class: 'alt-list' }, d.alternatives.map((alt) => h('li', { class: ['alt', alt.applies && 'applies'], dataset: { option: alt.option } },
      h('div', { class: 'alt-head' },
        h('strong', null, alt.title),
        alt.applies ? h('span', { class: 'badge subtle' }, t('applies')) : null),
      alt.reason ? h('p', { class: 'why-not-reason' }, alt.reason) : null,
      whyNot(d, alt, ctx),
      ctx.details ? h('p', { class: 'engineer' }, `${alt.option}${alt.condition ? ` · ${alt.condition}` : ''}`) : null))));
}

function tradeoffRefs(list, sub = 'h5') {
  if (!list.length) return null;
  return h('div', { class: 'tradeoffs-ref' },
    h(sub, null, term('tradeoff', t('tradeoffs'))),
    h('ul', null, list.map((x) => h('li', null, h('a', { href: `#${idFor('t', x.id ?? x.title)}` }, x.title), ': ', x.resolution))));
}

function questionRefs(list, sub = 'h5') {
  if (!list.length) return null;
  return h('div', { class: 'card-questions' },
    h(sub, null, t('open_questions')),
    h('ul', null, list.map((q) => h('li', { class: q.blocking ? 'blocking-q' : null },
      q.blocking ? h('span', { class: 'marker marker-blocking' }, t('blocking_short')) : null, q.blocking ? ' ' : null,
      qnum(q), h('a', { href: `#${idFor('oq', q.id)}` }, q.text)))));
}

/** The Layer 0 items a choice traces to, each named with its kind in words. */
function traces(list, ctx, kind, id, sub = 'h5') {
  if (!list.length) return null;
  const show = h('button', { type: 'button', class: 'linkish small' }, t('show_in_map'));
  show.addEventListener('click', () => ctx.onMap(kind, id));
  return h('div', { class: 'traces' },
    h(sub, null, withTerms(t('traces_to'))),
    h('ul', { class: 'trace-list' }, list.map((tr) => h('li', null,
      h('span', { class: ['kind-word', `kind-${tr.kind}`] }, t(`kind1_${tr.kind}`)), ' ', tr.title,
      ctx.details ? h('span', { class: 'engineer' }, ` ${tr.id}`) : null))),
    show);
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

/** The engineer's details: the ids and rules behind a decision. */
function engineer(d, sub = 'h5') {
  return h('div', { class: 'engineer-block' },
    h(sub, null, t('engineer_details')),
    h('dl', null,
      h('dt', null, t('eng_decision')), h('dd', null, h('code', null, d.id)),
      d.recommendation ? [h('dt', null, t('eng_option')), h('dd', null, h('code', null, d.recommendation.option))] : null,
      d.recommendation?.rule ? [h('dt', null, t('eng_rule')), h('dd', null, h('code', null, d.recommendation.rule))] : null,
      d.reads?.length ? [h('dt', null, t('eng_reads')), h('dd', null, h('code', null, d.reads.join(', ')))] : null));
}

// ---------------------------------------------------------------------------
// Layer 2
// ---------------------------------------------------------------------------

function layer2Section(a, ctx, view) {
  return h('section', { class: 'layer2', id: 'layer2', 'aria-labelledby': 'layer2-title' },
    h('h2', { id: 'layer2-title' }, withTerms(t('layer2_title'))),
    h('p', { class: 'muted' }, t('layer2_intro')),
    ['now', 'later', 'skip'].map((verdict) => {
      const list = V.byVerdict(a, verdict);
      return h('div', { class: ['verdict-group', `verdict-${verdict}`] },
        h('h3', { id: `verdict-${verdict}` }, t(`verdict_${verdict}_long`), h('span', { class: 'count' }, String(list.length))),
        list.length
          ? h('div', { class: 'capability-list' }, list.map((c) => cardFor(view, 'c', c, ctx, () => capabilityCard(a, c, ctx))))
          : h('p', { class: 'muted' }, t('none_word')));
    }));
}

function capabilityCard(a, c, ctx) {
  const change = ctx.changed.get(`c:${c.id}`);
  return foldedCard(
    { class: ['card', 'capability', change && 'changed'], id: idFor('c', c.id), dataset: { capability: c.id, verdict: c.verdict, status: V.statusOf(c) } },
    [h('h4', { class: 'card-title' }, c.rank ? h('span', { class: 'rank' }, `${c.rank}. `) : null, c.title),
      h('span', { class: 'pick' },
        h('span', { class: ['verdict-word', `verdict-${c.verdict}`] }, t(`verdict_${c.verdict}`)),
        c.tool ? h('strong', { class: 'option' }, c.tool.title) : null,
        change ? h('span', { class: 'badge changed-badge' }, t('was', change.from)) : null),
      V.statusOf(c) === 'open' || V.closeCallsOf(c).length ? markers(a, c) : null],
    () => [
      h('p', { class: 'question muted' }, c.question),
      c.decided_by?.text ? h('p', null, h('strong', null, `${t('why_verdict')}: `), c.decided_by.text) : null,
      openPart(c, ctx, 'h5'),
      c.tool ? h('p', null, h('strong', null, `${t('tool')}: ${c.tool.title}`), ` — ${c.tool.use_when}`) : null,
      checks(t('triggers'), c.triggers, ctx),
      checks(t('skip_if'), c.skip_if, ctx),
      checks(t('now_if'), c.now_if, ctx),
      checks(t('later_if'), c.later_if, ctx),
      c.exit_strategy ? h('p', { class: 'small' }, h('strong', null, `${t('exit_strategy')}: `), c.exit_strategy) : null,
      questionRefs(V.questionsOf(a, c)),
      traces(V.tracesOf(a, c), ctx, 'capability', c.id),
      ctx.details ? h('p', { class: 'engineer' }, c.id, c.decided_by?.condition ? ` · ${c.decided_by.condition}` : null) : null,
    ]);
}

/** Signals in three words: holds, not the case, not judged from the answers (never a red cross). */
function checks(title, list, ctx, sub = 'h5') {
  if (!list?.length) return null;
  const groups = [['met', true], ['not_case', false], ['unjudged', null]].map(([key, met]) => [key, list.filter((c) => (c.met ?? null) === met)]);
  return h('div', { class: 'checks' },
    h(sub, null, title),
    groups.map(([key, items]) => items.length ? h('p', { class: ['check-line', `check-${key}`] },
      h('span', { class: 'facts-label' }, `${t(`check_${key}`)}: `),
      items.map((c, i) => [i ? '; ' : null, c.text,
        ctx.details && c.detail?.length ? h('span', { class: 'engineer' }, ` (${c.detail.map((f) => f.text ?? f.condition).join('; ')})`) : null])) : null));
}

// ---------------------------------------------------------------------------
// Trade-offs, open questions, findings
// ---------------------------------------------------------------------------

function tradeoffSection(a, ctx) {
  const list = V.allTradeoffs(a);
  const titles = titlesOf(a);
  return h('section', { class: 'tradeoffs', id: 'tradeoffs', 'aria-labelledby': 'tradeoffs-title' },
    h('h2', { id: 'tradeoffs-title' }, withTerms(t('tradeoffs_title'))),
    list.length
      ? h('ul', { class: 'tradeoff-list' }, list.map((x) => h('li', { id: idFor('t', x.id ?? x.title), class: 'tradeoff' },
        h('h3', null, x.title),
        h('p', null, x.resolution),
        h('p', { class: 'small' }, t('favours_over', names(x.favours), names(x.over)), x.scope ? ` ${x.scope}` : null),
        h('p', { class: 'small muted' }, x.rationale),
        h('p', { class: 'small' }, `${t('accepted_in')}: `, x.decisions.map((id, i) => [i ? ', ' : null, h('a', { href: `#${titles.anchor(id)}` }, titles.title(id))])),
        ctx.details ? h('p', { class: 'engineer' }, x.id) : null)))
      : h('p', { class: 'muted' }, t('none_word')));
}

const names = (list) => (list ?? []).map((f) => (typeof f === 'string' ? f : f.title)).join(', ');

function questionSection(a) {
  const list = V.openQuestions(a);
  const titles = titlesOf(a);
  return h('section', { class: 'questions', id: 'questions', 'aria-labelledby': 'questions-title' },
    h('h2', { id: 'questions-title' }, t('open_questions')),
    list.length
      ? h('ul', { class: 'question-list' }, list.map((q) => h('li', { id: idFor('oq', q.id) },
        q.blocking ? [h('span', { class: 'marker marker-blocking' }, t('blocking_short')), ' '] : null,
        qnum(q), q.text,
        h('span', { class: 'small muted' }, q.decide_by ? ` · ${t('decide_by')} ${q.decide_by}` : null),
        (q.decisions ?? []).length ? h('span', { class: 'small muted' }, ' · ', (q.decisions ?? []).map((id) => titles.title(id)).join(', ')) : null)))
      : h('p', { class: 'muted' }, t('none_word')));
}

function findingSection(a, ctx) {
  const list = a.findings ?? [];
  return h('section', { class: 'findings', id: 'findings', 'aria-labelledby': 'findings-title' },
    h('h2', { id: 'findings-title' }, t('findings')),
    h('p', { class: 'muted' }, t('findings_intro')),
    list.length
      ? h('ul', { class: 'finding-list' }, list.map((f) => h('li', { class: ['finding', `severity-${f.severity}`] },
        h('span', { class: ['badge', `sev-${f.severity}`] }, t(`severity_${f.severity}`)), ' ',
        h('span', null, f.text ?? f.message),
        ctx.details ? h('span', { class: 'engineer' }, ` ${f.code}${f.accepted_by ? ` · ${f.accepted_by}` : ''}`) : null)))
      : h('p', { class: 'muted' }, t('no_findings')));
}

/** Builds the body of every folded card in `root` (before printing or searching). */
export function buildAllCards(root) {
  for (const card of root.querySelectorAll('article.card')) card.buildBody?.();
}

