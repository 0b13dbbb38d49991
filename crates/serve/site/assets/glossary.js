// The glossary: the few words a reader of the results may not know, in both
// languages, and links to them from where they appear.

import { h } from './dom.js';
import { lang, t } from './i18n.js';

const TERMS = {
  en: [
    ['layer0', 'Layer 0', 'What the organisation wants and must respect, before any tool is named: its goals, requirements, principles and hard constraints. Every choice traces back to it.'],
    ['layer1', 'Layer 1', 'The platform decisions: one choice for each building block (Kubernetes, network, delivery, security, data, observability), made from your answers and traced to Layer 0.'],
    ['layer2', 'Layer 2', 'Advanced capabilities on top of Layer 1, such as a service mesh or chaos engineering. Each gets a verdict: do it now, later, or skip it. Take them on one at a time.'],
    ['tradeoff', 'Trade-off', 'A choice that favours one goal or principle over another, on purpose. The results say what is given up and why it is accepted.'],
    ['flip', 'What would change it', 'The smallest change of your answers that would make another option the recommendation. It shows how firm a choice is.'],
    ['blocking', 'Blocking question', 'An open question that must be answered before a decision can be relied on. Until then the results assume an answer and say which.'],
    ['assumption', 'Assumption', 'An answer you did not give: kompas uses the usual answer of the knowledge base (or one that follows from your other answers). A choice that rests on an assumption can change once you answer.'],
    ['open', 'Open decision', 'A decision that depends on a question you answered with “Don’t know”. The results list each option it can still become and the answers that lead to it.'],
    ['close', 'Close call', 'A decision that changes with a one-step change of an answer you gave, such as one more person in the team. Worth checking that answer.'],
  ],
  nl: [
    ['layer0', 'Layer 0', 'Wat de organisatie wil en moet respecteren, voordat er een tool genoemd wordt: haar doelen, eisen, principes en harde randvoorwaarden. Elke keuze is daarop terug te voeren.'],
    ['layer1', 'Layer 1', 'De platformbeslissingen: één keuze voor elke bouwsteen (Kubernetes, netwerk, delivery, beveiliging, data, observability), gemaakt op basis van je antwoorden en herleid tot Layer 0.'],
    ['layer2', 'Layer 2', 'Geavanceerde capabilities bovenop Layer 1, zoals een service mesh of chaos engineering. Elk krijgt een oordeel: nu doen, later, of overslaan. Pak ze één voor één op.'],
    ['tradeoff', 'Afweging', 'Een keuze die bewust één doel of principe laat voorgaan op een ander. De resultaten zeggen wat je opgeeft en waarom dat aanvaardbaar is.'],
    ['flip', 'Wat het zou veranderen', 'De kleinste wijziging van je antwoorden waardoor een andere optie het advies wordt. Zo zie je hoe vast een keuze staat.'],
    ['blocking', 'Blokkerende vraag', 'Een open vraag die beantwoord moet zijn voordat je op een beslissing kunt bouwen. Tot dan gaan de resultaten uit van een antwoord en zeggen ze welk.'],
    ['assumption', 'Aanname', 'Een antwoord dat je niet gaf: kompas gebruikt het gangbare antwoord van de kennisbank (of een antwoord dat volgt uit je andere antwoorden). Een keuze die op een aanname rust, kan veranderen zodra je antwoordt.'],
    ['open', 'Open beslissing', 'Een beslissing die afhangt van een vraag die je met ‘Weet ik niet’ beantwoordde. De resultaten noemen elke optie die het nog kan worden en de antwoorden die ertoe leiden.'],
    ['close', 'Nipte beslissing', 'Een beslissing die verandert bij een kleine wijziging van een antwoord dat je gaf, zoals één persoon meer in het team. Controleer dat antwoord.'],
  ],
};

/** The id of a glossary entry's element. */
export const termId = (key) => `glossary-${key}`;

/** The term's name in the interface language. */
export function termName(key) {
  return (TERMS[lang()] ?? TERMS.en).find(([k]) => k === key)?.[1] ?? key;
}

/** A link to a glossary entry with `text` (default: the term itself). */
export function term(key, text = termName(key)) {
  return h('a', { class: 'term', href: `#${termId(key)}` }, text);
}

/**
 * A sentence with glossary links: `{layer0}` in `text` becomes a link named
 * after the term; `{layer2|capabilities}` a link with the text after the bar.
 */
export function withTerms(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/\{([a-z0-9]+)(?:\|([^}]*))?\}/g)) {
    parts.push(text.slice(last, match.index));
    parts.push(term(match[1], match[2] || undefined));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** The glossary section of the results. */
export function glossarySection() {
  return h('section', { class: 'glossary', id: 'glossary', 'aria-labelledby': 'glossary-title' },
    h('h2', { id: 'glossary-title' }, t('glossary')),
    h('dl', { class: 'glossary-list' }, (TERMS[lang()] ?? TERMS.en).map(([key, name, text]) => [
      h('dt', { id: termId(key), tabindex: '-1' }, name),
      h('dd', null, text),
    ])));
}

/** The glossary as a plain list (for the printed report: no ids, no links). */
export function glossaryList() {
  return h('dl', { class: 'glossary-list' }, (TERMS[lang()] ?? TERMS.en).map(([, name, text]) => [h('dt', null, name), h('dd', null, text)]));
}
