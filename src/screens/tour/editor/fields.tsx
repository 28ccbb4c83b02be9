import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TourIssue } from '../../../contract/tour';
import { issueText } from './issue-text';

/** A labelled form field with the tour check's issues for it under the input. */
export function Field({
  label,
  issues,
  children,
  hint,
}: {
  label: string;
  issues: readonly TourIssue[];
  children: ReactNode;
  hint?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="tfield" data-invalid={issues.length > 0}>
      <label className="tfield__label">
        <span>{label}</span>
        {children}
      </label>
      {hint && <span className="tfield__hint">{hint}</span>}
      {issues.map((i, k) => (
        <span key={k} className="tfield__error" title={i.message}>
          {issueText(i, t)}
        </span>
      ))}
    </div>
  );
}

/** A number input whose empty value is `undefined` (optional fields) — a required one is then reported missing. */
export function NumberInput({
  value,
  onChange,
  step = 'any',
  name,
}: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  step?: string;
  name: string;
}) {
  return (
    <input
      type="number"
      name={name}
      step={step}
      value={value === undefined || Number.isNaN(value) ? '' : value}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
    />
  );
}

/** A group of checkboxes over a fixed list, keeping the list's order. */
export function Checks<T extends string>({
  options,
  value,
  onChange,
  label,
  name,
}: {
  options: readonly T[];
  value: readonly T[];
  onChange: (v: T[]) => void;
  label: (o: T) => string;
  name: string;
}) {
  return (
    <span className="tchecks">
      {options.map((o) => (
        <label key={o} className="tchecks__item">
          <input
            type="checkbox"
            name={name}
            value={o}
            checked={value.includes(o)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? options.filter((x) => x === o || value.includes(x))
                  : value.filter((x) => x !== o),
              )
            }
          />
          {label(o)}
        </label>
      ))}
    </span>
  );
}
