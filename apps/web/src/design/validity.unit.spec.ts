import { createInstance } from 'i18next';
import { resourcesOf } from '../i18n/i18n';
import { fieldProblem } from './validity';

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
});
