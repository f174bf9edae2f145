import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ComboBox, FieldError, I18nProvider, Input, Label, ListBox, ListBoxItem, Popover, Text, useFilter } from 'react-aria-components';
import { fieldProblem } from './validity';

export interface ComboFieldProps {
  readonly label: string;
  readonly hint?: string;
  /** The chosen option's value, or '' when none. */
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  /** Each text typed (a caller may look an exact id up with it). */
  readonly onInputChange?: (text: string) => void;
  /** Shown in the open list when nothing matches what was typed. */
  readonly emptyText: string;
  /** Shown in the empty field (a filter: what empty means). */
  readonly placeholder?: string;
  readonly required?: boolean;
  readonly name?: string;
  /** The app's locale: the texts React Aria adds itself (the list button's name) follow it. */
  readonly locale: string;
}

/**
 * A person picked by name from a list (issue 11: no 12-digit id to copy): React Aria's combo box
 * (ARIA combobox pattern: type to filter, arrow keys, Enter, Escape), loaded on the screens that
 * have one only. An option matches what is typed by its name (accents and case ignored) or by the
 * start of its id; the chosen one shown alone in the field lists all again. A required one left
 * empty says so in the app's language when the form is sent.
 */
export default function ComboField({ label, hint, value, onChange, options, onInputChange, emptyText, placeholder, required, name, locale }: ComboFieldProps) {
  const { t } = useTranslation();
  const { contains } = useFilter({ sensitivity: 'base' });
  const [typed, setTyped] = useState<string>();
  const chosen = options.find((option) => option.value === value);
  const query = typed === undefined || typed === chosen?.label ? '' : typed.trim();
  const shown = query ? options.filter((option) => contains(option.label, query) || option.value.startsWith(query)) : options;
  return (
    <I18nProvider locale={locale}>
      <ComboBox
        className="field combo"
        items={shown}
        value={value || null}
        onChange={(key) => onChange(key === null ? '' : String(key))}
        onInputChange={(text) => {
          setTyped(text);
          onInputChange?.(text);
        }}
        isRequired={required}
        name={name}
        menuTrigger="focus"
        allowsEmptyCollection
      >
        <Label className="field-label">{label}</Label>
        <div className="combo-input">
          <Input placeholder={placeholder} />
          <Button className="combo-toggle">▾</Button>
        </div>
        {hint && (
          <Text slot="description" className="hint">
            {hint}
          </Text>
        )}
        {/* React Aria shows its check as of the last commit (leaving the field, sending the form):
            a person just picked would still be "required" until the field is left. */}
        {!value && <FieldError className="field-error">{({ validationDetails }) => fieldProblem(t, validationDetails)}</FieldError>}
        <Popover className="combo-popover">
          <ListBox className="combo-list" renderEmptyState={() => <span className="combo-empty">{emptyText}</span>}>
            {(option: { value: string; label: string }) => (
              <ListBoxItem id={option.value} textValue={option.label} className="combo-option">
                {option.label}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
    </I18nProvider>
  );
}
