import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recoverWallSession, useSession } from '../../api/auth';
import { useCity } from '../../api/city';
import {
  useConsoleConfig,
  useCounts,
  useEventDetail,
  useLiveConsoleInvalidation,
  useQueue,
} from '../../api/console';
import { connectLive, setViewing } from '../../live/socket-client';
import { useNow } from '../../live/use-now';
import { AlarmStrip } from './alarm-strip';
import { ConsoleHeader } from './console-header';
import { ActionDialog } from './detail/action-dialog';
import { DetailPane } from './detail/detail-pane';
import { BatchBar } from './queue/batch-bar';
import { DEFAULT_FILTER, toParams, type QueueFilter } from './queue/queue-filter';
import { QueueTable } from './queue/queue-table';
import { QueueToolbar } from './queue/queue-toolbar';
import { SavedViews } from './queue/saved-views';
import { ShortcutLegend } from './shortcut-legend';
import { useActionRunner } from './use-action-runner';
import { useConsoleKeys } from './use-console-keys';
import './console.css';

/**
 * `/console`: the duty officer's queue and event detail. Server state (queue, detail, counts) comes from
 * TanStack Query; the live stream (events deltas) invalidates it, so every console sees every change without
 * polling, and presence shows who has which event open. Keyboard first (shortcuts shown at the foot).
 */
export function ConsoleScreen() {
  const { t } = useTranslation();
  const city = useCity();
  const me = useSession().data?.me;
  const config = useConsoleConfig();
  const now = useNow();
  const [filter, setFilter] = useState<QueueFilter>(DEFAULT_FILTER);
  const params = useMemo(() => toParams(filter), [filter]);
  const queue = useQueue(params);
  const counts = useCounts();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const detail = useEventDetail(selectedId);
  const runner = useActionRunner(detail.data);
  const searchRef = useRef<HTMLInputElement>(null);
  const items = useMemo(() => queue.data?.items ?? [], [queue.data]);

  useEffect(
    () => connectLive({ topics: ['events', 'cameras', 'warnings'], onAuthLost: recoverWallSession }),
    [],
  );
  useLiveConsoleInvalidation();
  useEffect(() => {
    setViewing(selectedId);
  }, [selectedId]);
  useEffect(() => () => setViewing(null), []);
  // Readiness for tests and monitoring: the first queue page is shown.
  useEffect(() => {
    document.documentElement.dataset['ready'] = String(queue.isSuccess);
  }, [queue.isSuccess]);

  const move = useCallback(
    (delta: 1 | -1) => {
      if (items.length === 0) return;
      const i = items.findIndex((e) => e.id === selectedId);
      const next = i < 0 ? 0 : Math.min(items.length - 1, Math.max(0, i + delta));
      setSelectedId(items[next]!.id);
    },
    [items, selectedId],
  );
  const toggle = useCallback((id: string) => {
    setChecked((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const checkedItems = useMemo(
    () => items.filter((e) => checked.has(e.id)).map((e) => ({ id: e.id, version: e.version })),
    [items, checked],
  );

  useConsoleKeys({
    suspended: runner.dialog !== null,
    move,
    focusSearch: () => searchRef.current?.focus(),
    toggleCheck: () => selectedId && toggle(selectedId),
    action: (a) => runner.request(a, checkedItems.length > 0 ? checkedItems : null),
    acknowledge: runner.acknowledge,
  });

  if (!city.data)
    return <p className="console-wait">{city.isError ? t('errors.loadCity') : t('console.loading')}</p>;
  const total = queue.data?.totalCapped
    ? t('console.totalCapped', { n: queue.data.total })
    : t('console.total', { n: queue.data?.total ?? 0 });
  return (
    <div className="console">
      <ConsoleHeader title={t('console.title')} active="console" />
      <section className="console__queue" aria-label={t('console.queue')}>
        <AlarmStrip onOpen={setSelectedId} />
        <QueueToolbar
          filter={filter}
          onChange={setFilter}
          counts={counts.data}
          city={city.data}
          searchRef={searchRef}
        />
        <SavedViews filter={filter} onApply={setFilter} />
        {checked.size > 0 && (
          <BatchBar
            count={checkedItems.length}
            busy={runner.busy}
            onAction={(a) => runner.request(a, checkedItems)}
            onClear={() => setChecked(new Set())}
          />
        )}
        <div className="console__table">
          <QueueTable
            items={items}
            selectedId={selectedId}
            checked={checked}
            onSelect={setSelectedId}
            onToggle={toggle}
            city={city.data}
            now={now}
            meId={me?.principal.id}
          />
          {queue.isSuccess && items.length === 0 && (
            <p className="muted console__empty">{t('console.empty')}</p>
          )}
        </div>
        <p className="console__total" data-testid="queue-total">
          {total}
        </p>
      </section>
      <section className="console__detail">
        {detail.data ? (
          <DetailPane
            detail={detail.data}
            city={city.data}
            config={config.data}
            now={now}
            meId={me?.principal.id}
            busy={runner.busy}
            conflict={runner.conflict}
            onDismissConflict={runner.dismissConflict}
            onAction={(a) => runner.request(a)}
            onAcknowledge={runner.acknowledge}
            onOpen={setSelectedId}
            onSplit={(id) => detail.data && runner.send('split', { eventIds: [id] })}
          />
        ) : (
          <p className="muted console__pick">{t('console.pickEvent')}</p>
        )}
      </section>
      {runner.toast && (
        <p
          className={`toast toast--${runner.toast.kind}`}
          role="status"
          data-testid="toast"
          data-code={runner.toast.code}
        >
          {runner.toast.text}
        </p>
      )}
      <ShortcutLegend />
      {runner.dialog && (
        <ActionDialog
          action={runner.dialog.action}
          detail={runner.dialog.batch ? null : (detail.data ?? null)}
          config={config.data}
          count={runner.dialog.batch?.length ?? 1}
          onSubmit={runner.submitDialog}
          onCancel={runner.cancelDialog}
        />
      )}
    </div>
  );
}
