import type { Finding, Severity } from '../../../registry/records/index.js';
import { ownerLabel, type TextRule, textFinding } from './rule.js';
import { matchAll } from './text.js';

// Tag names that address the model as a privileged author. Matched only as real markup: an opening tag at a
// line or sentence start, or one with a matching closing tag, so `/uploads/<secret>/<file>` is no tag.
const STRONG_TAGS = new Set([
  'system',
  'sys',
  'system_prompt',
  'system-prompt',
  'instructions',
  'instruction',
  'secret',
  'hidden',
  'admin',
  'override',
  'prompt',
  'assistant',
  'developer',
  'tool_instructions',
  'internal',
]);
const WEAK_TAGS = new Set([
  'important',
  'critical',
  'urgent',
  'mandatory',
  'rules',
  'note',
  'warning',
  'context',
]);
const TAG = /<\s*(\/?)\s*([A-Za-z][\w-]*)(?:\s[^<>]*)?>/g;

export const instructionTagRule: TextRule = {
  id: 'poison.instruction-tag',
  category: 'prompt-injection',
  check(ctx) {
    const findings: Finding[] = [];
    const tags = matchAll(ctx.text, TAG);
    const norm = ctx.text.norm;
    for (const open of tags) {
      if (open.match[1] === '/') continue;
      const name = (open.match[2] ?? '').toLowerCase();
      const strong = STRONG_TAGS.has(name);
      if (!strong && !WEAK_TAGS.has(name)) continue;
      const close = tags.find(
        (t) => t.start > open.end && t.match[1] === '/' && (t.match[2] ?? '').toLowerCase() === name,
      );
      const before = norm.slice(Math.max(0, open.start - 1), open.start);
      const standalone = before === '' || /[\s>([{"'`:]/.test(before);
      if (!close && !(standalone && /^\s*$|^\s*[A-Z]/.test(norm.slice(open.end, open.end + 2)))) continue;
      if (before === '/') continue;
      const span = close ? { start: open.start, end: close.end } : open;
      const severity: Severity = strong ? 'high' : 'medium';
      findings.push(
        textFinding(
          ctx,
          instructionTagRule,
          severity,
          `Instruction-like <${open.match[2]}> block`,
          span,
          `The ${ownerLabel(ctx.site)} wraps text in <${open.match[2]}> markup, a pattern used to make injected text read as privileged instructions to the model`,
        ),
      );
    }
    return findings;
  },
};

const HTML_COMMENT = /<!--([\s\S]*?)(?:-->|$)/g;

export const htmlCommentRule: TextRule = {
  id: 'poison.html-comment',
  category: 'hidden-content',
  check(ctx) {
    return matchAll(ctx.text, HTML_COMMENT).map((m) => {
      const body = (m.match[1] ?? '').trim();
      const words = body.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length;
      // A short machine marker (`<!-- ckb:module x -->`) is metadata; prose in a comment is text meant to
      // reach the model without showing in rendered markdown.
      const severity: Severity = words >= 5 ? 'medium' : words >= 1 ? 'low' : 'info';
      return textFinding(
        ctx,
        htmlCommentRule,
        severity,
        'HTML comment in a description',
        m,
        `An HTML comment (${words} word(s)) in the ${ownerLabel(ctx.site)}: invisible where descriptions are rendered as markdown, read in full by the model`,
      );
    });
  },
};

// Role and override markers borrowed from chat templates and jailbreak prompts.
const OVERRIDE_MARKERS = [
  /\b(?:SYSTEM|ADMIN|ADMINISTRATOR|DEVELOPER|ROOT|SUDO|DEBUG|GOD)[ _-]?(?:OVERRIDE|MODE|PROMPT|INSTRUCTIONS?|MESSAGE|COMMAND|DIRECTIVE)\b/g,
  /\|{2,}\s*[A-Z_ ]{3,}\s*\|{2,}/g,
  /\[\/?(?:SYSTEM|INST|ADMIN|SYS)\]/g,
  /<<\/?SYS>>/g,
  /<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>/g,
  /^#{1,4}\s*(?:system|instructions?)\s*:?\s*$/gim,
  /\b(?:new|updated|real|actual|hidden)\s+(?:system\s+)?instructions?\s*:/gi,
];

export const overrideMarkerRule: TextRule = {
  id: 'poison.override-marker',
  category: 'prompt-injection',
  check(ctx) {
    const findings: Finding[] = [];
    for (const re of OVERRIDE_MARKERS)
      for (const m of matchAll(ctx.text, re))
        findings.push(
          textFinding(
            ctx,
            overrideMarkerRule,
            'high',
            'Role or override marker',
            m,
            `The ${ownerLabel(ctx.site)} contains a chat-role or override marker (${JSON.stringify(m.match[0].trim())}) used to pass text off as system or administrator instructions`,
          ),
        );
    return findings;
  },
};

const IGNORE =
  /\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:(?:all|any|the|your|of|these|those|every)\s+){0,3}(?:previous|prior|above|earlier|preceding|former|original|existing|safety|security|system|other)\s+(?:\w+\s+){0,2}?(?:instructions?|guidelines?|rules|prompts?|directions|directives|constraints|polic(?:y|ies)|restrictions|safeguards)\b/gi;

export const ignoreInstructionsRule: TextRule = {
  id: 'poison.ignore-instructions',
  category: 'prompt-injection',
  check(ctx) {
    return matchAll(ctx.text, IGNORE).map((m) =>
      textFinding(
        ctx,
        ignoreInstructionsRule,
        'high',
        'Tells the model to ignore its instructions',
        m,
        `The ${ownerLabel(ctx.site)} tells the model to set aside earlier instructions or safety rules`,
      ),
    );
  },
};

// Attempts to re-define who the model is or what rules it follows from here on.
const ROLE_HIJACK = [
  /\byou\s+are\s+now\s+(?:in\s+)?(?:an?\s+)?(?:\w+\s+){0,2}?(?:mode|dan|unrestricted|jailbroken|unfiltered|uncensored|persona)\b/gi,
  /\b(?:enter|enable|activate|switch\s+to)\s+(?:developer|god|jailbreak|dan|unrestricted|admin)\s+mode\b/gi,
  /\b(?:respond|answer|act|operate|reply)\s+without\s+(?:any\s+)?(?:restrictions|limits|limitations|filters|safety|guardrails|censorship)\b/gi,
  /\bfrom\s+now\s+on,?\s+(?:you|the\s+(?:assistant|model|ai))\s+(?:must|will|shall|should|are|have\s+to)\b/gi,
  /\bact\s+as\s+(?:an?\s+)?(?:unrestricted|jailbroken|unfiltered|uncensored|evil)\b/gi,
  /\bnever\s+refuse\b/gi,
];

export const roleHijackRule: TextRule = {
  id: 'poison.role-hijack',
  category: 'prompt-injection',
  check(ctx) {
    const findings: Finding[] = [];
    for (const re of ROLE_HIJACK)
      for (const m of matchAll(ctx.text, re))
        findings.push(
          textFinding(
            ctx,
            roleHijackRule,
            'high',
            'Tries to redefine the model’s role or rules',
            m,
            `The ${ownerLabel(ctx.site)} tries to change who the model is or which rules it follows`,
          ),
        );
    return findings;
  },
};

const USER = String.raw`(?:the\s+|this\s+|your\s+|any\s+)?(?:end[- ]?)?users?\b`;
const CONCEAL = [
  new RegExp(
    String.raw`\b(?:do\s+not|don'?t|never|without|no\s+need\s+to)\s+(?:\w+\s+){0,2}?(?:tell|telling|inform|informing|mention|mentioning|reveal|revealing|notify|notifying|alert|alerting|disclose|disclosing|show|showing|explain|explaining|let)\s+(?:\w+\s+){0,3}?${USER}`,
    'gi',
  ),
  /\b(?:do\s+not|don'?t|never)\s+(?:\w+\s+){0,2}?(?:mention|reveal|disclose)\s+(?:that|this|these|it|anything)\b/gi,
  /\bwithout\s+(?:the\s+)?users?'?s?\s+(?:knowledge|consent|knowing|noticing|awareness|permission)/gi,
  new RegExp(
    String.raw`\b(?:hide|conceal|keep)\s+(?:this|these|it|that)\s+(?:\w+\s+){0,2}?(?:from\s+${USER}|secret|hidden|confidential)`,
    'gi',
  ),
  new RegExp(String.raw`\b(?:could|would|might|will)\s+(?:upset|alarm|scare|worry|confuse)\s+${USER}`, 'gi'),
  new RegExp(
    String.raw`\b${USER}\s+(?:must|should|need)\s+(?:not|never)\s+(?:know|see|notice|be\s+(?:told|aware|informed))`,
    'gi',
  ),
  /\b(?:silently|secretly|covertly|quietly)\s+(?:\w+\s+){0,2}?(?:send|forward|copy|upload|include|add|change|read|collect|call|run|execute)\b/gi,
];

export const concealRule: TextRule = {
  id: 'poison.conceal-from-user',
  category: 'prompt-injection',
  check(ctx) {
    const findings: Finding[] = [];
    for (const re of CONCEAL)
      for (const m of matchAll(ctx.text, re))
        findings.push(
          textFinding(
            ctx,
            concealRule,
            'high',
            'Tells the model to keep something from the user',
            m,
            `The ${ownerLabel(ctx.site)} asks the model to hide its actions or this text from the user`,
          ),
        );
    return findings;
  },
};

const PRIORITY: Array<{ re: RegExp; severity: Severity; title: string }> = [
  {
    re: /\bbefore\s+(?:using|calling|invoking|running|executing)\s+(?:any|all|every)\s+(?:other\s+)?tools?\b/gi,
    severity: 'low',
    title: 'Demands to run before every other tool',
  },
  {
    re: /\b(?:these|this|the\s+following|my)\s+instructions?\s+(?:take|takes|have|has)\s+(?:priority|precedence)|\b(?:supersedes?|overrides?)\s+(?:all\s+)?(?:other|previous|prior)\s+(?:instructions?|tools?|rules)|\b(?:supersedes?|replaces?|overrides?)\s+the\s+[`'"]?[\w.-]+[`'"]?\s+tool\b/gi,
    severity: 'medium',
    title: 'Claims priority over other instructions',
  },
];

export const priorityRule: TextRule = {
  id: 'poison.priority-hijack',
  category: 'prompt-injection',
  check(ctx) {
    const findings: Finding[] = [];
    for (const p of PRIORITY)
      for (const m of matchAll(ctx.text, p.re))
        findings.push(
          textFinding(
            ctx,
            priorityRule,
            p.severity,
            p.title,
            m,
            `The ${ownerLabel(ctx.site)} tries to order the model's use of tools`,
          ),
        );
    return findings;
  },
};

// Pressure phrases: alone they are bad style, together with other signals they are manipulation.
const COERCION = [
  /\botherwise\s+(?:the|this)\s+(?:tool|server|system)\s+(?:will|would|may|might)\s+(?:not|fail|crash|break)/gi,
  /\b(?:the\s+)?(?:system|server|app|application|tool|computer)\s+will\s+(?:crash|fail|break|be\s+compromised)/gi,
  /\b(?:all\s+)?(?:the\s+)?(?:user'?s?\s+)?data\s+will\s+be\s+(?:lost|deleted|destroyed|corrupted)/gi,
  /\b(?:VERY\s+){2,}IMPORTANT\b|\bEXTREMELY\s+IMPORTANT\b/g,
];

export const coercionRule: TextRule = {
  id: 'poison.coercion',
  category: 'prompt-injection',
  check(ctx) {
    const findings: Finding[] = [];
    for (const re of COERCION)
      for (const m of matchAll(ctx.text, re))
        findings.push(
          textFinding(
            ctx,
            coercionRule,
            'low',
            'Pressure or threat aimed at the model',
            m,
            `The ${ownerLabel(ctx.site)} uses threats or urgency to push the model`,
          ),
        );
    return findings;
  },
};
