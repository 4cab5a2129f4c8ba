import { describe, expect, it } from 'vitest';
import { format, localeFromTag } from './i18n.ts';

describe('languages', () => {
  it('defaults to Simplified Chinese, and reads Traditional and English from tags and LANG values', () => {
    expect(localeFromTag(undefined)).toBe('zh-Hans');
    expect(localeFromTag('C.UTF-8')).toBe('zh-Hans');
    expect(localeFromTag('zh_CN.UTF-8')).toBe('zh-Hans');
    expect(localeFromTag('zh_TW.UTF-8')).toBe('zh-Hant');
    expect(localeFromTag('zh-HK')).toBe('zh-Hant');
    expect(localeFromTag('zh-Hant-TW')).toBe('zh-Hant');
    expect(localeFromTag('en-US')).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const message = { 'zh-Hans': '第 {line} 行', 'zh-Hant': '第 {line} 行', en: 'line {line} {other}' };
    expect(format(message, 'en', { line: 7 })).toBe('line 7 {other}');
    expect(format(message, 'zh-Hant', { line: 7 })).toBe('第 7 行');
  });
});
