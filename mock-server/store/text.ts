const NUL = String.fromCharCode(0);

/**
 * PostgreSQL `text` cannot hold the NUL character (SQLite can): one NUL in a citizen's text or a vendor's garbage
 * would fail the whole batch's transaction there. Both stores get the same replacement (U+FFFD, the Unicode
 * replacement character) before writing, so they keep answering alike and a hostile record cannot take its
 * neighbours down on either. Values without NUL are returned as they are (no copy).
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') {
    return (value.includes(NUL) ? value.replaceAll(NUL, '\uFFFD') : value) as T;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((v: unknown, i) => {
      const w = withoutNul(v);
      if (w !== v) (copy ??= [...(value as unknown[])])[i] = w;
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const w = withoutNul(v);
      if (w !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = w;
    }
    return (copy ?? value) as T;
  }
  return value;
}
