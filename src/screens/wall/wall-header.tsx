import { TZDate } from '@date-fns/tz';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../../i18n';
import { useConnection } from '../../live/use-live';
import { useNow } from '../../live/use-now';
import { isSoundEnabled, setSoundEnabled } from './alarm-sound';

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = {
  'zh-CN': ['日', '一', '二', '三', '四', '五', '六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

export function WallHeader({
  cityName,
  districtName,
  timezone,
}: {
  cityName: string;
  districtName: string | null;
  timezone: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en' ? 'en' : 'zh-CN') as Lang;
  const status = useConnection((s) => s.status);
  const lastError = useConnection((s) => s.lastError);
  const [sound, setSound] = useState(isSoundEnabled);
  const d = new TZDate(useNow(), timezone);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const weekday = lang === 'en' ? WEEKDAYS.en[d.getDay()] : `星期${WEEKDAYS['zh-CN'][d.getDay()]}`;
  return (
    <header className="wall-header">
      <div className="wall-header__brand">
        <h1 className="wall-header__title">{t('app.title')}</h1>
        <span className="wall-header__city">
          {cityName}
          {districtName && <span className="wall-header__district"> · {districtName}</span>}
        </span>
      </div>
      <div className="wall-header__right">
        <span className="wall-header__status" data-status={status} title={lastError ?? undefined}>
          <span className="wall-header__status-dot" aria-hidden />
          {t(`connection.${status}`)}
        </span>
        <time className="wall-header__clock" dateTime={d.toISOString()}>
          <span className="wall-header__time">
            {pad(d.getHours())}:{pad(d.getMinutes())}:{pad(d.getSeconds())}
          </span>
          <span className="wall-header__date">
            {date} {weekday}
          </span>
        </time>
        <button
          type="button"
          className="wall-header__button"
          aria-pressed={sound}
          data-sound={sound ? 'on' : 'off'}
          onClick={() => {
            setSoundEnabled(!sound);
            setSound(!sound);
          }}
        >
          {sound ? t('alarm.soundOn') : t('alarm.soundOff')}
        </button>
        <button
          type="button"
          className="wall-header__button"
          aria-label={t('language.label')}
          onClick={() => void setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t('language.switchTo')}
        </button>
      </div>
    </header>
  );
}
