import { describe, expect, it } from 'vitest';
import { fill, format, localeFromTag, type PlaceholdersIn } from './i18n.ts';

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

  it('types the placeholders of a catalogue declared as const', () => {
    const missing = {
      'zh-Hans': '{clause} 缺少 {n}',
      'zh-Hant': '{clause} 缺少 {n}',
      en: '{clause} lacks {n}',
    } as const;
    const names: PlaceholdersIn<'{a} and {b}, not { c } nor {}'>[] = ['a', 'b'];
    expect(names).toEqual(['a', 'b']);
    // @ts-expect-error: {n} is missing
    expect(format(missing, 'zh-Hans', { clause: 3 })).toBe('3 缺少 {n}');
    // @ts-expect-error: no parameters at all
    expect(format(missing, 'en')).toBe('{clause} lacks {n}');
    expect(format(missing, 'en', { clause: '1.2.3', n: 2 })).toBe('1.2.3 lacks 2');
    // @ts-expect-error: {count} is missing
    expect(fill('还有 {count} 个', {})).toBe('还有 {count} 个');
    expect(fill('没有占位符')).toBe('没有占位符');
    const text: string = '{x}';
    expect(fill(text, { y: 1 })).toBe('{x}');
  });
});
