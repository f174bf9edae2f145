import { type TFunction } from 'i18next';

/** The limits a field was given, for the message that names them. */
export interface FieldLimits {
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  /** Exactly this many digits (a national number, a user's 12-digit id). */
  readonly digits?: number;
}

/**
 * What the browser's constraint validation found wrong with a field, in the app's language: the
 * browser's own bubbles speak the browser's language, whatever the page's (issue 11). Undefined
 * when the field is valid. `validity`: the field's ValidityState (React Aria's validationDetails).
 */
export function fieldProblem(t: TFunction, validity: Partial<ValidityState>, limits: FieldLimits = {}): string | undefined {
  if (validity.valid) return undefined;
  if (validity.valueMissing) return t('validation.required');
  if ((validity.rangeUnderflow || validity.rangeOverflow || validity.stepMismatch) && limits.min !== undefined && limits.max !== undefined) {
    return t('validation.range', { min: limits.min, max: limits.max });
  }
  if (validity.typeMismatch) return t('validation.email');
  if (validity.patternMismatch && limits.digits !== undefined) return t('validation.digits', { digits: limits.digits });
  if (validity.tooLong && limits.maxLength !== undefined) return t('validation.tooLong', { max: limits.maxLength });
  return t('validation.invalid');
}

/** The flags of a field's live ValidityState as they are now (the browser changes the live one as the field does). */
export function validityNow(validity: ValidityState): Partial<ValidityState> {
  const { valid, valueMissing, rangeUnderflow, rangeOverflow, stepMismatch, typeMismatch, tooLong, patternMismatch, badInput } = validity;
  return { valid, valueMissing, rangeUnderflow, rangeOverflow, stepMismatch, typeMismatch, tooLong, patternMismatch, badInput };
}
