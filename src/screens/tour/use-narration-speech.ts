import { useEffect } from 'react';
import type { Lang } from '../../i18n';

/**
 * Speaks the narration with the browser's speech synthesis (a zh-CN voice by default, en-US in English) when
 * switched on; a new scene interrupts the last one's sentence. Browsers without the API stay silent.
 */
export function useNarrationSpeech(enabled: boolean, text: string, lang: Lang): void {
  useEffect(() => {
    const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
    if (!synth || !enabled || text === '') return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang === 'en' ? 'en-US' : 'zh-CN';
    u.rate = 0.95;
    synth.cancel();
    synth.speak(u);
    return () => synth.cancel();
  }, [enabled, text, lang]);
}
