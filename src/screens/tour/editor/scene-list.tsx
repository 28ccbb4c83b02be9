import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../i18n';
import type { SceneInput, TourIssue } from '../../../contract/tour';

/** The tour's scenes in order: pick one to edit, move it, copy it, drop it; scenes with issues say how many. */
export function SceneList({
  scenes,
  selected,
  issues,
  lang,
  onSelect,
  onMove,
  onDuplicate,
  onRemove,
  onAdd,
}: {
  scenes: readonly SceneInput[];
  selected: number;
  issues: ReadonlyMap<number, TourIssue[]>;
  lang: Lang;
  onSelect(i: number): void;
  onMove(from: number, to: number): void;
  onDuplicate(i: number): void;
  onRemove(i: number): void;
  onAdd(): void;
}) {
  const { t } = useTranslation();
  return (
    <section className="tscenes" aria-label={t('tourEditor.scenes')}>
      <ol className="tscenes__list">
        {scenes.map((s, i) => {
          const n = issues.get(i)?.length ?? 0;
          return (
            <li
              key={i}
              className="tscenes__item"
              data-selected={i === selected}
              data-scene-id={s.id}
              data-issues={n}
            >
              <button
                type="button"
                className="tscenes__pick"
                onClick={() => onSelect(i)}
                aria-current={i === selected}
              >
                <span className="tscenes__n">{i + 1}</span>
                <span className="tscenes__title">{s.title?.[lang] || s.id}</span>
                {n > 0 && (
                  <span className="tscenes__badge" title={t('tourEditor.issueCount', { n })}>
                    {n}
                  </span>
                )}
              </button>
              <span className="tscenes__tools">
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={t('tourEditor.moveUp')}
                  disabled={i === 0}
                  onClick={() => onMove(i, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={t('tourEditor.moveDown')}
                  disabled={i === scenes.length - 1}
                  onClick={() => onMove(i, i + 1)}
                >
                  ↓
                </button>
                <button type="button" className="btn btn--small" onClick={() => onDuplicate(i)}>
                  {/* A word, not a symbol: "⧉" is in neither the served CJK font nor a wall PC's. */}
                  {t('tourEditor.duplicate')}
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={t('tourEditor.remove')}
                  disabled={scenes.length <= 1}
                  onClick={() => onRemove(i)}
                >
                  ×
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn btn--small" onClick={onAdd}>
        {t('tourEditor.add')}
      </button>
    </section>
  );
}
