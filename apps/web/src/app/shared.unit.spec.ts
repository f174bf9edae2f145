import { errorReasons } from '@prestaflow/contracts';
import { ApiError, NetworkError } from '../api/client';
import i18next from 'i18next';
import { languages, messages, resourcesOf } from '../i18n/i18n';
import { errorHeadline } from './shared';

describe('errorHeadline: a refusal names the field in the person’s language (issue F3)', () => {
  it('"<field label>: <what is wrong>" when the gateway gives the field and a reason', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'fr', resources: { fr: { translation: resourcesOf('fr') } }, interpolation: { escapeValue: false } });
    const headline = (error: unknown) => errorHeadline(error, (key, values) => i18n.t(key, { ...values }), (key) => i18n.exists(key));
    expect(headline(new ApiError(400, 'VALIDATION', 'data.workerId: no worker "980000000099" is known', 'data.workerId', 'UNKNOWN_REFERENCE'))).toBe('Travailleur·euse : inconnu');
    expect(headline(new ApiError(400, 'VALIDATION', 'data.to: an absence lasts at most 92 days', 'data.to', 'PERIOD_TOO_LONG'))).toBe('Au : la période est trop longue');
    // With the bound the gateway gives, named (newcomer trial: "too long" left the household guessing).
    expect(headline(new ApiError(400, 'VALIDATION', 'data.to: an absence lasts at most 92 days', 'data.to', 'PERIOD_TOO_LONG', 92))).toBe('Au : la période est trop longue (92 jours au plus)');
    expect(headline(new ApiError(400, 'VALIDATION', 'data.reason: must be at most 2000 characters', 'data.reason', 'TOO_LONG', 2000))).toBe('Motif : trop long (2000 caractères au plus)');
    // What the form now refuses itself (a reason of blanks only, ADR 0013), should the service refuse it anyway.
    expect(headline(new ApiError(400, 'VALIDATION', 'data.reason: must not be blank', 'data.reason', 'BLANK'))).toBe('Motif : ne peut pas être vide');
    // A field without a reason: its label and the generic sentence; a header we have no label for: the generic sentence alone.
    expect(headline(new ApiError(400, 'VALIDATION', 'data.hours: must be a whole number', 'data.hours'))).toBe(`Heures : ${messages.fr.errors.VALIDATION}`);
    expect(headline(new ApiError(400, 'VALIDATION', 'Idempotency-Key: is required', 'Idempotency-Key'))).toBe(messages.fr.errors.VALIDATION);
    // An overlapping absence is its own conflict, not "the prestation changed".
    expect(headline(new ApiError(409, 'ILLEGAL_STATE', 'overlaps the absence already declared from 2043-06-01 to 2043-06-05', undefined, 'ABSENCE_OVERLAP'))).toBe(messages.fr.errors.reasons.ABSENCE_OVERLAP);
    expect(headline(new ApiError(409, 'ILLEGAL_STATE', 'cannot validate in state WorkerValidated'))).toBe(messages.fr.errors.ILLEGAL_STATE);
    expect(headline(new NetworkError('Failed to fetch'))).toBe(messages.fr.errors.NETWORK);
  });

  it.each(languages)('%s has a text for every reason the gateway may send, and for each bound it may give', (language) => {
    expect(Object.keys(messages[language].errors.reasons).sort()).toEqual([...errorReasons].sort());
    expect(Object.keys(messages[language].errors.limits).sort()).toEqual(['PERIOD_TOO_LONG', 'TOO_FAR_AHEAD', 'TOO_LONG']);
    for (const text of Object.values(messages[language].errors.limits)) expect(text).toContain('{{limit}}');
  });
});
