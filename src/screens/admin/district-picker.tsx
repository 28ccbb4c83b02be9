import { useTranslation } from 'react-i18next';
import { useCity } from '../../api/city';

/** Checkboxes of the city's districts (GB/T 2260), named in the page's language. */
export function DistrictPicker({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const { i18n } = useTranslation();
  const city = useCity();
  return (
    <div className="district-picker" role="group">
      {(city.data?.districts ?? []).map((d) => (
        <label key={d.code} className="district-picker__item">
          <input
            type="checkbox"
            value={d.code}
            checked={value.includes(d.code)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, d.code] : value.filter((c) => c !== d.code))
            }
          />
          {i18n.language === 'en' ? d.nameEn : d.name}
        </label>
      ))}
    </div>
  );
}

/** A district list as names ("全市" when null). */
export function useDistrictNames(): (codes: string[] | null) => string {
  const { t, i18n } = useTranslation();
  const city = useCity();
  return (codes) => {
    if (codes === null) return t('admin.allDistricts');
    const names = new Map(
      (city.data?.districts ?? []).map((d) => [d.code, i18n.language === 'en' ? d.nameEn : d.name]),
    );
    return codes.map((c) => names.get(c) ?? c).join('、');
  };
}
