import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_LENGTH, MAX_URI_LENGTH, toTemplateMatcher } from '../../verifier/gate/index.js';

function matcher(template: string) {
  const m = toTemplateMatcher(template);
  expect(m, `template ${template} should parse`).toBeDefined();
  return (uri: string) => m?.test(uri) ?? false;
}

function expectMatches(template: string, yes: string[], no: string[]): void {
  const test = matcher(template);
  for (const uri of yes) expect(test(uri), `${template} should match ${uri}`).toBe(true);
  for (const uri of no) expect(test(uri), `${template} should not match ${uri}`).toBe(false);
}

describe('toTemplateMatcher (RFC 6570 levels 1–4, as a gate needs it)', () => {
  it('simple {var}: one path segment, anchored at both ends', () => {
    expectMatches(
      'weather://city/{name}',
      ['weather://city/paris', 'weather://city/New%20York', 'weather://city/', 'weather://city/a,b'],
      [
        'weather://city/a/b',
        'weather://city/a?x=1',
        'weather://city/a#frag',
        'weather://town/paris',
        'xweather://city/paris',
        'weather://city/paris/',
        'weather://city',
      ],
    );
    expectMatches('map://{x,y}/tile', ['map://1,2/tile', 'map:///tile'], ['map://1/2/tile']);
  });

  it('reserved {+var} and fragment {#var}: anything, the fragment after a #', () => {
    expectMatches(
      'file:///{+path}',
      ['file:///a/b/c.txt', 'file:///a?b=1#c', 'file:///'],
      ['file://a', 'file:///a\nb', 'file:///a\u0000'],
    );
    expectMatches('file:///{+path}.json', ['file:///a/b.json'], ['file:///a/b.txt']);
    expectMatches(
      'doc://page{#section}',
      ['doc://page', 'doc://page#intro', 'doc://page#a/b?c'],
      ['doc://pageintro', 'doc://page/intro'],
    );
  });

  it('label {.var} and path segments {/var}', () => {
    expectMatches(
      'file://name{.ext}',
      ['file://name', 'file://name.txt', 'file://name.tar.gz'],
      ['file://namex', 'file://name.txt/x', 'file://name.a?b'],
    );
    expectMatches(
      'repo://x{/segments*}',
      ['repo://x', 'repo://x/a', 'repo://x/a/b/c', 'repo://x/a//c'],
      ['repo://xa', 'repo://x/a?b', 'repo://x/a#b'],
    );
    expectMatches('repo://{owner}{/repo,branch}/tree', ['repo://me/r/main/tree', 'repo://me/tree'], []);
  });

  it('path parameters {;var}: only the named parameters, unless exploded', () => {
    expectMatches(
      'map://m{;x,y}',
      ['map://m', 'map://m;x=1', 'map://m;x=1;y=2', 'map://m;x', 'map://m;y=2;x=1'],
      ['map://m;z=1', 'map://m;x=1/2', 'map://m;x=1?q', 'map://mx=1'],
    );
    expectMatches('map://m{;keys*}', ['map://m;a=1;b=2', 'map://m'], ['map://m;=1', 'map://m;a=1/b']);
  });

  it('form query {?var,…} and continuation {&var}: name=value pairs of the named variables', () => {
    expectMatches(
      'search://s{?q,lang}',
      [
        'search://s',
        'search://s?q=cats',
        'search://s?q=cats&lang=en',
        'search://s?lang=en&q=x',
        'search://s?q=',
        'search://s?q=a/b',
      ],
      [
        'search://s?other=1',
        'search://s?q',
        'search://s?q=1&x=2',
        'search://s?q=1#frag',
        'search://s?',
        'search://s&q=1',
      ],
    );
    expectMatches(
      'search://s?fixed=1{&page}',
      ['search://s?fixed=1', 'search://s?fixed=1&page=2', 'search://s?fixed=1&page=2&page=3'],
      ['search://s?fixed=1&other=2', 'search://s?fixed=2'],
    );
    expectMatches('x://y{?params*}', ['x://y?a=1&b=2', 'x://y'], ['x://y?a', 'x://y?=1']);
    expectMatches('x://y{?list:3}', ['x://y?list=abc'], ['x://y?lst=abc']);
  });

  it('escapes literal parts: RegExp metacharacters match only themselves', () => {
    expectMatches(
      'a.b+c://(x)[y]^$|\\*?{z}',
      ['a.b+c://(x)[y]^$|\\*?val'],
      ['aXb+c://(x)[y]^$|\\*?val', 'a.bbc://(x)[y]^$|\\*?val', 'a.b+c://x[y]^$|\\*?val'],
    );
    expectMatches('static://exact', ['static://exact'], ['static://exactly', 'static://exac']);
  });

  it('an unparseable template matches nothing', () => {
    for (const template of [
      '{',
      'x://{a',
      'x://a}',
      'x://{}',
      'x://{+}',
      'x://{=a}',
      'x://{!a}',
      'x://{@a}',
      'x://{|a}',
      'x://{a b}',
      'x://{a:0}',
      'x://{a:10000}',
      'x://{a*b}',
      'x://{{a}}',
      'x://{a.}',
      'x://{a,}',
      `x://${'y'.repeat(MAX_TEMPLATE_LENGTH)}`,
    ]) {
      expect(toTemplateMatcher(template), template).toBeUndefined();
    }
  });

  it('refuses oversized URIs, and answers near-misses without backtracking', () => {
    expect(matcher('x://{+all}')(`x://${'a'.repeat(MAX_URI_LENGTH)}`)).toBe(false);
    // a backtracking RegExp for this template needs minutes for this input; the NFA answers at once
    const nearMiss = `x://${'-'.repeat(MAX_URI_LENGTH - 10)}/`;
    expect(matcher('x://{a}-{b}-{c}')(nearMiss)).toBe(false);
    expect(matcher('x://{+a}/{+b}/{+c}/{+d}')(`x://${'/'.repeat(MAX_URI_LENGTH - 10)}`)).toBe(true);
  });
});
