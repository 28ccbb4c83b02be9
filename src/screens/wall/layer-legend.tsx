import { useTranslation } from 'react-i18next';
import { LAYER_IDS, type LayerId } from '../../map/layer-binding';

/**
 * The map's legend, which is also its layer switch (mouse or touch on the wall PC; `layers=` in the URL
 * for a display nobody touches). Small and translucent in a map corner, so it never covers the city.
 */
export function LayerLegend({
  visible,
  onToggle,
  hidden,
}: {
  visible: ReadonlySet<LayerId>;
  onToggle: (id: LayerId) => void;
  /** Layers not offered at all (safe mode's). */
  hidden?: ReadonlySet<LayerId>;
}) {
  const { t } = useTranslation();
  return (
    <div className="legend" role="group" aria-label={t('legend.label')}>
      {LAYER_IDS.filter((id) => !hidden?.has(id)).map((id) => (
        <button
          key={id}
          type="button"
          className="legend__item"
          data-layer={id}
          aria-pressed={visible.has(id)}
          onClick={() => onToggle(id)}
        >
          <span className="legend__swatch" aria-hidden />
          {t(`layer.${id}`)}
        </button>
      ))}
    </div>
  );
}
