import { useTranslation } from 'react-i18next';
import { ACK_KEY, ACTION_KEYS, ACTION_ORDER } from './shortcuts';

/** Every shortcut, always visible at the foot of the console (12-hour shifts: nothing to memorise). */
export function ShortcutLegend() {
  const { t } = useTranslation();
  const keys: [string, string][] = [
    ['J / K', t('console.shortcuts.move')],
    ['/', t('console.shortcuts.search')],
    ['X', t('console.shortcuts.select')],
    ...ACTION_ORDER.filter((a) => ACTION_KEYS[a]).map((a): [string, string] => [
      ACTION_KEYS[a]!,
      t(`console.actions.${a}`),
    ]),
    [ACK_KEY, t('console.actions.acknowledge')],
    ['Esc', t('console.shortcuts.escape')],
  ];
  return (
    <footer className="legend" aria-label={t('console.shortcuts.title')} data-testid="shortcut-legend">
      {keys.map(([k, label]) => (
        <span key={k} className="legend__item">
          <kbd>{k}</kbd>
          {label}
        </span>
      ))}
    </footer>
  );
}
