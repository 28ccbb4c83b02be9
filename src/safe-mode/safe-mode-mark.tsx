import { useTranslation } from 'react-i18next';
import './safe-mode.css';

/**
 * The operator's cue that safe mode is on, meant to go unnoticed by an audience: a small, faint shield in a corner,
 * no word on it. (The tour's control strip says it in words; the strip is hidden while presenting.)
 */
export function SafeModeMark({ on }: { on: boolean }) {
  const { t } = useTranslation();
  if (!on) return null;
  return (
    <span
      className="safe-mark"
      data-testid="safe-mode-mark"
      role="img"
      aria-label={t('safeMode.on')}
      title={t('safeMode.on')}
    >
      <svg viewBox="0 0 16 16" aria-hidden>
        <path d="M8 1.5l5 2v4c0 3.2-2.2 5.6-5 7-2.8-1.4-5-3.8-5-7v-4z" fill="currentColor" />
      </svg>
    </span>
  );
}
