import { useTranslation } from 'react-i18next';
import type { EventStatus, Severity } from '../../contract/event';

/** Severity as China's warning colours: I red … IV blue (filled, the strongest signal in a row). */
export function SeverityChip({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span
      className={`chip chip--sev chip--sev-${severity}`}
      data-severity={severity}
      title={t(`severity.${severity}`)}
    >
      {t(`severityShort.${severity}`)}
    </span>
  );
}

/** Status as an outlined chip in its lifecycle colour (outlined, so it never competes with severity). */
export function StatusChip({ status, testId }: { status: EventStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`chip chip--status chip--status-${status}`} data-status={status} data-testid={testId}>
      {t(`status.${status}`)}
    </span>
  );
}
