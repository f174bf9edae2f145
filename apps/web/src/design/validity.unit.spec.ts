import { createInstance } from 'i18next';
import { resourcesOf } from '../i18n/i18n';
import { contractProblem, fieldProblem } from './validity';

/** issue 11: a field the browser refuses says why in the app's language, with the limits it was given. */
describe('fieldProblem', () => {
  const translator = async (language: 'fr' | 'nl' | 'de' | 'en') => {
    const i18n = createInstance();
    await i18n.init({ lng: language, resources: { [language]: { translation: resourcesOf(language) } } });
    return i18n.t;
  };

  it('says nothing of a valid field', async () => {
    expect(fieldProblem(await translator('fr'), { valid: true })).toBeUndefined();
  });

  it.each([
    ['fr', 'Ce champ est obligatoire.', 'Indiquez un nombre entier de 1 à 9.', '2000 caractères au plus.'],
    ['nl', 'Dit veld is verplicht.', 'Geef een geheel getal van 1 tot 9.', 'Ten hoogste 2000 tekens.'],
    ['de', 'Dieses Feld ist erforderlich.', 'Geben Sie eine ganze Zahl von 1 bis 9 ein.', 'Höchstens 2000 Zeichen.'],
    ['en', 'This field is required.', 'Enter a whole number from 1 to 9.', 'At most 2000 characters.'],
  ] as const)('%s: a missing value, a number out of range or not whole, a text too long', async (language, missing, range, tooLong) => {
    const t = await translator(language);
    expect(fieldProblem(t, { valid: false, valueMissing: true })).toBe(missing);
    expect(fieldProblem(t, { valid: false, rangeOverflow: true }, { min: 1, max: 9 })).toBe(range);
    expect(fieldProblem(t, { valid: false, stepMismatch: true }, { min: 1, max: 9 })).toBe(range);
    expect(fieldProblem(t, { valid: false, tooLong: true }, { maxLength: 2000 })).toBe(tooLong);
  });

  it('names what an e-mail address looks like, how many digits an id has, and falls back to a general text', async () => {
    const t = await translator('fr');
    expect(fieldProblem(t, { valid: false, typeMismatch: true })).toBe('Indiquez une adresse e-mail, par exemple nom@exemple.be.');
    expect(fieldProblem(t, { valid: false, patternMismatch: true }, { digits: 12 })).toBe('Indiquez exactement 12 chiffres.');
    expect(fieldProblem(t, { valid: false, badInput: true })).toBe('Cette valeur n’est pas valable.');
  });

  it.each([
    ['fr', 'Écrivez autre chose que des espaces.'],
    ['nl', 'Schrijf iets anders dan spaties.'],
    ['de', 'Schreiben Sie etwas anderes als Leerzeichen.'],
    ['en', 'Write something other than spaces.'],
  ] as const)('%s: what the API refuses and the browser takes is named under the field (ADR 0013)', async (language, blank) => {
    const t = await translator(language);
    expect(fieldProblem(t, { valid: false, customError: true }, { contract: 'blank' })).toBe(blank);
    expect(fieldProblem(t, { valid: false, customError: true }, { contract: 'email' })).toBe(t('validation.email'));
    expect(fieldProblem(t, { valid: false, customError: true }, { contract: 'tooLong', maxLength: 254 })).toBe(t('validation.tooLong', { max: 254 }));
  });
});

/** ADR 0013: the contract's own patterns, so the app refuses before sending what the API would refuse. */
describe('contractProblem', () => {
  it('refuses a text of blanks only, invisible ones included, as the services do', () => {
    for (const blank of [' ', '  \n\t', '\u200b \ufeff', '\u2060']) expect(contractProblem('textarea', blank)).toBe('blank');
    expect(contractProblem('text', ' x ')).toBeUndefined();
  });

  it('refuses an e-mail address the API would refuse though the browser takes it (a@b), and takes a real one', () => {
    expect(contractProblem('email', 'a@b')).toBe('email');
    expect(contractProblem('email', 'a..b@example.be')).toBe('email');
    expect(contractProblem('email', 'marie.dupont@example.be')).toBeUndefined();
    expect(contractProblem('text', 'a@b')).toBeUndefined();
  });

  it('refuses a text longer than the API takes, counted in characters as the API counts them, rather than cut it', () => {
    const address = `${'d'.repeat(250)}@example.be`;
    expect(contractProblem('email', address, 254)).toBe('tooLong');
    expect(contractProblem('textarea', 'x'.repeat(2001), 2000)).toBe('tooLong');
    expect(contractProblem('textarea', 'x'.repeat(2000), 2000)).toBeUndefined();
    // An emoji is one character to the API, two UTF-16 units to JavaScript.
    expect(contractProblem('textarea', '😀'.repeat(2000), 2000)).toBeUndefined();
  });

  it('leaves an empty value to `required`', () => {
    expect(contractProblem('email', '')).toBeUndefined();
    expect(contractProblem('textarea', '')).toBeUndefined();
  });
});
