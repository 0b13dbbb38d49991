// The printed report: a document for a decision board, built apart from the
// interactive page (which the print style sheet hides): title, organisation,
// date, knowledge base, the answers given and assumed, the summary, the
// decisions, Layer 2 as a table, the trade-offs, the open questions, the
// findings and the glossary. No buttons, no instructions for the screen.

import { h, replace } from './dom.js';
import { glossaryList } from './glossary.js';
import { t, tx } from './i18n.js';
import { assumedText, changeText, closeCallText, possibleTitle, whenText } from './plain.js';
import { valueLabel } from './questionnaire.js';
import * as V from './view.js';

/**
 * @param {HTMLElement} root
 * @param {object} a the assessment
 * @param {{org: string, date: string, inputs: Map<string, object>, questionOf: (id: string) => string, answers: Record<string, unknown>}} ctx
 */
export function renderReport(root, a, ctx) {
  const questions = V.openQuestions(a);
  // The KB's own numbers (Q28), which its texts cite; a question without one gets the next free number.
  const number = new Map(questions.map((q, i) => [q.id, V.questionNumber(q) ?? `${i + 1}`]));
  const tradeoffs = V.allTradeoffs(a);
  const tradeNumber = new Map(tradeoffs.map((x, i) => [x.id ?? x.title, i + 1]));
  const ref = { question: (q) => number.get(q.id), tradeoff: (x) => tradeNumber.get(x.id ?? x.title) };
  const numbered = questions.map((q) => ({ ...q, number: number.get(q.id) }));
  replace(root,
    titlePage(a, ctx),
    summary(a, ctx),
    decisions(a, ctx, ref),
    layer2(a),
    tradeoffSection(tradeoffs, a),
    questionSection(numbered, a),
    answers(a, ctx),
    findings(a),
    h('section', { class: 'r-section r-glossary' }, h('h2', null, t('glossary')), glossaryList()));
}

const kept = (...children) => h('div', { class: 'r-keep' }, children);

function titlePage(a, ctx) {
  const title = ctx.org ? t('title_org', ctx.org) : t('title');
  return h('header', { class: 'r-title' },
    h('h1', null, title),
    h('dl', { class: 'r-meta' },
      h('dt', null, t('r_organisation')), h('dd', null, ctx.org || t('org_none')),
      h('dt', null, t('r_date')), h('dd', null, ctx.date),
      h('dt', null, t('r_kb')), h('dd', null, `${tx(a.kb.title) || a.kb.id}, ${t('r_version')} ${a.kb.version}`),
      h('dt', null, t('r_answers')), h('dd', null, t('r_answers_count', countGiven(ctx.answers), (a.answers ?? []).filter(V.isAssumed).length, Object.values(ctx.answers).filter((v) => v === 'unknown').length))),
    h('p', null, t('lede_plain', V.decisions(a).length, V.capabilities(a).length)),
    h('p', null, t('r_whose', a.kb?.reference || t('the_kb'))));
}

const countGiven = (answers) => Object.values(answers).filter((v) => v !== 'unknown').length;

function statusWords(a, d) {
  const marks = V.markersOf(a, d);
  return marks.length ? marks.map((m) => t(`marker_${m}_short`)).join(', ') : t('marker_decided');
}

function summary(a) {
  const now = V.byVerdict(a, 'now');
  const blockingCount = questionsBlocking(a).length;
  return h('section', { class: 'r-section' },
    h('h2', null, t('glance')),
    h('table', { class: 'r-table r-glance' },
      h('thead', null, h('tr', null, h('th', null, t('decision')), h('th', null, t('r_choice')), h('th', null, t('r_status')))),
      V.areasOf(a, t('other_area')).map((area) => h('tbody', null,
        area.title ? h('tr', { class: 'r-area' }, h('th', { colspan: '3' }, area.title)) : null,
        area.decisions.map((d) => h('tr', null, h('td', null, d.title), h('td', null, d.recommendation?.title ?? '—'), h('td', null, statusWords(a, d))))))),
    kept(h('h3', null, t('glance_layer2_plain')),
      now.length ? h('ol', null, now.map((c) => h('li', null, c.title, c.tool ? ` (${c.tool.title})` : ''))) : h('p', null, t('nothing_now'))),
    h('p', null, blockingCount ? t('blocks_summary_plain', blockingCount) : t('no_blocking')));
}

const questionsBlocking = (a) => V.openQuestions(a).filter((q) => q.blocking);

function decisions(a, ctx, ref) {
  return h('section', { class: 'r-section' },
    h('h2', null, t('decisions_title_plain')),
    V.areasOf(a, t('other_area')).map((area) => [
      area.title ? h('h3', { class: 'r-area-title' }, area.title) : null,
      area.decisions.map((d) => decision(a, d, ctx, ref)),
    ]));
}

function decision(a, d, ctx, ref) {
  const rec = d.recommendation;
  const facts = (d.because ?? []).flatMap((b) => b.facts ?? []).filter((f) => f.met && f.text).map((f) => f.text);
  const assumptions = V.assumptionsOf(a, d);
  const answers = V.answersById(a);
  const alts = (d.alternatives ?? []).filter((x) => x.why_not?.kind !== 'superseded');
  const qs = V.questionsOf(a, d);
  const trade = V.tradeoffsOf(a, d);
  return h('div', { class: 'r-decision' },
    kept(h('h4', null, `${d.title}: ${rec?.title ?? t('no_recommendation_short')}`),
      rec ? h('p', null, rec.rationale) : null),
    V.statusOf(d) === 'open' && V.possibleOf(d).length
      ? h('div', null, h('p', null, h('strong', null, `${t('marker_open')}: `), t('open_intro')),
        h('ul', { class: 'r-small' }, V.possibleOf(d).map((p) => h('li', null, h('strong', null, possibleTitle(p)), p.provisional ? ` (${t('marker_provisional_short')})` : '', ' ', whenText(p, ctx)))))
      : null,
    d.because?.[0] ? h('p', null, h('strong', null, `${t('because')}: `), d.because[0].text, facts.length ? ` (${[...new Set(facts)].join('; ')})` : null) : null,
    assumptions.length ? h('p', null, h('strong', null, `${t('rests_on_plain')}: `), assumptions.map((id) => assumedText(id, answers.get(id)?.value, ctx)).join(' ')) : null,
    V.closeCallsOf(d).length ? h('p', null, h('strong', null, `${t('close_title_plain')}: `), V.closeCallsOf(d).map((c) => closeCallText(c, ctx)).join(' ')) : null,
    d.flips?.length ? h('p', null, h('strong', null, `${t('flips_plain')}: `), d.flips.map((f) => t('flip_said', f.title, f.changes.map((c) => changeText(c, ctx)).join(` ${t('and')} `))).join(' ')) : null,
    alts.length ? h('p', null, h('strong', null, `${t('alternatives')}: `), alts.map((x) => x.title).join(', ')) : null,
    V.tracesOf(a, d).length ? h('p', { class: 'r-small' }, h('strong', null, `${t('traces_to_plain')}: `), V.tracesOf(a, d).map((x) => `${x.title} (${t(`kind1_${x.kind}`).toLowerCase()})`).join('; ')) : null,
    trade.length ? h('p', { class: 'r-small' }, h('strong', null, `${t('tradeoffs')}: `), trade.map((x) => `${x.title} [${ref.tradeoff(x)}]`).join('; ')) : null,
    qs.length ? h('p', { class: 'r-small' }, h('strong', null, `${t('open_questions')}: `), t('r_see_questions', qs.map((q) => ref.question(q)).filter(Boolean).join(', '))) : null);
}

function layer2(a) {
  return h('section', { class: 'r-section' },
    h('h2', null, t('layer2_title_plain')),
    h('table', { class: 'r-table r-layer2' },
      h('colgroup', null, h('col', { class: 'c-cap' }), h('col', { class: 'c-verdict' }), h('col', { class: 'c-why' }), h('col', { class: 'c-tool' })),
      h('thead', null, h('tr', null, h('th', null, t('capability')), h('th', null, t('r_verdict')), h('th', null, t('why_verdict')), h('th', null, t('tool')))),
      h('tbody', null, ['now', 'later', 'skip'].flatMap((v) => V.byVerdict(a, v)).map((c) => h('tr', null,
        h('td', null, c.rank ? `${c.rank}. ` : '', c.title),
        h('td', null, t(`verdict_${c.verdict}`), V.statusOf(c) === 'open' ? ` (${t('marker_open_short')})` : ''),
        h('td', null, c.decided_by?.text ?? ''),
        h('td', null, c.tool?.title ?? '—'))))));
}

function tradeoffSection(list) {
  if (!list.length) return null;
  return h('section', { class: 'r-section' },
    h('h2', null, t('tradeoffs_title_plain')),
    h('ol', { class: 'r-list' }, list.map((x) => h('li', { class: 'r-keep' },
      h('strong', null, x.title), `: ${x.resolution} `,
      h('span', { class: 'r-small' }, t('favours_over', names(x.favours), names(x.over)), x.scope ? ` ${x.scope}` : '')))));
}

const names = (list) => (list ?? []).map((f) => (typeof f === 'string' ? f : f.title)).join(', ');

function questionSection(list, a) {
  if (!list.length) return null;
  const titles = new Map([...V.decisions(a), ...V.capabilities(a)].map((x) => [x.id, x.title]));
  return h('section', { class: 'r-section' },
    h('h2', null, t('open_questions')),
    h('table', { class: 'r-table r-questions' },
      h('colgroup', null, h('col', { class: 'c-n' }), h('col', { class: 'c-q' }), h('col', { class: 'c-by' }), h('col', { class: 'c-affects' })),
      h('thead', null, h('tr', null, h('th', null, '#'), h('th', null, t('question')), h('th', null, t('decide_by')), h('th', null, t('affects')))),
      h('tbody', null, list.map((q) => h('tr', null,
        h('td', null, q.number),
        h('td', null, q.blocking ? h('strong', null, `${t('blocking_short')}: `) : null, q.text),
        h('td', null, q.decide_by ?? ''),
        h('td', null, (q.blocks?.length ? q.blocks : (q.decisions ?? [])).map((id) => titles.get(id) ?? id).join(', ')))))));
}

function answers(a, ctx) {
  const list = a.answers ?? [];
  const given = list.filter((x) => !V.isAssumed(x));
  const assumed = list.filter(V.isAssumed);
  const row = (x) => h('tr', null, h('td', null, ctx.questionOf(x.input)), h('td', null, valueLabel(ctx.inputs.get(x.input), V.isUnknown(x) ? 'unknown' : x.value)));
  return h('section', { class: 'r-section' },
    h('h2', null, t('r_answers_title')),
    kept(h('h3', null, t('r_given', given.length)),
      given.length ? h('table', { class: 'r-table r-answers' }, h('tbody', null, given.map(row))) : h('p', null, t('r_none_given'))),
    kept(h('h3', null, t('r_assumed', assumed.length)), h('p', { class: 'r-small' }, t('r_assumed_intro', a.kb?.reference || t('the_kb')))),
    assumed.length ? h('table', { class: 'r-table r-answers r-small' }, h('tbody', null, assumed.map(row))) : null);
}

function findings(a) {
  const list = a.findings ?? [];
  if (!list.length) return null;
  return h('section', { class: 'r-section' },
    h('h2', null, t('findings')),
    h('ul', { class: 'r-list r-small' }, list.map((f) => h('li', null, `${t(`severity_${f.severity}`)}: ${f.text ?? f.message}`))));
}
