// The points-of-contact directory ("#/contacts"): the public part of each
// party's point of contact (GET /v1/contacts), with the party's name and
// state from the directory of parties (GET /v1/parties). The restricted part
// (names, phone, e-mail) is never shown here, even to a reader who could get
// it. `contactsView` is pure and tested.

import { fetchContacts, fetchParties } from './api';
import { h, markReady, pageSection, showError, table } from './dom';
import { codeLabel, formatDateTime, plural } from './format';
import type { PageInstance } from './page';
import type { Contact, Party } from './parse';

export interface ContactRow {
  party: string;
  partyName: string;
  state: string;
  kind: string;
  organisation: string;
  role: string;
  languages: string;
  hours: string;
  updated: string;
}

/** The directory's rows, by state then party name (parties without a state last). */
export function contactsView(contacts: Contact[], parties: Party[] = []): { count: string; rows: ContactRow[] } {
  const byId = new Map(parties.map((party) => [party.id, party]));
  const rows = contacts.map((contact): ContactRow => {
    const party = byId.get(contact.party);
    return {
      party: contact.party,
      partyName: party?.name ?? contact.party,
      state: party?.state ?? '—',
      kind: party === undefined ? '—' : codeLabel(party.kind),
      organisation: contact.organisation,
      role: contact.role,
      languages: contact.languages.join(', '),
      hours: contact.hours,
      updated: formatDateTime(contact.updated_at),
    };
  });
  rows.sort((a, b) => {
    const noStateA = a.state === '—' ? 1 : 0;
    const noStateB = b.state === '—' ? 1 : 0;
    return noStateA - noStateB || a.state.localeCompare(b.state) || a.partyName.localeCompare(b.partyName);
  });
  return { count: plural(rows.length, 'point of contact', 'points of contact'), rows };
}

export function mountContacts(): PageInstance {
  const section = pageSection(
    'contacts',
    'Contacts',
    'The points of contact of the parties, public part: who answers for each party, in which languages and when.',
  );
  let gone = false;
  void (async () => {
    const [contacts, parties] = await Promise.all([fetchContacts(), fetchParties()]);
    if (gone) return;
    if (!contacts.ok) {
      showError(section, 'The directory could not be loaded.', contacts.reason);
      return;
    }
    const view = contactsView(contacts.value, parties.ok ? parties.value : []);
    section.append(
      h('p', { class: 'summary' }, `${view.count}.`),
      table({
        name: 'contacts',
        caption: 'Points of contact',
        captionHidden: true,
        headers: ['Party', 'State', 'Kind', 'Organisation', 'Role', 'Languages', 'Hours', 'Updated'],
        rows: view.rows.map((row) => ({
          cells: [row.partyName, row.state, row.kind, row.organisation, row.role, row.languages, row.hours, row.updated],
          attributes: { 'data-party-id': row.party },
        })),
        empty: 'No party has published a point of contact yet.',
      }),
    );
    markReady(section);
  })();
  return {
    section,
    destroy: () => {
      gone = true;
    },
  };
}
