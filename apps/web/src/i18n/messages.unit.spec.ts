import { createInstance } from 'i18next';
import { actorRoles } from '@prestaflow/contracts';
import { languages, messages, resourcesOf } from './i18n';
import { formatDate, formatInstant } from './format';

/** Every leaf key of a nested message object, dotted ("worker.nav.history"). */
const keysOf = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`)));

const valueAt = (tree: object, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);

describe('web app texts (issue 11: FR/NL/DE/EN for every screen)', () => {
  const reference = keysOf(resourcesOf('en')).sort();

  it.each(languages)('%s has every key of the others, none empty, the same {{placeholders}}', (language) => {
    const resources = resourcesOf(language);
    expect(keysOf(resources).sort()).toEqual(reference);
    for (const key of reference) {
      const text = valueAt(resources, key) as string;
      expect(text.trim()).not.toBe('');
      const placeholders = (value: string) => (value.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect([key, placeholders(text)]).toEqual([key, placeholders(valueAt(resourcesOf('en'), key) as string)]);
    }
  });

  it.each([
    ['fr', '1 prestation', '3 prestations'],
    ['nl', '1 prestatie', '3 prestaties'],
    ['de', '1 Leistung', '3 Leistungen'],
    ['en', '1 prestation', '3 prestations'],
  ] as const)('%s counts the company\'s prestations in the singular and the plural', async (language, one, three) => {
    const i18n = createInstance();
    await i18n.init({ lng: language, resources: { [language]: { translation: resourcesOf(language) } } });
    expect([i18n.t('company.total', { count: 1 }), i18n.t('company.total', { count: 3 })]).toEqual([one, three]);
  });

  it('R12: the statuses come from the domain, the labels the API answers with', () => {
    expect(resourcesOf('fr').status.user['AWAITING_VALIDATION']).toBe('En attente de validation');
    expect(resourcesOf('nl').status.company['TO_VALIDATE_BY_WORKER']).toBe('Te valideren door de werknemer');
    expect(Object.keys(resourcesOf('de').status.colour)).toEqual(['BLUE', 'YELLOW', 'ORANGE', 'GREEN']);
    // Issue 11: the activities too, the very labels of the company's exports.
    expect(resourcesOf('nl').activities['IRONING']).toBe('Strijken');
  });

  it('the audit timeline names every actor role of the contracts (not its code)', () => {
    expect(Object.keys(messages.en.events.by).sort()).toEqual([...actorRoles].sort());
    expect(messages.fr.events.by.SYSTEM).toBe('par le système');
  });

  it('issue 11: the audit timeline names a company, worker or user with their role beside the name, in every language', () => {
    for (const language of languages) {
      const byName = resourcesOf(language).events.byName as Record<string, string>;
      expect([language, Object.keys(byName).sort()]).toEqual([language, ['COMPANY', 'USER', 'WORKER']]);
    }
    expect(messages.fr.events.byName.WORKER.replace('{{name}}', 'Aïcha')).toBe('par Aïcha (travailleur·euse)');
  });

  it.each(languages)('%s shows no rule code (R2, R15...) to people: those stay in the code', (language) => {
    const resources = resourcesOf(language);
    expect(reference.filter((key) => /\bR\d+\b/.test(valueAt(resources, key) as string))).toEqual([]);
  });

  it.each(languages)('%s: a status the company and the user both see has one wording (Confirmée, never Confirmé beside it)', (language) => {
    const { company, user } = resourcesOf(language).status;
    const shared = Object.keys(user).filter((status) => status in company);
    expect(shared).toEqual(['CONFIRMED', 'CANCELLED']);
    for (const status of shared) expect([status, company[status]]).toEqual([status, user[status]]);
  });

  it('French status labels agree with "la prestation" (feminine), as the user and colour labels do', () => {
    const labels = [...Object.values(resourcesOf('fr').status.company), ...Object.values(resourcesOf('fr').status.user)];
    expect(labels.filter((label) => /(Validé|Contesté|Confirmé|Annulé)(?!e)/.test(label))).toEqual([]);
  });

  it('a language missing a key is caught (the check above is not vacuous)', () => {
    const { worker: _dropped, ...incomplete } = messages.nl;
    expect(keysOf(incomplete).sort()).not.toEqual(keysOf(messages.en).sort());
  });
});

describe('dates and times in Brussels time, by locale', () => {
  it('shows an instant in Brussels time, summer and winter, whatever the machine zone', () => {
    expect(formatInstant('2025-06-17T21:59:00Z', 'fr')).toMatch(/23:59/);
    expect(formatInstant('2025-01-17T22:59:00Z', 'nl')).toMatch(/23:59/);
  });

  it('gives a service date its own day in each language', () => {
    expect(formatDate('2025-06-17', 'fr')).toBe('mardi 17 juin 2025');
    expect(formatDate('2025-06-17', 'de')).toBe('Dienstag, 17. Juni 2025');
  });
});
