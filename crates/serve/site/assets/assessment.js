// The one place the site reads the assessment as the API sends it. The API's
// default view, `full`, writes open questions, trade-offs and Layer 0 items
// once and refers to them by id from decisions and capabilities; expand()
// puts each back where it is referred to, so the rest of the site reads the
// assessment in its expanded shape.

const byId = (list) => new Map((list ?? []).map((x) => [x.id, x]));

export function expand(a) {
  if (!a || a.view !== 'full') return a;
  const layer0 = byId(a.layer0);
  const questions = byId(a.open_questions);
  const traces = (ids) => (ids ?? []).map((id) => layer0.get(id) ?? { id, kind: 'requirement', title: id });
  const asked = (ids) => (ids ?? []).map((id) => questions.get(id)).filter(Boolean);
  const tradeoffs = new Map((a.tradeoffs ?? []).map((x) => [x.id, { ...x, favours: traces(x.favours), over: traces(x.over) }]));
  const alternative = (alt) => (alt.superseded
    ? { ...alt, superseded: { ...alt.superseded, principles: traces(alt.superseded.principles) } }
    : alt);
  const decisions = (a.decisions ?? []).map((d) => ({
    ...d,
    traces_to: traces(d.traces_to),
    tradeoffs: (d.tradeoffs ?? []).map((id) => tradeoffs.get(id)).filter(Boolean),
    open_questions: asked(d.open_questions),
    alternatives: (d.alternatives ?? []).map(alternative),
  }));
  const layer2 = (a.layer2 ?? []).map((c) => ({ ...c, traces_to: traces(c.traces_to), open_questions: asked(c.open_questions) }));
  const { view, layer0: _l0, tradeoffs: _t, ...rest } = a;
  return { ...rest, decisions, layer2 };
}
