import { CodedError, ERROR_CATALOGUE } from '../contract/errors';

/** The user-facing text of an error: the catalogue's message for its code, in the page's language. */
export function errorText(err: unknown, lang: string): string {
  const code = err instanceof CodedError ? err.code : 'INTERNAL';
  const entry = ERROR_CATALOGUE[code];
  return lang === 'en' ? entry.en : entry.zh;
}
