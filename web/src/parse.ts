// Parsers of the node's JSON answers (docs/api/openapi.yaml, components.schemas),
// one module per area under parse/, re-exported here so that pages import them
// from one place. Each checks what the dashboard reads and returns a typed
// value or the first thing that is wrong, named by its JSON path
// ("items[3].id: not a string"): a page then shows "the node's answer is
// malformed, here" instead of drawing nonsense. Members the dashboard does not
// read are not checked, so the node may add members without breaking the page.
// No DOM: tested under vitest.
//
// parse/shape.ts        the shape checks and `parser()`
// parse/reports.ts      reports, their envelopes, the submit receipt, statistics
// parse/assessment.ts   a report's severity breakdown and norms evaluation
// parse/norms.ts        the norms catalogue
// parse/directory.ts    points of contact and parties
// parse/cases.ts        cases, case statistics, standing
// parse/log.ts          inclusion proofs and transparency reports

export * from './parse/reports';
export * from './parse/assessment';
export * from './parse/norms';
export * from './parse/directory';
export * from './parse/cases';
export * from './parse/log';
