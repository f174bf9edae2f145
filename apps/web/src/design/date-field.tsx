import { parseDate } from '@internationalized/date';
import { DateField, DateInput, DateSegment, I18nProvider, Label, Text } from 'react-aria-components';

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
 */
export default function LocalDateField({ label, hint, value, onChange, required, name, locale }: DateFieldProps) {
  return (
    <I18nProvider locale={locale}>
      <DateField className="field" value={value ? parseDate(value) : null} onChange={(date) => onChange(date ? date.toString() : '')} isRequired={required} name={name} shouldForceLeadingZeros>
        <Label className="field-label">{label}</Label>
        <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
        {hint && (
          <Text slot="description" className="hint">
            {hint}
          </Text>
        )}
      </DateField>
    </I18nProvider>
  );
}
