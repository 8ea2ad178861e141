// Parsers of the directory's public answers: GET /v1/contacts (points of
// contact) and GET /v1/parties.

import type { Parser } from '../api';
import { array, object, optionalString, parser, string, strings } from './shape';

/** One point of contact's public part (schema PointOfContact). */
export interface Contact {
  party: string;
  organisation: string;
  role: string;
  languages: string[];
  hours: string;
  updated_at: string;
}

export const parseContactList: Parser<Contact[]> = parser('contacts', (body) => {
  const fields = object(body, 'body');
  return array(fields['items'], 'items').map((raw, i) => {
    const path = `items[${i}]`;
    const item = object(raw, path);
    const part = object(item['public'], `${path}.public`);
    return {
      party: string(item['party'], `${path}.party`),
      organisation: string(part['organisation'], `${path}.public.organisation`),
      role: string(part['role'], `${path}.public.role`),
      languages: strings(part['languages'], `${path}.public.languages`),
      hours: string(part['hours'], `${path}.public.hours`),
      updated_at: string(item['updated_at'], `${path}.updated_at`),
    };
  });
});

/** One party of the directory (schema Party), the public part. */
export interface Party {
  id: string;
  kind: string;
  name: string;
  state?: string;
  status: string;
}

export const parsePartyList: Parser<Party[]> = parser('parties', (body) => {
  const fields = object(body, 'body');
  return array(fields['items'], 'items').map((raw, i) => {
    const path = `items[${i}]`;
    const item = object(raw, path);
    const party: Party = {
      id: string(item['id'], `${path}.id`),
      kind: string(item['kind'], `${path}.kind`),
      name: string(item['name'], `${path}.name`),
      status: string(item['status'], `${path}.status`),
    };
    const state = optionalString(item['state'], `${path}.state`);
    if (state !== undefined) party.state = state;
    return party;
  });
});
