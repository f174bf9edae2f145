import { emailPattern, idSchema, regions, ValidationError, type Region } from '@prestaflow/contracts';
import { type Language } from '@prestaflow/domain';

/** Who the platform knows, as the import files and the gateway describe them. */
/** The languages of the worker app and of every label (domain statuses). */
export const languages: readonly Language[] = ['fr', 'nl', 'de', 'en'];

export interface Company {
  readonly companyId: string;
  readonly name: string;
  readonly region: Region;
  readonly language: Language;
  readonly email: string | null;
}

export interface Worker {
  readonly workerId: string;
  readonly name: string;
  readonly language: Language;
  readonly email: string | null;
  readonly appInstalled: boolean;
  /** A worker can work for several companies. */
  readonly companyIds: readonly string[];
}

export interface User {
  readonly userId: string;
  readonly name: string;
  readonly language: Language;
  readonly email: string | null;
}

type Fields = Readonly<Record<string, string | undefined>>;

function text(fields: Fields, name: string): string {
  const value = fields[name]?.trim();
  if (!value) throw new ValidationError(name, 'is required');
  return value;
}

/** A company id as the event contracts take it (at most 100 characters), or a ValidationError naming the column. */
function companyId(value: string, name: string): string {
  if (value.length > idSchema.maxLength) throw new ValidationError(name, `"${value.slice(0, 20)}..." is longer than ${idSchema.maxLength} characters`);
  return value;
}

function oneOf<T extends string>(fields: Fields, name: string, allowed: readonly T[], normalise: (value: string) => string): T {
  const value = normalise(text(fields, name));
  if (!(allowed as readonly string[]).includes(value)) throw new ValidationError(name, `"${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

const emailAddress = new RegExp(emailPattern);

function optionalEmail(fields: Fields, name: string): string | null {
  const value = fields[name]?.trim();
  if (!value) return null;
  if (!emailAddress.test(value)) throw new ValidationError(name, `"${value}" is not an e-mail address`);
  return value.toLowerCase();
}

/** Worker and user identifiers are 12 digits (national register style). */
function twelveDigits(fields: Fields, name: string): string {
  const value = text(fields, name);
  if (!/^\d{12}$/.test(value)) throw new ValidationError(name, `"${value}" is not 12 digits`);
  return value;
}

function yesNo(fields: Fields, name: string): boolean {
  const value = text(fields, name).toLowerCase();
  if (['yes', 'true', '1'].includes(value)) return true;
  if (['no', 'false', '0'].includes(value)) return false;
  throw new ValidationError(name, `"${value}" is not yes or no`);
}

const language = (fields: Fields) => oneOf(fields, 'language', languages, (value) => value.toLowerCase());

export function parseCompany(fields: Fields): Company {
  return {
    companyId: companyId(text(fields, 'company_id'), 'company_id'),
    name: text(fields, 'name'),
    region: oneOf(fields, 'region', regions, (value) => value.toUpperCase()),
    language: language(fields),
    email: optionalEmail(fields, 'email'),
  };
}

export function parseWorker(fields: Fields): Worker {
  const companyIds = text(fields, 'company_ids')
    .split(';')
    .map((id) => id.trim())
    .filter(Boolean)
    .map((id) => companyId(id, 'company_ids'));
  return {
    workerId: twelveDigits(fields, 'worker_id'),
    name: text(fields, 'name'),
    language: language(fields),
    email: optionalEmail(fields, 'email'),
    appInstalled: yesNo(fields, 'app_installed'),
    companyIds: [...new Set(companyIds)],
  };
}

export function parseUser(fields: Fields): User {
  return {
    userId: twelveDigits(fields, 'user_id'),
    name: text(fields, 'name'),
    language: language(fields),
    email: optionalEmail(fields, 'email'),
  };
}
