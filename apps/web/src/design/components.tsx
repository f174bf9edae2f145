import { type ButtonHTMLAttributes, type InvalidEvent, lazy, type ReactNode, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { emailSchema, textSchema } from '@prestaflow/contracts/schema';
import { type CompanyStatus, type UserStatus } from '@prestaflow/domain/status-labels';
import { onLinkClick } from '../app/router';
import { localeOf } from '../i18n/format';
import { type Language } from '../i18n/i18n';
import { contractProblem, type FieldLimits, fieldProblem, validityNow } from './validity';

// Their own chunks: the worker's dashboard, the first screen, has no date to enter, no person to pick.
const LocalDateField = lazy(() => import('./date-field'));
const ComboField = lazy(() => import('./combo-field'));

/** The design system's few components (ADR 0016); styles in tokens.css. */

/**
 * A button. `busy` while the request it sent is in flight: it stays focusable but says so
 * (aria-disabled, aria-busy, "Sending…" in the app's language) and a click does nothing, not even
 * submit its form, so a double click sends one request.
 */
export function Button({ variant = 'primary', className, busy = false, onClick, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger'; busy?: boolean }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={['button', variant === 'primary' ? '' : variant, className].filter(Boolean).join(' ')}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={(event) => (busy ? event.preventDefault() : onClick?.(event))}
      {...props}
    >
      {busy ? t('app.sending') : children}
    </button>
  );
}

export function Link({ to, children, current, className }: { to: string; children: ReactNode; current?: boolean; className?: string }) {
  return (
    <a href={`/app${to}`} onClick={(event) => onLinkClick(event, to)} aria-current={current ? 'page' : undefined} className={className}>
      {children}
    </a>
  );
}

type FieldProps = {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  name?: string;
} & (
  | { kind?: 'text' | 'email' | 'number'; min?: number; max?: number; maxLength?: number; digits?: number }
  | { kind: 'date' }
  | { kind: 'select'; options: readonly { value: string; label: string }[] }
  | { kind: 'textarea'; maxLength?: number }
  | { kind: 'combobox'; options: readonly { value: string; label: string }[]; onInputChange?: (text: string) => void; emptyText: string; placeholder?: string }
);

/**
 * A labelled input, select, text area, date (in the app's language) or combo box (a person picked
 * by name, combo-field.tsx); the hint is tied to it for screen readers. What the browser's own
 * check refuses when the form is sent (required, min/max, e-mail), and what the API's contract
 * would refuse though the browser takes it (blanks only, too long, an address such as a@b: ADR
 * 0013), is said under the field in the app's language, not in the browser's bubble, which speaks
 * the browser's (issue 11); the first such field gets the focus, and the text goes once the field
 * is changed.
 */
export function Field(props: FieldProps) {
  const id = useId();
  const { t, i18n } = useTranslation();
  // What the browser refused, kept as its flags: the text is made at each render, in the language shown then.
  const [refusal, setRefusal] = useState<Partial<ValidityState>>();
  const language = i18n.language as Language;
  if (props.kind === 'date' || props.kind === 'combobox')
    return (
      <Suspense fallback={<div className="field date-loading">{props.label}</div>}>
        {props.kind === 'date' ? <LocalDateField {...props} locale={localeOf(language)} /> : <ComboField {...props} locale={localeOf(language)} />}
      </Suspense>
    );
  // What the contract refuses in a text (blanks only, too long, an e-mail address such as a@b) is
  // the field's custom validity, so the browser stops the form on it as on its own checks.
  const limits: FieldLimits = props.kind === 'select' ? {} : textLimits(props);
  const problem = refusal && fieldProblem(t, refusal, limits);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  const refused = (event: InvalidEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
    event.preventDefault();
    setRefusal(validityNow(event.currentTarget.validity));
    if (event.currentTarget.form?.querySelector(':invalid') === event.currentTarget) event.currentTarget.focus();
  };
  const changed = (value: string) => {
    setRefusal(undefined);
    // An id of digits is often pasted grouped ("1000 0000 0001"): the spaces are not part of it.
    props.onChange(limits.digits === undefined ? value : value.replace(/\s/g, ''));
  };
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    'aria-describedby': [hintId, problemId].filter(Boolean).join(' ') || undefined,
    'aria-invalid': problem ? true : undefined,
    onInvalid: refused,
    ref: (element: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null) => {
      element?.setCustomValidity(limits.contract ? (fieldProblem(t, { valid: false, customError: true }, limits) ?? '') : '');
    },
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.kind === 'select' ? (
        <select {...common} onChange={(event) => changed(event.target.value)}>
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : props.kind === 'textarea' ? (
        <textarea {...common} rows={3} onChange={(event) => changed(event.target.value)} />
      ) : (
        <input
          {...common}
          type={props.kind ?? 'text'}
          min={limits.min}
          max={limits.max}
          {...(limits.digits === undefined ? {} : { pattern: `[0-9]{${limits.digits}}`, inputMode: 'numeric' as const })}
          onChange={(event) => changed(event.target.value)}
        />
      )}
      {props.hint && (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {problem && (
        <span className="field-error" id={problemId}>
          {problem}
        </span>
      )}
    </div>
  );
}

/**
 * A labelled file input (a CSV file to import): `onFile` gets the file chosen, or undefined. A
 * missing one is said under it in the app's language, as `Field` says its refusals.
 */
export function FileField(props: { label: string; accept: string; required?: boolean; onFile: (file: File | undefined) => void }) {
  const id = useId();
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<Partial<ValidityState>>();
  const problem = refusal && fieldProblem(t, refusal);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="file"
        accept={props.accept}
        required={props.required}
        aria-describedby={problem ? `${id}-problem` : undefined}
        aria-invalid={problem ? true : undefined}
        onInvalid={(event) => {
          event.preventDefault();
          setRefusal(validityNow(event.currentTarget.validity));
          event.currentTarget.focus();
        }}
        onChange={(event) => {
          setRefusal(undefined);
          props.onFile(event.target.files?.[0]);
        }}
      />
      {problem && (
        <span className="field-error" id={`${id}-problem`}>
          {problem}
        </span>
      )}
    </div>
  );
}

/**
 * A field's limits: a number's range, an id's digits, a text's most characters (the API's, from
 * the contracts' schemas, unless the caller says fewer) and what else its contract refuses.
 */
function textLimits(props: { kind?: 'text' | 'email' | 'number' | 'textarea'; value: string; min?: number; max?: number; maxLength?: number; digits?: number }): FieldLimits {
  if (props.kind === 'number') return { min: props.min, max: props.max };
  if (props.digits !== undefined) return { digits: props.digits };
  const maxLength = props.maxLength ?? { email: emailSchema.maxLength, textarea: textSchema.maxLength, text: undefined }[props.kind ?? 'text'];
  return { maxLength, contract: contractProblem(props.kind ?? 'text', props.value, maxLength) };
}

/** A message: `status` for news read politely, `alert` for errors. */
export function Notice({ tone, children }: { tone: 'success' | 'warning' | 'error'; children: ReactNode }) {
  return (
    <div className={`notice ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** attention: the one who reads it acts; waiting: another party does (the worker, for the company and the user). */
const tones: Record<CompanyStatus | UserStatus, 'attention' | 'waiting' | 'done' | 'stopped' | 'problem'> = {
  TO_VALIDATE_BY_COMPANY: 'attention',
  TO_VALIDATE_BY_WORKER: 'waiting',
  CONTESTED_BY_WORKER: 'problem',
  VALIDATED_BY_WORKER: 'done',
  VALIDATED_AUTOMATICALLY: 'done',
  VALIDATED_BY_COMPANY: 'done',
  CONTESTED_BY_USER: 'problem',
  CONFIRMED: 'done',
  CANCELLED: 'stopped',
  AWAITING_VALIDATION: 'waiting',
  TO_CONFIRM: 'attention',
  CONTESTED: 'problem',
};

/**
 * A status with its label in the language shown now and a tone beside the text. The label comes
 * from the status code (the API's very labels, bundled: @prestaflow/domain/status-labels, R12), not
 * from the answer's `statusLabel`, which stays in the language it was fetched in (issue 11).
 * `of`: whose view the status belongs to (the company's nine statuses or the user's five).
 */
export function StatusBadge({ of, status }: { of: 'company'; status: CompanyStatus } | { of: 'user'; status: UserStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${tones[status]}`} data-status={status}>
      {t(`status.${of}.${status}`)}
    </span>
  );
}

/** A data table; `busy` while its rows are being replaced (aria-busy: assistive technology waits for the new ones). */
export function Table({ caption, children, busy = false }: { caption: string; children: ReactNode; busy?: boolean }) {
  return (
    <div className="table-wrap">
      <table aria-busy={busy}>
        <caption className="skip">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
