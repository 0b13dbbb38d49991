// Plain words for what the engine says in structures: when an open decision's
// possible options apply, and what a close call would change, written with the
// knowledge base's statements of answers ("the team has no Calico expertise")
// and, where a statement is missing, the engine's own sentence. Shared by the
// results and the printed report.

import { t, tx } from './i18n.js';
import { joinAnd, statementOf, valueLabel } from './questionnaire.js';

/** A possible outcome's name: an option, or a Layer 2 verdict with its tool. */
export function possibleTitle(p) {
  if (p.title) return p.title;
  if (p.verdict) return `${t(`verdict_${p.verdict}`)}${p.tool?.title ? ` (${p.tool.title})` : ''}`;
  return p.option ?? '';
}

/**
 * When a possible option applies, in the KB's statements of answers ("if the
 * team already has Calico expertise"); the engine's sentence when a statement
 * is missing.
 */
export function whenText(p, ctx) {
  const words = conditionWords(p.when, ctx);
  if (words) return t('possible_when', words);
  const text = p.text ?? '';
  const title = possibleTitle(p);
  return title && text.startsWith(title) ? text.slice(title.length).trim() : text;
}

/** `when` (alternatives of conditions on answers) in statements, or null. */
function conditionWords(when, ctx) {
  if (!Array.isArray(when) || !when.length) return null;
  const alternatives = when.map((all) => {
    const parts = (all ?? []).map((c) => {
      const input = ctx.inputs.get(c.input);
      const template = input?.type === 'integer' ? tx(input.states?.n) : '';
      if (template && c.values_text) return template.replaceAll('{n}', c.values_text);
      const said = (c.values ?? []).map((v) => statementOf(input, v, c.input));
      return said.length && said.every(Boolean) ? [...new Set(said)].join(` ${t('or')} `) : null;
    });
    return parts.length && parts.every(Boolean) ? joinAnd(parts) : null;
  });
  return alternatives.every(Boolean) ? alternatives.join(`; ${t('or')} `) : null;
}

/**
 * A close call in words: "If 11 people build and run the platform (now: 10
 * people ...), it would be X."
 * @param {{input: string, from: unknown, to: unknown, option?: string, title?: string}} c
 * @param {{inputs: Map<string, object>, questionOf: (id: string) => string}} ctx
 */
export function closeCallText(c, ctx) {
  const input = ctx.inputs.get(c.input);
  const option = c.title || c.option || t('no_recommendation_short');
  const now = input?.type === 'integer' ? valueLabel(input, c.from) : statementOf(input, c.from, c.input);
  const then = statementOf(input, c.to, c.input);
  return now && then
    ? t('close_call_said', then, now, option)
    : t('close_call_text', ctx.questionOf(c.input), valueLabel(input, c.from), valueLabel(input, c.to), option);
}

/** An assumed answer in words: "Assumed: the team has no Calico expertise." */
export function assumedText(id, value, ctx) {
  const input = ctx.inputs.get(id);
  const said = statementOf(input, value, id);
  return said ? t('assumed_that', said) : `${ctx.questionOf(id)} ${valueLabel(input, value)}`;
}

/** A changed answer of a flip in words: the statement of the new answer, else the question and the answer. */
export function changeText(c, ctx) {
  if (c.text) return c.text;
  const input = ctx.inputs.get(c.input);
  const template = input?.type === 'integer' ? tx(input.states?.n) : '';
  if (template && c.to_text) return template.replaceAll('{n}', c.to_text);
  return statementOf(input, c.to, c.input) ?? `${ctx.questionOf(c.input)} ${valueLabel(input, c.to)}`;
}
