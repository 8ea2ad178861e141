import { describe, expect, it } from 'vitest';
import { contactsView } from './contacts';
import { parseContactList, type Party } from './parse';

// A GET /v1/contacts answer in the documented shape (schema ContactList), with restricted parts
// that the directory must not show.
const ANSWER = {
  items: [
    {
      schema: 'accord.point-of-contact/1',
      party: 'party--22222222-2222-4222-8222-222222222222',
      public: { organisation: 'CERT-UA', role: 'national-cert', languages: ['uk', 'en'], hours: '24/7' },
      restricted: { phone: '+380441234567', names: ['Duty officer'] },
      updated_at: '2026-11-20T08:00:00Z',
    },
    {
      schema: 'accord.point-of-contact/1',
      party: 'party--11111111-1111-4111-8111-111111111111',
      public: { organisation: 'BSI', role: 'point-of-contact', languages: ['de', 'en'], hours: 'Mon-Fri 08-18 UTC' },
      updated_at: '2026-11-21T09:30:00Z',
    },
    {
      schema: 'accord.point-of-contact/1',
      party: 'party--33333333-3333-4333-8333-333333333333',
      public: { organisation: 'Grid Operator', role: 'soc', languages: ['en'], hours: '24/7' },
      updated_at: '2026-11-22T10:00:00Z',
    },
  ],
};

const PARTIES: Party[] = [
  { id: 'party--11111111-1111-4111-8111-111111111111', kind: 'state', name: 'Germany', state: 'DE', status: 'active' },
  { id: 'party--22222222-2222-4222-8222-222222222222', kind: 'state', name: 'Ukraine', state: 'UA', status: 'active' },
];

describe('contactsView', () => {
  const parsed = parseContactList(ANSWER);
  if (!parsed.ok) throw new Error(parsed.reason);

  it('lists each contact\'s public part with its party, by state, parties without a state last', () => {
    const view = contactsView(parsed.value, PARTIES);
    expect(view.count).toBe('3 points of contact');
    expect(view.rows.map((row) => [row.partyName, row.state, row.kind, row.organisation, row.languages, row.hours, row.updated])).toEqual([
      ['Germany', 'DE', 'State', 'BSI', 'de, en', 'Mon-Fri 08-18 UTC', '2026-11-21 09:30 UTC'],
      ['Ukraine', 'UA', 'State', 'CERT-UA', 'uk, en', '24/7', '2026-11-20 08:00 UTC'],
      ['party--33333333-3333-4333-8333-333333333333', '—', '—', 'Grid Operator', 'en', '24/7', '2026-11-22 10:00 UTC'],
    ]);
  });

  it('never carries the restricted part', () => {
    expect(JSON.stringify(contactsView(parsed.value, PARTIES))).not.toContain('+380441234567');
  });

  it('counts one point of contact in the singular, and none', () => {
    expect(contactsView(parsed.value.slice(0, 1)).count).toBe('1 point of contact');
    expect(contactsView([]).count).toBe('0 points of contact');
  });

  it('rejects an item without its public part, naming it', () => {
    expect(parseContactList({ items: [{ party: 'p', updated_at: 'x' }] })).toEqual({
      ok: false,
      reason: 'contacts: items[0].public: not a JSON object',
    });
  });
});
