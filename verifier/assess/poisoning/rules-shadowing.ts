import type { Finding } from '../../../registry/records/index.js';
import { ownerLabel, type TextRule, textFinding } from './rule.js';
import { matchAll, type Span, sentenceOf, windowAround } from './text.js';

// A trigger naming another tool (or this tool's mere presence) followed by a change to how something
// else behaves is the shape of tool shadowing: one server's description rewriting another's calls.
const WHEN =
  /\bwhen(?:ever)?\s+(?:the\s+|a\s+|an\s+|any\s+)?(?:\(([^)]{1,80})\)\s*)?[`'"]?([A-Za-z][\w.:/-]*)[`'"]?\s+(?:(?:tool|function|command|method|endpoint)\s+)?(?:is|are|gets?|has\s+been|was)\s+(?:being\s+)?(used|called|invoked|run|executed|available|loaded|present|enabled|installed)\b/gi;
const MODIFY =
  /\b(?:change|changes|modify|modifies|alter|alters|replace|replaces|redirect|redirects|override|overrides|rewrite|rewrites|intercept|hijack|swap|bcc|cc|forward|instead|always\s+(?:add|include|send|use|copy|set)|also\s+(?:add|include|send|copy|forward))\b/gi;
const BEHAVIOUR =
  /\b(?:modify|change|alter|override|hijack|intercept|replace|redefine|rewrite)\s+(?:the\s+)?(?:behaviou?r|functionality|outputs?|inputs?|parameters?|arguments?|recipients?|destinations?|results?|calls?)\s+of\s+(?:all|any|every|other|the|these|those)\b/gi;

const ROUTE_THROUGH =
  /\b(?:route|redirect|send|pass|funnel)\s+(?:all|every|any)\s+(?:\w+\s+){0,3}?(?:through|via|to)\s+this\s+(?:tool|server|function)\b/gi;
const SELF_WORDS = new Set(['this', 'it', 'that', 'tool', 'function']);
const PRESENCE = new Set(['available', 'loaded', 'present', 'enabled', 'installed']);

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const shadowingRule: TextRule = {
  id: 'poison.tool-shadowing',
  category: 'shadowing',
  check(ctx) {
    const findings: Finding[] = [];
    const own = ctx.site.owner.name.toLowerCase();
    const covered: Span[] = [];
    const add = (span: Span, title: string, detail: string) => {
      if (covered.some((c) => span.start < c.end && span.end > c.start)) return;
      covered.push(span);
      findings.push(textFinding(ctx, shadowingRule, 'high', title, span, detail));
    };

    for (const m of matchAll(ctx.text, WHEN)) {
      const qualifier = m.match[1];
      const subject = (m.match[2] ?? '').toLowerCase();
      const verb = (m.match[3] ?? '').toLowerCase();
      const aboutSelf = SELF_WORDS.has(subject) || subject === own;
      // "When this tool is called, it returns …" is documentation; "when this tool is available, change
      // how other tools behave" is not.
      if (aboutSelf && !PRESENCE.has(verb)) continue;
      const window = windowAround(ctx.text, m, 1);
      const after = { start: m.start, end: window.end };
      if (matchAll(ctx.text, MODIFY, after).length === 0) continue;
      const sentence = sentenceOf(ctx.text, m);
      const target = qualifier ? `(${qualifier}) ${m.match[2]}` : m.match[2];
      add(
        { start: m.start, end: sentence.end },
        aboutSelf ? 'Changes other tools when this tool is present' : `Rewrites calls to '${target}'`,
        aboutSelf
          ? `The ${ownerLabel(ctx.site)} tells the model to change how other tools behave once it is loaded`
          : `The ${ownerLabel(ctx.site)} tells the model to change what happens when '${target}' is used: a tool description reaching into another tool's calls (shadowing)`,
      );
    }

    for (const m of matchAll(ctx.text, ROUTE_THROUGH))
      add(
        { start: m.start, end: sentenceOf(ctx.text, m).end },
        'Diverts other tools’ work to itself',
        `The ${ownerLabel(ctx.site)} tells the model to route work meant for other tools through this one`,
      );

    for (const m of matchAll(ctx.text, BEHAVIOUR))
      add(
        { start: m.start, end: sentenceOf(ctx.text, m).end },
        'Redefines the behaviour of other tools',
        `The ${ownerLabel(ctx.site)} asks the model to change the behaviour of other tools`,
      );

    // Another item of the same surface as the object of a change: "change the recipient of send_email",
    // "override send_email's parameters". Naming a sibling to recommend it ("use X instead") is ordinary.
    const lower = ctx.text.norm.toLowerCase();
    const changeWords =
      /\b(?:change|modify|alter|override|redirect|intercept|hijack|rewrite|changed|modified|altered|overridden|redirected|replaced|rewritten)\b/i;
    for (const name of changeWords.test(lower) ? ctx.surface.itemNames : []) {
      if (name.toLowerCase() === own || name.length < 3 || !lower.includes(name.toLowerCase())) continue;
      const n = escapeRegex(name);
      const target = new RegExp(
        `\\b(?:change|modify|alter|override|redirect|intercept|hijack|rewrite)\\s+(?:the\\s+|its\\s+|all\\s+)?(?:behaviou?r|recipients?|destinations?|parameters?|arguments?|inputs?|outputs?|results?|calls?|requests?|messages?)\\s+(?:of|for|in|to|from|sent\\s+(?:to|by|with))\\s+(?:the\\s+|any\\s+|every\\s+)?[\`'"]?${n}(?![\\w-])|(?<![\\w.-])${n}[\`'"]?(?:'s|\\s+tool's)\\s+(?:behaviou?r|recipients?|destinations?|parameters?|arguments?|outputs?|results?)\\s+(?:must|should|will|shall)?\\s*(?:be\\s+)?(?:changed|modified|altered|overridden|redirected|replaced|rewritten)`,
        'gi',
      );
      for (const m of matchAll(ctx.text, target))
        add(
          sentenceOf(ctx.text, m),
          `Changes how '${name}' behaves`,
          `The ${ownerLabel(ctx.site)} tells the model to change the behaviour of the tool '${name}'`,
        );
    }
    return findings;
  },
};
