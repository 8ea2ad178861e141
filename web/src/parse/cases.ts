// Parsers of the compliance answers: GET /v1/cases, GET /v1/cases/statistics
// and GET /v1/standing (each state party's standing).

import type { Parser } from '../api';
import { array, boolean, integer, object, optionalString, parser, string, strings } from './shape';

/** A case's public form (schema Case), the parts the dashboard lists. */
export interface Case {
  id: string;
  stage: string;
  filer_kind: string;
  filer_state?: string;
  accused_state: string;
  filed_at: string;
  exercise: boolean;
  reports: string[];
  findings: number;
}

export const parseCaseList: Parser<Case[]> = parser('cases', (body) => {
  const fields = object(body, 'body');
  return array(fields['items'], 'items').map((raw, i) => {
    const path = `items[${i}]`;
    const item = object(raw, path);
    const parties = object(item['parties'], `${path}.parties`);
    const result: Case = {
      id: string(item['id'], `${path}.id`),
      stage: string(item['stage'], `${path}.stage`),
      filer_kind: string(parties['filer_kind'], `${path}.parties.filer_kind`),
      accused_state: string(parties['accused_state'], `${path}.parties.accused_state`),
      filed_at: string(item['filed_at'], `${path}.filed_at`),
      exercise: boolean(item['exercise'], `${path}.exercise`),
      reports: strings(item['reports'], `${path}.reports`),
      findings: array(item['findings'], `${path}.findings`).length,
    };
    const filerState = optionalString(parties['filer_state'], `${path}.parties.filer_state`);
    if (filerState !== undefined) result.filer_state = filerState;
    return result;
  });
});

/** GET /v1/cases/statistics (schema CaseStatistics). */
export interface CaseStatistics {
  cases: number;
  attrition: { stage: string; reason: string; cases: number }[];
}

export const parseCaseStatistics: Parser<CaseStatistics> = parser('case statistics', (body) => {
  const fields = object(body, 'body');
  return {
    cases: integer(fields['cases'], 'cases'),
    attrition: array(fields['attrition'], 'attrition').map((raw, i) => {
      const item = object(raw, `attrition[${i}]`);
      return {
        stage: string(item['stage'], `attrition[${i}].stage`),
        reason: string(item['reason'], `attrition[${i}].reason`),
        cases: integer(item['cases'], `attrition[${i}].cases`),
      };
    }),
  };
});

/** One state's standing (schema StandingItem), the parts shown. */
export interface Standing {
  state: string;
  name: string;
  standing: string;
  open_cases: number;
  violation_findings: number;
}

export interface StandingList {
  as_of: string;
  items: Standing[];
}

export const parseStandingList: Parser<StandingList> = parser('standing', (body) => {
  const fields = object(body, 'body');
  return {
    as_of: string(fields['as_of'], 'as_of'),
    items: array(fields['items'], 'items').map((raw, i) => {
      const path = `items[${i}]`;
      const item = object(raw, path);
      return {
        state: string(item['state'], `${path}.state`),
        name: string(item['name'], `${path}.name`),
        standing: string(item['standing'], `${path}.standing`),
        open_cases: integer(item['open_cases'], `${path}.open_cases`),
        violation_findings: integer(item['violation_findings'], `${path}.violation_findings`),
      };
    }),
  };
});
