import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CalendarDate, endOfMonth, parseDate } from '@internationalized/date';
import { DateField, DateFieldStateContext, DateInput, DateSegment, FieldError, I18nProvider, Label, Text } from 'react-aria-components';
import { fieldProblem } from './validity';

export interface DateFieldProps {
  readonly label: string;
  readonly hint?: string;
  /** YYYY-MM-DD, or '' when empty. */
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly required?: boolean;
  readonly name?: string;
  /** The app's locale (fr-BE, nl-BE, de-BE, en-GB): the order and separators of day, month, year. */
  readonly locale: string;
}

/**
 * A calendar day in the app's language, not the browser's (issue 11): Chromium shows an
 * <input type="date"> in the browser's own locale whatever its `lang` says, so this is React
 * Aria's date field (day, month and year segments, typed or stepped with the arrow keys), loaded
 * on the screens that have one only.
 *
 * An impossible day (31/02/2026) is refused, not recorded as another: React Aria shows it as typed
 * and, on leaving the field, changes it to the month's last day, with no option to do otherwise.
 * So while the segments show an impossible day the field says so, and the change that follows
 * is not taken: the value becomes '' (a required field then stops the form) and the error stays
 * until another day is entered. A required field left empty says so in the app's language.
 *
 * A day, month or year cleared leaves React Aria's value at the day shown before, with no change
 * told: a form sent then would send that day. So the day is dropped as soon as a part is cleared
 * (React Aria then clears the other parts too): a required field stops the form and says so.
 */
export default function LocalDateField({ label, hint, value, onChange, required, name, locale }: DateFieldProps) {
  const { t } = useTranslation();
  const impossible = useRef<string | undefined>(undefined);
  const [refused, setRefused] = useState<string>();
  return (
    <I18nProvider locale={locale}>
      <DateField
        className="field"
        value={value ? parseDate(value) : null}
        onChange={(date) => {
          setRefused(impossible.current);
          onChange(date && !impossible.current ? date.toString() : '');
        }}
        isRequired={required}
        // Only when set: a false here would hide the field's own refusals (a required one left empty).
        isInvalid={refused !== undefined || undefined}
        name={name}
        shouldForceLeadingZeros
      >
        <Label className="field-label">{label}</Label>
        <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
        {hint && (
          <Text slot="description" className="hint">
            {hint}
          </Text>
        )}
        <ImpossibleDay seen={(typed) => {
            impossible.current = typed;
          }} refused={refused} />
        <PartialDay taken={value !== ''} drop={() => onChange('')} />
        <FieldError className="field-error">{({ validationDetails }) => (refused ? t('errors.impossibleDate', { date: refused }) : fieldProblem(t, validationDetails))}</FieldError>
      </DateField>
    </I18nProvider>
  );
}

/**
 * While the segments show a complete but impossible day (a day past the month's last), says so
 * (role alert) and tells the field what was typed; `refused` once the field left it.
 */
function ImpossibleDay({ seen, refused }: { seen: (typed: string | undefined) => void; refused: string | undefined }) {
  const { t } = useTranslation();
  const state = useContext(DateFieldStateContext);
  const segments = state?.segments.filter((segment) => segment.isEditable) ?? [];
  const [year, month, day] = (['year', 'month', 'day'] as const).map((type) => segments.find((segment) => segment.type === type)?.value);
  const complete = segments.length > 0 && segments.every((segment) => !segment.isPlaceholder);
  // The segments' own limit is 31 whatever the month: the month's last day comes from the calendar.
  const typed = complete && year != null && month != null && day != null && day > endOfMonth(new CalendarDate(year, month, 1)).day ? state?.segments.map((segment) => segment.text).join('') : undefined;
  seen(typed);
  return typed && !refused ? (
    <span className="field-error" role="alert">
      {t('errors.impossibleDate', { date: typed })}
    </span>
  ) : null;
}

/**
 * While some parts of the day are filled and others cleared, drops the day the field still holds
 * (`taken`): React Aria keeps the last whole day, and tells no change, until every part is filled.
 */
function PartialDay({ taken, drop }: { taken: boolean; drop: () => void }) {
  const state = useContext(DateFieldStateContext);
  const segments = state?.segments.filter((segment) => segment.isEditable) ?? [];
  const partial = segments.some((segment) => segment.isPlaceholder) && segments.some((segment) => !segment.isPlaceholder);
  useEffect(() => {
    if (partial && taken) drop();
  }, [partial, taken, drop]);
  return null;
}
