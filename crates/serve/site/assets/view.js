// One place that reads an assessment. The site asks for every text in place
// (`?view=expanded`); the `full` view writes repeated items once and leaves
// the KB's own prose (rationales, reasons, question texts ...) to the KB, so
// reading it would also take the KB's texts. Every other module reads through
// these accessors, so the shape the site asks for is chosen here alone.

/** The assessment shape the site asks the API for. */
export const VIEW = 'expanded';

/** The query string of an assessment request in `language`. */
export function assessQuery(language) {
  return `?lang=${encodeURIComponent(language)}&view=${VIEW}`;
}

const EMPTY = Object.freeze([]);

/** An index by id of a top-level collection (an array of {id} or an object keyed by id), cached per assessment. */
const indexes = new WeakMap();
function indexOf(a, key) {
  if (!a) return new Map();
  let byKey = indexes.get(a);
  if (!byKey) indexes.set(a, (byKey = new Map()));
  if (!byKey.has(key)) {
    const collection = a?.[key];
    const map = new Map();
    if (Array.isArray(collection)) for (const item of collection) map.set(item?.id, item);
    else if (collection && typeof collection === 'object') for (const [id, item] of Object.entries(collection)) map.set(id, { id, ...item });
    byKey.set(key, map);
  }
  return byKey.get(key);
}

/** Items that are either whole objects or ids of objects kept at the top level under one of `keys`. */
function resolve(a, list, keys) {
  if (!Array.isArray(list)) return EMPTY;
  return list.map((entry) => {
    if (entry && typeof entry === 'object') {
      if (entry.ref) return { ...lookup(a, entry.ref, keys), ...entry };
      return entry;
    }
    return lookup(a, entry, keys) ?? { id: String(entry), title: String(entry) };
  });
}

function lookup(a, id, keys) {
  for (const key of keys) {
    const found = indexOf(a, key).get(id);
    if (found) return found;
  }
  return null;
}

/** The Layer 1 decisions. */
export const decisions = (a) => a?.decisions ?? EMPTY;
/** The Layer 2 capabilities. */
export const capabilities = (a) => a?.layer2 ?? EMPTY;
/** A decision by id. */
export const decision = (a, id) => decisions(a).find((d) => d.id === id) ?? null;
/** A capability by id. */
export const capability = (a, id) => capabilities(a).find((c) => c.id === id) ?? null;

/** The Layer 0 items a decision or capability traces to: [{id, kind, title}]. */
export const tracesOf = (a, item) => resolve(a, item?.traces_to, ['layer0', 'traces']);
/** The trade-offs a decision accepts. */
export const tradeoffsOf = (a, item) => resolve(a, item?.tradeoffs, ['tradeoffs']);
/** The open questions of a decision or capability. */
export const questionsOf = (a, item) => resolve(a, item?.open_questions, ['open_questions', 'questions']);

/** Every open question of the assessment: blocking first. */
export const openQuestions = (a) => resolve(a, a?.open_questions, ['questions']);

/** Every trade-off any decision accepts, once, with the decisions that accept it. */
export function allTradeoffs(a) {
  const byId = new Map();
  for (const d of decisions(a)) {
    for (const x of tradeoffsOf(a, d)) {
      const key = x.id ?? x.title;
      if (!byId.has(key)) byId.set(key, { ...x, decisions: [] });
      byId.get(key).decisions.push(d.id);
    }
  }
  return [...byId.values()];
}

/** The answers, by input id. */
export function answersById(a) {
  if (!a) return new Map();
  let byKey = indexes.get(a);
  if (!byKey) indexes.set(a, (byKey = new Map()));
  if (!byKey.has('\u0000answers')) byKey.set('\u0000answers', new Map((a?.answers ?? []).map((x) => [x.input, x])));
  return byKey.get('\u0000answers');
}

/** Whether an answer is assumed (left out: a default or derived from other answers). */
export function isAssumed(answer) {
  if (!answer) return false;
  if (typeof answer.assumed === 'boolean') return answer.assumed;
  return answer.source === 'default' || answer.source === 'derived';
}

/** Whether an answer is "I don't know". */
export const isUnknown = (answer) => answer?.source === 'unknown';

/** `open` or `decided`. */
export const statusOf = (item) => (item?.status === 'open' ? 'open' : 'decided');

/** The one-step changes of a given answer that change the outcome. */
export const closeCallsOf = (item) => item?.close_call ?? EMPTY;

/** The options (or verdicts) an open decision can still get. */
export const possibleOf = (item) => item?.possible ?? EMPTY;

/** The questions worth answering next. */
export const nextQuestions = (a) => a?.next_questions ?? EMPTY;

/**
 * The assumed answers a decision rests on: inputs left out whose other answer
 * alone would change the recommendation (a flip of one assumed answer).
 */
export function assumptionsOf(a, d) {
  const answers = answersById(a);
  const inputs = new Set();
  for (const flip of d?.flips ?? EMPTY) {
    if (flip.changes?.length === 1 && isAssumed(answers.get(flip.changes[0].input))) inputs.add(flip.changes[0].input);
  }
  return [...inputs];
}

/** The markers of a decision: open, rests on an assumption, close call (none: decided). */
export function markersOf(a, d) {
  const markers = [];
  if (statusOf(d) === 'open') markers.push('open');
  if (assumptionsOf(a, d).length) markers.push('assumed');
  if (closeCallsOf(d).length) markers.push('close');
  return markers;
}

/**
 * The decisions grouped by area, in the KB's reading order: [{id, title,
 * help, decisions: [decision objects]}]; decisions in no area come last, in
 * an area without a title.
 */
export function areasOf(a, otherTitle = '') {
  const byId = new Map(decisions(a).map((d) => [d.id, d]));
  const placed = new Set();
  const areas = [];
  for (const area of a?.areas ?? EMPTY) {
    const list = (area.decisions ?? []).map((id) => byId.get(id)).filter(Boolean);
    for (const d of list) placed.add(d.id);
    if (list.length) areas.push({ id: area.id, title: area.title, help: area.help, decisions: list });
  }
  const rest = decisions(a).filter((d) => !placed.has(d.id));
  if (rest.length) areas.push({ id: '', title: areas.length ? otherTitle : '', decisions: rest });
  return areas;
}

/** The Layer 2 capabilities for one verdict, the ones to do now in their order. */
export function byVerdict(a, verdict) {
  const list = capabilities(a).filter((c) => c.verdict === verdict);
  return verdict === 'now' ? [...list].sort((x, y) => (x.rank ?? 99) - (y.rank ?? 99)) : list;
}

/**
 * The number a knowledge base gives an open question ("Q28"), which its texts
 * cite; null for a question without one (one made from a "Don't know").
 */
export function questionNumber(q) {
  return /^q\d+$/i.test(q?.id ?? '') ? q.id.toUpperCase() : null;
}
