import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Nation } from '../api/types.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { ko } from './ko.js';

// Every string the console shows goes through i18next. Each nation's operators default to their own
// language (JPN -> ja, KOR -> ko, others en); the header's selector switches it for the session.

export const LANGUAGES = ['en', 'ja', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語', ko: '한국어' };

export function defaultLanguage(nation: Nation | undefined): Language {
  if (nation === 'JPN') return 'ja';
  if (nation === 'KOR') return 'ko';
  return 'en';
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ja: { translation: ja }, ko: { translation: ko } },
    lng: 'en',
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show entities.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
