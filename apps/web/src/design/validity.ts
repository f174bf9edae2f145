import { type TFunction } from 'i18next';
import { emailPattern, notBlankPattern } from '@prestaflow/contracts/schema';

/** The limits a field was given, for the message that names them. */
export interface FieldLimits {
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  /** Exactly this many digits (a national number, a user's 12-digit id). */
  readonly digits?: number;
  /** What the API's contract refuses in the value that the browser's own check lets through (`contractProblem`). */
  readonly contract?: ContractProblem;
}

/** A value the browser takes but the API refuses (ADR 0013): a text of blanks only, one too long, an e-mail address such as `a@b`. */
export type ContractProblem = 'blank' | 'tooLong' | 'email';

const emailAddress = new RegExp(emailPattern);
const notBlank = new RegExp(notBlankPattern);

/**
 * What the API's contract (the same patterns and limits, @prestaflow/contracts/schema) would
 * refuse in a field's value that the browser's constraint validation accepts, so that it is said
 * under the field before anything is sent, rather than come back as the server's 400. Longer than
 * `maxLength` characters (code points, as the API counts): refused rather than cut, as a
 * `maxlength` attribute silently cuts a pasted text (an e-mail address lost its end, and was
 * saved so). Undefined for an empty value (`required` speaks for that) or one the contract takes.
 */
export function contractProblem(kind: 'text' | 'email' | 'textarea', value: string, maxLength?: number): ContractProblem | undefined {
  if (value === '') return undefined;
  if (!notBlank.test(value)) return 'blank';
  if (maxLength !== undefined && [...value].length > maxLength) return 'tooLong';
  if (kind === 'email' && !emailAddress.test(value)) return 'email';
  return undefined;
}

/**
 * What the browser's constraint validation found wrong with a field, in the app's language: the
 * browser's own bubbles speak the browser's language, whatever the page's (issue 11). Undefined
 * when the field is valid. `validity`: the field's ValidityState (React Aria's validationDetails).
 */
export function fieldProblem(t: TFunction, validity: Partial<ValidityState>, limits: FieldLimits = {}): string | undefined {
  if (validity.valid) return undefined;
  if (validity.valueMissing) return t('validation.required');
  if (validity.customError && limits.contract) return limits.contract === 'tooLong' ? t('validation.tooLong', { max: limits.maxLength }) : t(`validation.${limits.contract}`);
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
  const { valid, valueMissing, rangeUnderflow, rangeOverflow, stepMismatch, typeMismatch, tooLong, patternMismatch, badInput, customError } = validity;
  return { valid, valueMissing, rangeUnderflow, rangeOverflow, stepMismatch, typeMismatch, tooLong, patternMismatch, badInput, customError };
}
